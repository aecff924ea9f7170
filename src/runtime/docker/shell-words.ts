// containerlab's `cmd:` and `entrypoint:` are one string each, split into words the way a POSIX
// shell would (containerlab uses shlex): quotes group, backslashes escape, nothing is expanded.
import { FabricError } from "../../errors.js";

export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\" && /["\\$`]/.test(text.charAt(i + 1))) word += text.charAt(++i);
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < text.length) {
      word += text.charAt(++i);
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) {
    throw new FabricError("invalid-command", `unterminated ${quote} quote in ${JSON.stringify(text)}`);
  }
  if (inWord) words.push(word);
  return words;
}
