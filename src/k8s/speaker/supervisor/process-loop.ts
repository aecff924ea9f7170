// Supervision for `--speaker-mode process`, where each Kubernetes node runs its own speaker
// process: the speaker runs under a small shell loop in the node that starts it again when it
// exits on its own, as the speaker host's supervisor does for the host (run.ts) and a kubelet for
// a pod, with the same backoff (backoff.ts), and says so in speaker-supervisor.json beside the
// speaker's config (restarts, the last exit), which inspect and `fabric test` read.
//
// A shell, not a Node.js supervisor: one per node, so it must cost next to nothing (a Node.js
// process is ≈ 40 MB; sh is under 1 MB). It lives in the node's pid namespace with the speaker,
// so it is frozen with the node and dies with it. SIGTERM (destroy, `fabric bgp stop`) is passed
// on to the speaker, which sends its Ceases, and the loop then exits without a restart. A speaker
// that exits with status 2 is not restarted: that is its "unusable input" status (an unreadable
// config), which no restart can fix; deploy reports it with the speaker's log.
import { readFileSync } from "node:fs";
import path from "node:path";
import { BACKOFF } from "./backoff.js";

export const LOOP_MARKER = "fabric-speaker-loop";
export const LOOP_STATUS_FILE = "speaker-supervisor.json";
/** The speaker's own exit status for input it cannot use (ExitCode.usage): never restarted. */
export const NO_RESTART_STATUS = 2;

// $1 status file, $2 first delay ms, $3 max delay ms, $4 healthy run s, then the speaker's argv.
// The status file is written whole and renamed, so a reader never sees half of it.
export const LOOP_SCRIPT = `status_file=$1 first=$2 max=$3 healthy=$4
shift 4
restarts=0 crashes=0 stopping= child= last=
trap 'stopping=1; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null' TERM INT
publish() {
  printf '{"phase":"%s","restarts":%d%s}\\n' "$1" "$restarts" "$last" > "$status_file.tmp"
  mv -f "$status_file.tmp" "$status_file"
}
while :; do
  started=$(date +%s)
  "$@" &
  child=$!
  publish running
  code=0
  wait "$child" || code=$?
  while kill -0 "$child" 2>/dev/null; do wait "$child" || code=$?; done
  child=
  [ -n "$stopping" ] && exit "$code"
  ran=$(( $(date +%s) - started ))
  if [ "$ran" -ge "$healthy" ]; then crashes=1; else crashes=$((crashes + 1)); fi
  last=$(printf ',"lastExit":{"code":%d,"at":"%s","ranMs":%d}' "$code" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" $((ran * 1000)))
  if [ "$code" -eq ${NO_RESTART_STATUS} ]; then
    publish exited
    echo "fabric-speaker-loop: the speaker exited with status $code (unusable input): not restarting it" >&2
    exit "$code"
  fi
  delay=$first i=1
  while [ "$i" -lt "$crashes" ] && [ "$delay" -lt "$max" ]; do delay=$((delay * 2)); i=$((i + 1)); done
  [ "$delay" -gt "$max" ] && delay=$max
  restarts=$((restarts + 1))
  publish restarting
  echo "fabric-speaker-loop: the speaker exited with status $code after $ran s; restarting it in $delay ms (restart $restarts)" >&2
  sleep "$((delay / 1000)).$(printf %03d $((delay % 1000)))" &
  wait $! || true
  [ -n "$stopping" ] && exit 0
done
`;

/** The argv that runs `speaker` under the loop. Pure. */
export function supervisedArgv(statusFile: string, speaker: readonly string[]): string[] {
  return [
    "sh",
    "-c",
    LOOP_SCRIPT,
    LOOP_MARKER,
    statusFile,
    String(BACKOFF.firstMs),
    String(BACKOFF.maxMs),
    String(Math.round(BACKOFF.healthyRunMs / 1000)),
    ...speaker,
  ];
}

export function loopStatusFile(configFile: string): string {
  return path.join(path.dirname(configFile), LOOP_STATUS_FILE);
}

export interface LoopStatus {
  /** running: a speaker runs; restarting: waiting out the backoff; exited: given up (status 2). */
  readonly phase: "running" | "restarting" | "exited";
  readonly restarts: number;
  readonly lastExit?: { readonly code: number; readonly at: string; readonly ranMs: number };
}

/** What the loop last wrote; undefined when it wrote nothing (yet) or is not readable. */
export function readLoopStatus(file: string): LoopStatus | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  const s = raw as Partial<LoopStatus> | null;
  if (typeof s !== "object" || s === null || typeof s.restarts !== "number") return undefined;
  if (!["running", "restarting", "exited"].includes(s.phase as string)) return undefined;
  return s as LoopStatus;
}

/** "2 restarts; last exit status 137 at …", for inspect's detail column. */
export function describeLoopStatus(s: LoopStatus): string {
  const restarts = `${s.restarts} restart${s.restarts === 1 ? "" : "s"}`;
  const code = s.lastExit?.code;
  const how = code === undefined ? "" : code > 128 ? `killed by signal ${code - 128}` : `exit status ${code}`;
  return s.lastExit ? `${restarts}; last ${how} at ${s.lastExit.at}` : restarts;
}
