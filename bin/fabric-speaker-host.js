#!/usr/bin/env node
// `fabric speaker host` without the CLI around it: what a lab's deploy starts.
import { main } from "../dist/bgp/speaker/host/main.js";

process.exitCode = await main(process.argv.slice(2));
