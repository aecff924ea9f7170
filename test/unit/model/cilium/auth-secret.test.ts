// authSecretRef → the password of a v1 Secret in kube-system, as Cilium reads it; a Secret that is
// missing, in another namespace, without the key or not base64 is an error with its location.
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { loadCiliumBgpFiles, resolveSpeakers } from "../../../../src/model/cilium/index.js";
import { loadKindCluster } from "../../../../src/model/kind/index.js";
import { parseYaml } from "../../../../src/model/source.js";

const fixture = (p: string): string => fileURLToPath(new URL(`../../../fixtures/${p}`, import.meta.url));
const cluster = loadKindCluster(fixture("kind/valid/seed-cluster.yaml")).cluster;
if (!cluster) throw new Error("seed cluster must load");

const policies = (secret: string): string =>
  [
    "apiVersion: cilium.io/v2",
    "kind: CiliumBGPClusterConfig",
    "metadata: {name: c}",
    "spec:",
    "  bgpInstances:",
    "  - name: i",
    "    localASN: 65010",
    "    peers:",
    "    - name: tor",
    "      peerASN: 65010",
    "      peerAddress: 10.0.0.1",
    "      peerConfigRef: {name: pc}",
    "---",
    "apiVersion: cilium.io/v2",
    "kind: CiliumBGPPeerConfig",
    "metadata: {name: pc}",
    "spec:",
    "  authSecretRef: tor-password",
    ...(secret ? ["---", secret] : []),
  ].join("\n") + "\n";

function resolve(secret: string) {
  const loaded = loadCiliumBgpFiles([parseYaml("bgp.yaml", policies(secret))]);
  const resolved = resolveSpeakers(loaded.resources, cluster!, []);
  const peer = resolved.speakers.get("kind-worker")?.instances[0]?.peers[0];
  return { peer, diagnostics: [...loaded.diagnostics, ...resolved.diagnostics] };
}

describe("authSecretRef", () => {
  it("stringData.password of the Secret in kube-system becomes the peer's password", () => {
    const { peer, diagnostics } = resolve(
      "apiVersion: v1\nkind: Secret\nmetadata: {name: tor-password, namespace: kube-system}\nstringData: {password: s3cret}",
    );
    expect(diagnostics).toEqual([]);
    expect(peer).toMatchObject({ authSecretRef: "tor-password", password: "s3cret" });
  });

  it("data.password is base64-decoded", () => {
    const { peer } = resolve(
      `apiVersion: v1\nkind: Secret\nmetadata: {name: tor-password, namespace: kube-system}\ndata: {password: ${Buffer.from("b64-pass").toString("base64")}}`,
    );
    expect(peer?.password).toBe("b64-pass");
  });

  it("no Secret: one error (not one per node) at authSecretRef, with the Secret to add", () => {
    const { peer, diagnostics } = resolve("");
    expect(peer?.password).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(["cilium-auth-secret-missing"]);
    expect(diagnostics[0]?.location).toMatchObject({ file: "bgp.yaml", line: 18, col: 18 });
    expect(diagnostics[0]?.suggestion).toMatch(/namespace: kube-system/);
  });

  it("a Secret in another namespace is named, as Cilium reads only kube-system", () => {
    const { diagnostics } = resolve(
      "apiVersion: v1\nkind: Secret\nmetadata: {name: tor-password}\nstringData: {password: x}",
    );
    expect(diagnostics[0]?.message).toMatch(/there is one in namespace default/);
  });

  it("a Secret without password, or with data that is not base64, is an error", () => {
    const none = resolve(
      "apiVersion: v1\nkind: Secret\nmetadata: {name: tor-password, namespace: kube-system}\nstringData: {user: x}",
    );
    expect(none.diagnostics.map((d) => d.code)).toEqual(["cilium-auth-secret-no-password"]);
    const bad = resolve(
      "apiVersion: v1\nkind: Secret\nmetadata: {name: tor-password, namespace: kube-system}\ndata: {password: '!!'}",
    );
    expect(bad.diagnostics.map((d) => d.code)).toContain("cilium-secret-base64");
  });
});
