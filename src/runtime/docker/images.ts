// Every node's image, checked before deploy records or creates anything: present, or pulled
// (with the daemon's progress), or the deploy stops naming each node and image it could not
// get. All images are tried, so one run reports every problem.
import { FabricError } from "../../errors.js";
import type { NodeSpec, RuntimeNotes } from "../types.js";
import type { DockerApi, ImageCommand } from "./api.js";

/** Pull progress is a flood of lines; one per image per this many milliseconds is enough. */
const PROGRESS_EVERY_MS = 1_000;

export async function checkImages(
  api: DockerApi,
  specs: readonly NodeSpec[],
  notes: RuntimeNotes,
  now: () => number = Date.now,
): Promise<Map<string, ImageCommand>> {
  const problems: string[] = [];
  const byImage = new Map<string, string[]>();
  for (const spec of specs) {
    if (spec.image === undefined) problems.push(`node ${spec.name}: no image`);
    else byImage.set(spec.image, [...(byImage.get(spec.image) ?? []), spec.name]);
  }
  const found = new Map<string, ImageCommand>();
  for (const [image, nodes] of byImage) {
    const first = nodes[0] ?? image;
    try {
      let command = await api.inspectImage(image);
      if (!command) {
        notes.node(first, `pulling ${image}`);
        let last = 0;
        await api.pullImage(image, (line) => {
          if (now() - last < PROGRESS_EVERY_MS) return;
          last = now();
          notes.node(first, `pulling ${image}: ${line}`);
        });
        command = await api.inspectImage(image);
      }
      if (!command) throw new Error("the pull finished but dockerd does not list the image");
      found.set(image, command);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      for (const node of nodes) {
        problems.push(`node ${node}: image ${image} is not present and could not be pulled: ${reason}`);
      }
    }
  }
  if (problems.length > 0) {
    throw new FabricError(
      "image-unavailable",
      `the docker runtime cannot create every node; nothing was created:\n  ${problems.join("\n  ")}`,
      {
        suggestion:
          "give every node an `image:` that dockerd has or can pull; without a registry, build one locally (scripts/build-images.sh) or `docker load` it",
      },
    );
  }
  return found;
}
