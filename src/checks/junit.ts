// JUnit XML, the format every CI system renders: one testsuite per lab, one testcase per check.
import type { CheckResult } from "../model/lab-file/checks/spec.js";

function escape(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      // XML 1.0 cannot carry most control characters, even escaped; command output may hold some.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
  );
}

export function junitXml(lab: string, results: readonly CheckResult[], totalMs: number): string {
  const failures = results.filter((r) => !r.passed).length;
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="fabric" tests="${results.length}" failures="${failures}" time="${(totalMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${escape(lab)}" tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="${(totalMs / 1000).toFixed(3)}">`,
  ];
  for (const r of results) {
    // Scenario results group by scenario, so CI shows each failover test as one class.
    const classname = r.scenario !== undefined ? `${lab}.scenario.${r.scenario}` : `${lab}.${r.type}`;
    const head = `    <testcase classname="${escape(classname)}" name="${escape(r.name)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
    if (r.passed) {
      lines.push(`${head}/>`);
    } else {
      lines.push(`${head}>`);
      lines.push(
        `      <failure message="${escape(`expected ${r.expected}; saw ${r.observed}`)}" type="${escape(r.type)}">${escape(`expected: ${r.expected}\nobserved: ${r.observed}\nattempts: ${r.attempts}`)}</failure>`,
      );
      lines.push(`    </testcase>`);
    }
  }
  lines.push(`  </testsuite>`, `</testsuites>`, ``);
  return lines.join("\n");
}
