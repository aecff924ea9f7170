// Deploy counts the processes and threads a lab needs against the host's limits before anything
// exists (task-budget.ts), and refuses with the tightest limit's name and the fix.
import { describe, expect, it } from "vitest";
import { loadLab } from "../../../src/model/lab-file/load-lab.js";
import { planDeploy } from "../../../src/lab/plan/plan-deploy.js";
import { checkTaskBudget, estimateLabTasks, TASKS_PER } from "../../../src/lab/task-budget.js";
import { defaultProcessLimit } from "../../../src/util/limit.js";

function referencePlan() {
  const { lab, diagnostics } = loadLab("labs/cilium-bgp");
  if (!lab) throw new Error(JSON.stringify(diagnostics));
  const plan = planDeploy(
    lab,
    { provider: "emulated", speakers: true, mgmtSubnetsInUse: new Set() },
    { ownManagementNetwork: false },
  );
  return { lab, plan };
}

describe("the lab's task estimate", () => {
  it("counts the reference lab's pieces", () => {
    const { lab, plan } = referencePlan();
    const estimate = estimateLabTasks(lab, plan, "host");
    // 3 routers + 4 srv nodes (topology), 4 Kubernetes nodes, 3 pods (the DaemonSet's: not on
    // the tainted control plane), each running a command.
    const fabric = 40 + defaultProcessLimit() * 4;
    expect(estimate.total).toBe(
      14 * TASKS_PER.runtimeNode +
        3 * TASKS_PER.frrRouter +
        3 * TASKS_PER.podCommand +
        TASKS_PER.speakerProcess +
        fabric,
    );
    expect(estimate.parts).toEqual([
      "14 nodes × 1",
      "3 FRR routers × 12",
      "3 pod commands × 2",
      "1 speaker processes × 12",
      `${fabric} for fabric itself`,
    ]);
    // One speaker process per node in process mode.
    expect(estimateLabTasks(lab, plan, "process").total - estimate.total).toBe(3 * TASKS_PER.speakerProcess);
  });
});

describe("checkTaskBudget", () => {
  const estimate = { total: 21_000, parts: ["12354 nodes × 1"] };

  it("lets a lab that fits through", () => {
    expect(() =>
      checkTaskBudget("big", estimate, [{ name: "kernel.pid_max", limit: 4_194_004, inUse: 500 }]),
    ).not.toThrow();
  });

  it("names the tightest limit, its figures and the fix", () => {
    const check = () =>
      checkTaskBudget("big", estimate, [
        { name: "kernel.threads-max", limit: 192_730, inUse: 9_000 },
        { name: "kernel.pid_max", limit: 32_468, inUse: 12_000 },
      ]);
    expect(check).toThrow(
      expect.objectContaining({
        code: "host-task-limit",
        message:
          "lab big needs about 21000 processes and threads (12354 nodes × 1); kernel.pid_max allows 32468 " +
          "and 12000 are in use, so 20468 more can exist. Nothing was created.",
        suggestion: expect.stringContaining("sysctl -w kernel.pid_max=4194304"),
      }),
    );
  });

  it("speaks of a pids cgroup by its file", () => {
    expect(() =>
      checkTaskBudget("big", estimate, [
        { name: "/sys/fs/cgroup/lab.slice/pids.max", limit: 10_000, inUse: 10 },
      ]),
    ).toThrow(
      expect.objectContaining({ suggestion: expect.stringContaining("/sys/fs/cgroup/lab.slice/pids.max") }),
    );
  });
});
