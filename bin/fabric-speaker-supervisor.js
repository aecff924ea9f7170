#!/usr/bin/env node
// What a lab's deploy starts: keeps the lab's speaker host (fabric-speaker-host.js beside this
// file) running, restarting it after a crash (src/k8s/speaker/supervisor/).
import { fileURLToPath } from "node:url";
import { main } from "../dist/k8s/speaker/supervisor/main.js";

const hostBin = fileURLToPath(new URL("./fabric-speaker-host.js", import.meta.url));
process.exitCode = await main(process.argv.slice(2), hostBin);
