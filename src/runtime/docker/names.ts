// How the docker runtime names and labels what it creates. Names follow containerlab
// (`clab-<lab>-<node>`, or `<node>` alone with `prefix: ""`), so users' habits and scripts carry
// over; labels are what destroy finds leftovers by when the state record is gone.
import { DEFAULT_PREFIX } from "../../model/model.js";
import { checkName } from "../netns/names.js";

export const DOCKER_RUNTIME = "docker";

/** Labels on every container and network a lab creates. */
export const LABEL = {
  lab: "fabric.lab",
  node: "fabric.node",
  /** containerlab's own: `containerlab=<lab>` lets containerlab's tooling see our nodes too. */
  containerlab: "containerlab",
  clabNodeName: "clab-node-name",
} as const;

export function containerName(lab: string, node: string, prefix: string = DEFAULT_PREFIX): string {
  checkName("lab", lab);
  checkName("node", node);
  return prefix === "" ? node : `${prefix}-${lab}-${node}`;
}

/** One Docker network per lab; `fabric-` so it never takes containerlab's shared `clab` name. */
export function networkName(lab: string): string {
  checkName("lab", lab);
  return `fabric-${lab}`;
}

/** The topology's labels first, so they can never overwrite the ones destroy relies on. */
export function containerLabels(
  lab: string,
  node: string,
  user: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    ...user,
    [LABEL.lab]: lab,
    [LABEL.node]: node,
    [LABEL.containerlab]: lab,
    [LABEL.clabNodeName]: node,
  };
}

export function labFilter(lab: string): { label: string[] } {
  return { label: [`${LABEL.lab}=${lab}`] };
}
