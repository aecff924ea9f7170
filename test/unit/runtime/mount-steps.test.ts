import { describe, expect, it } from "vitest";
import type { MountInfo } from "../../../src/host/mount.js";
import { mountSteps } from "../../../src/runtime/netns/dirs.js";
import { carriedMountPoints } from "../../../src/runtime/netns/host-mounts.js";

describe("mountSteps", () => {
  it("carries the host's other filesystems, then the empty private dirs, then the user's binds", () => {
    const steps = mountSteps(
      [
        { path: "/home", directory: true },
        { path: "/etc/resolv.conf", directory: false },
      ],
      [{ target: "/var/run/frr", uid: 100, gid: 101, mode: 0o755 }],
      [
        {
          bind: { source: "/tmp/link.yaml", target: "/etc/app/config.yaml", readOnly: true },
          source: "/srv/config.yaml",
          directory: false,
        },
        {
          bind: { source: "/srv/data", target: "/data", readOnly: false },
          source: "/srv/data",
          directory: true,
        },
      ],
    );
    expect(steps).toEqual([
      // Upper dir 0 is the root overlay's.
      { kind: "overlay", target: "/home", n: 1 },
      // overlayfs takes directories only: a file mounted on its own is shared read-only.
      { kind: "bind", source: "/etc/resolv.conf", target: "/etc/resolv.conf", readOnly: true },
      { kind: "private", target: "/var/run/frr", n: 0, uid: 100, gid: 101, mode: 0o755 },
      { kind: "file", target: "/etc/app/config.yaml" },
      // The canonical source: the node resolves it through the host's tree, symlinks and all.
      { kind: "bind", source: "/srv/config.yaml", target: "/etc/app/config.yaml", readOnly: true },
      { kind: "dir", target: "/data" },
      { kind: "bind", source: "/srv/data", target: "/data", readOnly: false },
    ]);
  });
});

describe("carriedMountPoints", () => {
  const m = (mountPoint: string, fsType: string): MountInfo => ({
    mountId: 0,
    parentId: 0,
    root: "/",
    mountPoint,
    fsType,
    source: "x",
    propagation: [],
  });

  it("keeps real filesystems parents first, and leaves out the kernel's views, namespaces and lab state", () => {
    const points = carriedMountPoints([
      m("/", "ext4"),
      m("/proc", "proc"),
      m("/sys", "sysfs"),
      m("/sys/fs/cgroup", "tmpfs"),
      m("/dev", "devtmpfs"),
      m("/dev/shm", "tmpfs"),
      m("/run", "tmpfs"),
      m("/run/netns/lab-a", "nsfs"),
      m("/run/fabric/lab/a/fs", "tmpfs"),
      m("/home/u/data", "xfs"),
      m("/home", "ext4"),
      m("/srv/odd,name", "ext4"),
      m("/srv/odd,name/below", "ext4"),
      m("/mnt/fuse", "fusectl"),
      m("/mnt/fuse/x", "ext4"),
    ]);
    expect(points).toEqual(["/run", "/home", "/home/u/data"]);
  });

  it("sees only the last mount on a path", () => {
    expect(carriedMountPoints([m("/data", "ext4"), m("/data", "proc")])).toEqual([]);
  });
});
