// Routing `fabric exec` on FRR nodes: a command that starts with a vtysh verb goes to vtysh, so
// `fabric exec tor0 show bgp summary` works as it does on a router's console.

/** First words of vtysh commands that are not also everyday shell commands. */
const VTYSH_VERBS = new Set([
  "show",
  "clear",
  "configure",
  "conf",
  "write",
  "debug",
  "undebug",
  "no",
  "copy",
  "terminal",
]);

export function isVtyshCommand(argv: readonly string[]): boolean {
  return argv[0] !== undefined && VTYSH_VERBS.has(argv[0]);
}

/** `show bgp summary json` → `vtysh -c "show bgp summary json"`; the words are joined as typed. */
export function vtyshArgv(argv: readonly string[]): string[] {
  return ["vtysh", "-c", argv.join(" ")];
}
