import { describe, expect, it } from "vitest";
import type { CommandResult } from "../../../src/host/command.js";
import { failedLines, IpBatcher } from "../../../src/host/ip-batch.js";

/** A runner that records each batch's stdin and answers with what the test scripts. */
function fakeRunner(answer: (stdin: string) => CommandResult = () => ok) {
  const batches: string[] = [];
  return {
    batches,
    run: async (stdin: string) => {
      batches.push(stdin);
      return answer(stdin);
    },
  };
}
const ok: CommandResult = { exitCode: 0, stdout: "", stderr: "" };

describe("IpBatcher", () => {
  it("runs commands asked for in the same turn as one batch, in order", async () => {
    const runner = fakeRunner();
    const batcher = new IpBatcher(runner.run);
    await Promise.all([
      batcher.run(["netns", "attach", "l-a", "10"]),
      batcher.run(["netns", "attach", "l-b", "11"]),
      batcher.run(["link", "add", "name", "x", "type", "veth", "peer", "name", "y"]),
    ]);
    expect(runner.batches).toEqual([
      "netns attach l-a 10\nnetns attach l-b 11\nlink add name x type veth peer name y\n",
    ]);
  });

  it("gathers what is asked while a batch runs into the next one", async () => {
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const batches: string[] = [];
    const batcher = new IpBatcher(async (stdin) => {
      batches.push(stdin);
      if (batches.length === 1) await first;
      return ok;
    });
    const a = batcher.run(["link", "set", "dev", "a", "up"]);
    await new Promise((resolve) => setImmediate(resolve));
    const b = batcher.run(["link", "set", "dev", "b", "up"]);
    const c = batcher.run(["link", "set", "dev", "c", "up"]);
    release();
    await Promise.all([a, b, c]);
    expect(batches).toEqual(["link set dev a up\n", "link set dev b up\nlink set dev c up\n"]);
  });

  it("fails only the callers of the lines ip names, each with its own error", async () => {
    const stderr =
      'Cannot find device "b"\nCommand failed -:2\nRTNETLINK answers: File exists\nCommand failed -:3\n';
    const batcher = new IpBatcher(fakeRunner(() => ({ exitCode: 1, stdout: "", stderr })).run);
    const [a, b, c] = await Promise.allSettled([
      batcher.run(["link", "set", "dev", "a", "up"]),
      batcher.run(["link", "set", "dev", "b", "up"]),
      batcher.run(["link", "add", "name", "c", "type", "dummy"]),
    ]);
    expect(a.status).toBe("fulfilled");
    expect(b).toMatchObject({
      status: "rejected",
      reason: { message: 'ip link set dev b up failed: Cannot find device "b"' },
    });
    expect(c).toMatchObject({
      status: "rejected",
      reason: { code: "host-command-failed", message: expect.stringContaining("File exists") },
    });
  });

  it("fails every caller when ip fails without naming a line, and rejects a bad token before batching", async () => {
    const runner = fakeRunner(() => ({ exitCode: 255, stdout: "", stderr: 'Object "lnk" is unknown' }));
    const batcher = new IpBatcher(runner.run);
    const results = await Promise.allSettled([
      batcher.run(["lnk", "show"]),
      batcher.run(["link", "show"]),
      batcher.run(["link", "set", "dev", "has space", "up"]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(runner.batches).toEqual(["lnk show\nlink show\n"]);
  });
});

describe("failedLines", () => {
  it("pairs each failed line number with the messages printed before it", () => {
    expect(failedLines("Error: x\nmore\nCommand failed -:4\nCommand failed -:5\n")).toEqual(
      new Map([
        [4, "Error: x\nmore"],
        [5, ""],
      ]),
    );
  });
});
