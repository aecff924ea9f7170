// Options several commands share, defined once so they read and validate the same everywhere.
import { Option } from "commander";

export interface FormatOptions {
  readonly format: "text" | "json";
}

export function formatOption(): Option {
  return new Option("--format <format>", "output format").choices(["text", "json"]).default("text");
}

/** Commands that read a lab's files take --lenient (kubectl's --validate=warn, in effect). */
export interface LenientOptions {
  readonly lenient?: boolean;
}

export function lenientOption(): Option {
  return new Option(
    "--lenient",
    "report unknown fields in the lab's files as warnings, not errors (lab.yaml: strictFields: false)",
  );
}

/** Where a lab's nodes run; runtime-choice.ts opens them (and is loaded only by commands that do). */
export const RUNTIMES = ["netns", "docker"] as const;
