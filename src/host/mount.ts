// /proc/PID/mountinfo parsing, so tests and teardown can see what is mounted where. (A node's
// own mounts are made by its holder as it starts: see unshare.ts.)
import { readFile } from "node:fs/promises";

export interface MountInfo {
  readonly mountId: number;
  readonly parentId: number;
  readonly root: string;
  readonly mountPoint: string;
  readonly fsType: string;
  readonly source: string;
  /** e.g. ["shared:1"], ["master:3"], [] for private. */
  readonly propagation: readonly string[];
}

/** Octal escapes (\040 for space …) as the kernel writes them in mountinfo. */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Parses /proc/PID/mountinfo (proc(5)): optional fields run up to a lone "-". */
export function parseMountInfo(text: string): MountInfo[] {
  const mounts: MountInfo[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const f = line.split(" ");
    const dash = f.indexOf("-");
    if (dash < 6) continue;
    mounts.push({
      mountId: Number(f[0]),
      parentId: Number(f[1]),
      root: unescape(f[3] ?? ""),
      mountPoint: unescape(f[4] ?? ""),
      propagation: f.slice(6, dash),
      fsType: f[dash + 1] ?? "",
      source: unescape(f[dash + 2] ?? ""),
    });
  }
  return mounts;
}

export async function readMountInfo(pid: number | "self" = "self"): Promise<MountInfo[]> {
  return parseMountInfo(await readFile(`/proc/${pid}/mountinfo`, "utf8"));
}
