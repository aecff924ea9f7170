// Process control for deploy tests: records which recorded processes destroy stops.
import type { ProcessControl } from "../../src/state/processes.js";

export class FakeProcesses implements ProcessControl {
  readonly stopped: number[] = [];
  async stop(ref: { pid: number }) {
    this.stopped.push(ref.pid);
  }
  async isRunning() {
    return true;
  }
}
