// The shell glue `fabric completion bash|zsh` prints: each asks `fabric __complete -- WORDS…`
// for the candidates at the cursor (candidates.ts), so the scripts stay a few lines and never
// need regenerating when commands change.

/** Bash: `source <(fabric completion bash)`, or save it under /etc/bash_completion.d/. */
export const BASH_SCRIPT = `# fabric completion for bash: source <(fabric completion bash)
_fabric_complete() {
  local IFS=$'\\n'
  COMPREPLY=($(fabric __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _fabric_complete fabric
`;

/** Zsh: `source <(fabric completion zsh)`, or save it as _fabric on $fpath. */
export const ZSH_SCRIPT = `#compdef fabric
# fabric completion for zsh: source <(fabric completion zsh)
_fabric_complete() {
  local -a candidates
  candidates=("\${(@f)$(fabric __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
if (( $+functions[compdef] )); then compdef _fabric_complete fabric; fi
`;
