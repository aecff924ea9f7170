// Workload images for a kind cluster. kind nodes run their own containerd, which sees none of the
// host dockerd's images, and a lab's fabric gives the nodes no way out (the seed's exec lines
// route each node's default into the fabric, and fabric's management network is host-only), so
// a kubelet that must pull waits forever. fabric therefore copies every workload image from the
// host's docker into every node (`kind load docker-image`) before the manifests are applied, and
// refuses, before anything exists, what can only end in ErrImagePull:
// - an image the host's docker does not have (nothing to load), and
// - a container whose pull policy is written Always: the kubelet then asks the registry for the
//   digest even when the image is loaded. Always only by default (an image tagged `:latest` or
//   untagged, core/v1 Container.imagePullPolicy) is not refused: pull-policy.ts applies those
//   manifests with IfNotPresent, as kind's quick start asks for loaded images.
import type { Workload } from "../../model/model.js";

/** Each image the workloads run, once, in the order they first appear. */
export function workloadImages(workloads: readonly Workload[]): string[] {
  return [...new Set(workloads.flatMap((w) => (w.image === undefined ? [] : [w.image])))];
}

/** The policy the API server defaults to when the manifest has none. */
export function effectivePullPolicy(image: string, written: string | undefined): string {
  if (written !== undefined) return written;
  return imageTag(image) === "latest" ? "Always" : "IfNotPresent";
}

/**
 * The tag of an image reference, "latest" when it has none. A digest (`@sha256:…`) pins the image
 * whatever its tag says, and Kubernetes defaults it to IfNotPresent too: answered as its digest.
 */
export function imageTag(image: string): string {
  const at = image.indexOf("@");
  if (at >= 0) return image.slice(at + 1);
  const lastSlash = image.lastIndexOf("/");
  const colon = image.indexOf(":", lastSlash + 1);
  return colon < 0 ? "latest" : image.slice(colon + 1);
}

/**
 * `DaemonSet/netshoot (nicolaka/netshoot:latest)` for every workload whose manifest asks for
 * Always in so many words (a defaulted Always is applied as IfNotPresent, see pull-policy.ts).
 */
export function alwaysPulled(workloads: readonly Workload[]): string[] {
  return workloads
    .filter((w) => w.image !== undefined && w.imagePullPolicy === "Always")
    .map((w) => `${w.kind}/${w.name} (${w.image ?? ""})`);
}
