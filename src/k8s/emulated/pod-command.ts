// What a pod runs on the netns runtime. Images are not pulled: a pod runs this host's binaries,
// so a command written for the image must mean the same thing to the host's tools.
//
// The one idiom that does not: `sleep infinite`, which the article's netshoot image accepts (its
// pods show Running) but GNU coreutils rejects ("invalid time interval"), spelling the same thing
// `sleep infinity`. Translating it keeps the pod's meaning (sleep forever); anything else runs
// exactly as written, and a command that exits shows in `fabric get pods` as it would in kubectl.
export function hostCommand(command: readonly string[]): readonly string[] {
  if (command.length === 2 && command[0] === "sleep" && command[1] === "infinite")
    return ["sleep", "infinity"];
  return command;
}
