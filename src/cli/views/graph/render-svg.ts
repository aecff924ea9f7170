// Drawing a Layout as a standalone SVG picture, for docs (the lab catalog's pictures): no browser,
// no Graphviz, and the same bytes for the same layout, so a committed picture can be checked for
// staleness. Groups are boxes in rows (spines on top, racks side by side, the rest below), each
// vertex a box in its group; links are straight lines, BGP sessions dashed.
import type { Layout, Vertex } from "./layout.js";

const BOX_W = 170;
const LINE_H = 14;
const PAD = 12;
const GAP = 28;
const TITLE_H = 20;

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function lines(v: Vertex): string[] {
  return [
    v.name,
    ...(v.members.length ? [`(${v.members.join(", ")})`] : []),
    ...(v.detail ? [v.detail] : []),
  ];
}

const boxHeight = (v: Vertex): number => lines(v).length * LINE_H + 10;

interface Placed {
  readonly x: number;
  readonly y: number;
  readonly h: number;
}

export function renderSvg(layout: Layout): string {
  // Rows: a group of spines alone on the first row, racks and leaves on the second, the rest last.
  const rowOf = (title: string) =>
    title === "spine" ? 0 : title.startsWith("rack ") || title.startsWith("leaf ") ? 1 : 2;
  const rows: (typeof layout.groups)[number][][] = [[], [], []];
  for (const g of layout.groups) rows[rowOf(g.title)]?.push(g);
  const placed = new Map<string, Placed>();
  const body: string[] = [];
  let y = PAD + TITLE_H;
  let width = 0;
  for (const row of rows.filter((r) => r.length > 0)) {
    let x = PAD;
    let rowH = 0;
    for (const g of row) {
      // Spines side by side in their box; a rack's vertices stacked, ToR on top.
      const across = rowOf(g.title) === 0 ? g.vertices.length : 1;
      const colW = BOX_W + PAD;
      const w = across * colW + PAD;
      let h = TITLE_H;
      if (across > 1) {
        const tallest = Math.max(...g.vertices.map(boxHeight));
        g.vertices.forEach((v, i) => placed.set(v.id, { x: x + PAD + i * colW, y: y + h, h: boxHeight(v) }));
        h += tallest + PAD;
      } else {
        for (const v of g.vertices) {
          placed.set(v.id, { x: x + PAD, y: y + h, h: boxHeight(v) });
          h += boxHeight(v) + PAD / 2;
        }
        h += PAD / 2;
      }
      body.push(
        `<rect class="group" x="${x}" y="${y}" width="${w}" height="${h}" rx="8"/>`,
        `<text class="group-title" x="${x + PAD}" y="${y + 15}">${escape(g.title)}</text>`,
      );
      x += w + GAP;
      rowH = Math.max(rowH, h);
    }
    width = Math.max(width, x - GAP + PAD);
    y += rowH + GAP * 2;
  }
  const height = y - GAP * 2 + PAD;
  const edges: string[] = [];
  for (const e of layout.edges) {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) continue;
    const cls = e.kind === "session" ? "session" : "link";
    // A session beside the cable it runs over, not on top of it.
    const dx = e.kind === "session" ? BOX_W / 2 + 24 : BOX_W / 2;
    edges.push(
      `<line class="${cls}" x1="${a.x + dx}" y1="${a.y + a.h / 2}" x2="${b.x + dx}" y2="${b.y + b.h / 2}"><title>${escape(`${e.from} — ${e.to}: ${e.label}`)}</title></line>`,
    );
  }
  const vertices: string[] = [];
  for (const g of layout.groups)
    for (const v of g.vertices) {
      const p = placed.get(v.id);
      if (!p) continue;
      vertices.push(`<rect class="vertex" x="${p.x}" y="${p.y}" width="${BOX_W}" height="${p.h}" rx="4"/>`);
      lines(v).forEach((t, i) =>
        vertices.push(
          `<text class="${i === 0 ? "name" : "detail"}" x="${p.x + 6}" y="${p.y + 15 + i * LINE_H}">${escape(t)}</text>`,
        ),
      );
    }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    "<style>",
    ".group{fill:#f5f7fa;stroke:#b0bec5} .group-title{font-size:12px;fill:#546e7a;font-weight:bold}",
    ".vertex{fill:#fff;stroke:#37474f} .name{font-size:12px;font-weight:bold} .detail{font-size:10px;fill:#455a64}",
    ".link{stroke:#78909c;stroke-width:1.5} .session{stroke:#1e88e5;stroke-width:1;stroke-dasharray:4 3}",
    "</style>",
    `<text class="group-title" x="${PAD}" y="${PAD + 4}">${escape(layout.title)}: links solid, BGP sessions dashed</text>`,
    ...body,
    ...edges,
    ...vertices,
    "</svg>",
    "",
  ].join("\n");
}
