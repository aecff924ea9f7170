// The page's files: web/graph/ of the package (shipped in `files`) and the three libraries it
// draws with, read from node_modules through Node's resolver — so the page loads nothing from
// outside the host, and the static export can inline the very same files.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** URL path → file. The page asks for exactly these; anything else is a 404. */
export function pageFiles(): ReadonlyMap<string, string> {
  const require = createRequire(import.meta.url);
  // src/lab/topology-view/ and dist/lab/topology-view/ are both three levels below the package.
  const web = (name: string) => fileURLToPath(new URL(`../../../web/graph/${name}`, import.meta.url));
  return new Map([
    ["/", web("index.html")],
    ["/graph.js", web("graph.js")],
    ["/lib/cytoscape.min.js", require.resolve("cytoscape/dist/cytoscape.min.js")],
    ["/lib/elk.bundled.js", require.resolve("elkjs/lib/elk.bundled.js")],
    ["/lib/cytoscape-elk.js", require.resolve("cytoscape-elk/dist/cytoscape-elk.js")],
  ]);
}

/** Inside an inline <script>, `</script` would end it early: `<\/script` means the same in JS. */
export function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, "<\\/$1");
}

/**
 * One HTML file with the libraries, the page script and a snapshot inline: it opens from disk,
 * with no server, and draws the lab as it was when exported.
 */
export async function selfContainedPage(snapshotJson: string): Promise<string> {
  const files = pageFiles();
  const text = new Map<string, string>();
  for (const [path, file] of files) text.set(path, await readFile(file, "utf8"));
  const data = `<script>window.FABRIC_SNAPSHOT = ${snapshotJson.replace(/</g, "\\u003c")};</script>`;
  // `src="lib/…"` and `src="graph.js"` in index.html become the files themselves (a function
  // replacement, so `$` in a library is not read as a pattern).
  return (text.get("/") ?? "").replace(/<script src="([^"]+)"><\/script>/g, (tag, src: string) => {
    const body = text.get(`/${src}`);
    if (body === undefined) return tag;
    return (src === "graph.js" ? data + "\n" : "") + `<script>${scriptSafe(body)}</script>`;
  });
}
