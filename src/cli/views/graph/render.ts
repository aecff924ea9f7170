// Drawing a Layout as Mermaid (renders in GitHub markdown), Graphviz DOT or SVG (render-svg.ts).
import type { Layout, Vertex } from "./layout.js";
import { renderSvg } from "./render-svg.js";

export const GRAPH_FORMATS = ["mermaid", "dot", "svg"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export function renderGraph(layout: Layout, format: GraphFormat): string {
  if (format === "svg") return renderSvg(layout);
  return format === "mermaid" ? renderMermaid(layout) : renderDot(layout);
}

function vertexLines(v: Vertex): string[] {
  return [
    v.name,
    ...(v.members.length ? [`(${v.members.join(", ")})`] : []),
    ...(v.detail ? [v.detail] : []),
  ];
}

/** Mermaid ids may not contain dashes or dots everywhere; quote-free ids keep every renderer happy. */
function mermaidId(name: string): string {
  return "n_" + name.replace(/[^A-Za-z0-9_]/g, "_");
}

function mermaidText(text: string): string {
  return text.replace(/"/g, "#quot;");
}

export function renderMermaid(layout: Layout): string {
  const out = ["graph TD"];
  for (const g of layout.groups) {
    out.push(`  subgraph ${mermaidId(g.id)}["${mermaidText(g.title)}"]`);
    for (const v of g.vertices) {
      out.push(`    ${mermaidId(v.id)}["${vertexLines(v).map(mermaidText).join("<br/>")}"]`);
    }
    out.push("  end");
  }
  for (const e of layout.edges) {
    const line = e.kind === "session" ? "-.-" : "---";
    out.push(`  ${mermaidId(e.from)} ${line}|"${mermaidText(e.label)}"| ${mermaidId(e.to)}`);
  }
  return out.join("\n") + "\n";
}

function dotEscape(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

function dotString(text: string): string {
  return `"${dotEscape(text)}"`;
}

/** Several lines in one DOT label: `\n` is DOT's own line break escape. */
function dotLines(lines: readonly string[]): string {
  return `"${lines.map(dotEscape).join("\\n")}"`;
}

export function renderDot(layout: Layout): string {
  const out = [`graph ${dotString(layout.title)} {`, "  node [shape=box, style=rounded];"];
  for (const g of layout.groups) {
    out.push(`  subgraph ${dotString("cluster_" + g.id)} {`, `    label=${dotString(g.title)};`);
    for (const v of g.vertices) {
      out.push(`    ${dotString(v.id)} [label=${dotLines(vertexLines(v))}];`);
    }
    out.push("  }");
  }
  for (const e of layout.edges) {
    const style = e.kind === "session" ? ", style=dotted, color=blue" : "";
    out.push(`  ${dotString(e.from)} -- ${dotString(e.to)} [label=${dotString(e.label)}${style}];`);
  }
  out.push("}");
  return out.join("\n") + "\n";
}
