import { describe, expect, it } from "vitest";
import * as cmd from "../../../../src/k8s/kind/commands.js";

const argv = (c: cmd.Command) => [c.file, ...c.args];

describe("kind provider commands", () => {
  it("creates with the user's config as is, naming the cluster and kind's wait", () => {
    expect(argv(cmd.kindCreateCluster("kind", "/labs/x/cluster.yaml", 120))).toEqual([
      "kind",
      "create",
      "cluster",
      "--name",
      "kind",
      "--config",
      "/labs/x/cluster.yaml",
      "--wait",
      "120s",
    ]);
  });

  it("leaves --wait out when told not to wait", () => {
    expect(argv(cmd.kindCreateCluster("k8s", "/c.yaml", 0))).toEqual([
      "kind",
      "create",
      "cluster",
      "--name",
      "k8s",
      "--config",
      "/c.yaml",
    ]);
  });

  it("lists nodes, deletes, and inspects a node container's pid", () => {
    expect(argv(cmd.kindGetNodes("kind"))).toEqual(["kind", "get", "nodes", "--name", "kind"]);
    expect(argv(cmd.kindDeleteCluster("kind"))).toEqual(["kind", "delete", "cluster", "--name", "kind"]);
    expect(argv(cmd.dockerInspectPid("kind-worker"))).toEqual([
      "docker",
      "inspect",
      "-f",
      "{{.State.Pid}}",
      "kind-worker",
    ]);
  });

  it("drives kubectl through the cluster's own context", () => {
    expect(argv(cmd.kubectlGetNodes("lab1"))).toEqual([
      "kubectl",
      "--context",
      "kind-lab1",
      "get",
      "nodes",
      "-o",
      "json",
    ]);
    expect(argv(cmd.kubectlWaitNodesReady("lab1", 90))).toEqual([
      "kubectl",
      "--context",
      "kind-lab1",
      "wait",
      "--for=condition=Ready",
      "nodes",
      "--all",
      "--timeout=90s",
    ]);
    expect(argv(cmd.kubectlApply("lab1", "/m/ds.yaml"))).toEqual([
      "kubectl",
      "--context",
      "kind-lab1",
      "apply",
      "-f",
      "/m/ds.yaml",
    ]);
    expect(argv(cmd.kubectlGetPods("lab1", "default"))).toEqual([
      "kubectl",
      "--context",
      "kind-lab1",
      "get",
      "pods",
      "--namespace",
      "default",
      "-o",
      "json",
    ]);
  });

  it("writes a file inside a node through stdin, never through a shell", () => {
    expect(argv(cmd.dockerWriteFile("kind-worker", cmd.FABRIC_CNI_FILE))).toEqual([
      "docker",
      "exec",
      "-i",
      "kind-worker",
      "tee",
      "/etc/cni/net.d/10-fabric-ptp.conflist",
    ]);
    expect(argv(cmd.dockerMkdir("kind-worker", cmd.CNI_CONF_DIR))).toEqual([
      "docker",
      "exec",
      "kind-worker",
      "mkdir",
      "-p",
      "/etc/cni/net.d",
    ]);
  });

  it("checks and loads workload images, and execs in a pod without a shell", () => {
    expect(argv(cmd.dockerImageInspect("nicolaka/netshoot:latest"))).toEqual([
      "docker",
      "image",
      "inspect",
      "--format",
      "{{.Id}}",
      "nicolaka/netshoot:latest",
    ]);
    expect(argv(cmd.kindLoadImage("kind", "nicolaka/netshoot:latest"))).toEqual([
      "kind",
      "load",
      "docker-image",
      "--name",
      "kind",
      "nicolaka/netshoot:latest",
    ]);
    expect(argv(cmd.kubectlExec("kind", "default", "netshoot-7xk2q", ["sh", "-c", "ip r; exit 3"]))).toEqual([
      "kubectl",
      "--context",
      "kind-kind",
      "exec",
      "--namespace",
      "default",
      "netshoot-7xk2q",
      "--",
      "sh",
      "-c",
      "ip r; exit 3",
    ]);
  });
});
