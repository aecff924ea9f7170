// Integration tests drive the built CLI as a separate process where they must (a deploy killed
// with SIGKILL), so the build must be current before they start.
import { execa } from "execa";

export default async function setup(): Promise<void> {
  await execa("npx", ["tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
}
