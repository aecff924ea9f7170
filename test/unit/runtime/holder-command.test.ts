// How a node's holder is started: unshare alone, or through nsenter into the network namespace it
// shares and/or the mount-namespace template it is copied from (runtime/netns/mount-template.ts).
import { describe, expect, it } from "vitest";
import { holderCommand, type HolderStart } from "../../../src/runtime/netns/holder.js";

const base: HolderStart = {
  id: "lab/n",
  hostname: "n",
  stateDir: "/s",
  stage: "/s/stage",
  sizeBytes: 1,
  mounts: [],
};

describe("the holder's command", () => {
  it("is unshare alone for a node of its own", () => {
    expect(holderCommand(base)[0]).toBe("unshare");
  });

  it("enters the template's mount namespace, with its root and cwd, before unsharing", () => {
    const [file, argv] = holderCommand({ ...base, mountTemplatePid: 42 });
    expect(file).toBe("nsenter");
    expect(argv.slice(0, argv.indexOf("--"))).toEqual(["--target", "42", "--mount", "--root", "--wd"]);
    expect(argv[argv.indexOf("--") + 1]).toBe("unshare");
  });

  it("joins the network namespace it shares, from the template too", () => {
    const [, argv] = holderCommand({ ...base, joinNetns: "/run/netns/l-a", mountTemplatePid: 42 });
    expect(argv.slice(0, argv.indexOf("--"))).toEqual([
      "--target",
      "42",
      "--mount",
      "--root",
      "--wd",
      "--net=/run/netns/l-a",
    ]);
    const [, plain] = holderCommand({ ...base, joinNetns: "/run/netns/l-a" });
    expect(plain.slice(0, plain.indexOf("--"))).toEqual(["--net=/run/netns/l-a"]);
  });
});
