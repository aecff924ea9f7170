// How long-running lab operations tell the user what they are doing. The orchestrator only calls
// this interface; the CLI decides between a live view on a terminal and plain lines in CI logs.

export interface Progress {
  /** A lab-wide step ("creating management network"). */
  phase(message: string): void;
  /** A step of one node ("exec 3/8: vtysh …"). */
  node(node: string, message: string): void;
  /** One node has finished its part. */
  nodeDone(node: string, message?: string): void;
  /** A notice shown once ("images are not pulled on the netns runtime"). */
  note(message: string): void;
  /**
   * A count that moves ("sessions", 1800 of 2048 "Established"): shown as one line that changes,
   * not one line per look. Optional: a view without it shows nothing.
   */
  tally?(label: string, done: number, total: number, state: string): void;
}

export const silentProgress: Progress = {
  phase() {},
  node() {},
  nodeDone() {},
  note() {},
};
