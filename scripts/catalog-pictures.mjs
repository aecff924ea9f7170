#!/usr/bin/env node
// Redraws the lab catalog's pictures (labs/README.md): docs/labs/NAME.svg for every lab in its
// table, as `fabric graph labs/NAME --format svg` draws it from the files. Run after `npm run
// build`, whenever a lab's files change; test/unit/docs/lab-catalog.test.ts says when.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const rows = readFileSync("labs/README.md", "utf8").matchAll(/^\| \[([a-z0-9-]+)\]\(\1\/\) \|/gm);
for (const [, name] of rows) {
  const svg = execFileSync(process.execPath, ["bin/fabric.js", "graph", `labs/${name}`, "--format", "svg"]);
  writeFileSync(`docs/labs/${name}.svg`, svg);
  console.log(`docs/labs/${name}.svg`);
}
