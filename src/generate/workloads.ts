// The DaemonSet of a generated lab: one netshoot pod on every node, control plane included, so
// every rack has pods to ping between. Pure.
import { NETSHOOT_IMAGE } from "./topology.js";
import { yamlDocument } from "./yaml-text.js";

export const DAEMONSET = "netshoot";

export function daemonSetYaml(header: readonly string[]): string {
  return yamlDocument(
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: DAEMONSET },
      spec: {
        selector: { matchLabels: { app: DAEMONSET } },
        template: {
          metadata: { labels: { app: DAEMONSET } },
          spec: {
            // The reference lab tolerates only the pre-1.24 `master` taint, so its control plane
            // runs no pod; both spellings here put one on every node.
            tolerations: ["node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"].map(
              (key) => ({ key, operator: "Exists", effect: "NoSchedule" }),
            ),
            containers: [{ name: DAEMONSET, image: NETSHOOT_IMAGE, command: ["sleep", "infinite"] }],
          },
        },
      },
    },
    { header, flowKeys: ["command"] },
  );
}
