// The one duration grammar of fabric, for `--wait 30s` on the command line and `wait: 30s` /
// `sleep: 500ms` in lab files: a non-negative decimal number and an optional unit (ms, s, m).
// A bare number means seconds, as it already does for a YAML number (`wait: 30`).

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;
const MS_PER_UNIT = { ms: 1, s: 1000, m: 60_000 } as const;

/** Milliseconds, or undefined when the text is not a duration (`soon`, `-1s`, `1h`, ``). */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? "s") as keyof typeof MS_PER_UNIT;
  return Number(m[1]) * MS_PER_UNIT[unit];
}
