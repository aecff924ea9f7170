// A one-line description of the machine, printed with every benchmark's figures.
import { cpus, totalmem, release } from "node:os";
import { execFileSync } from "node:child_process";

export function describeMachine() {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  let frr = "frr not installed";
  try {
    frr = execFileSync("dpkg-query", ["-W", "-f", "frr ${Version}", "frr"], { encoding: "utf8" });
  } catch {
    // keep the default
  }
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.version}, ${frr}`;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
