// The topology page: draws a /api/graph snapshot with cytoscape and ELK's layered layout, and
// redraws on each `graph` server-sent event. With window.FABRIC_SNAPSHOT set (the static export)
// it draws that and listens to nothing. Read-only: it only ever GETs.
/* global cytoscape, cytoscapeElk, document, window, fetch, EventSource */
"use strict";

/** Past this many vertices racks start collapsed into one box each (click to open). */
const COLLAPSE_AT = 150;
// `configured`: a picture drawn from the lab's files (`fabric graph DIR --format html`), no state.
const COLOURS = { established: "#2e7d32", connecting: "#ef8f00", down: "#c62828", configured: "#1e88e5" };
const RANK = { configured: 0, established: 0, connecting: 1, down: 2 };

cytoscape.use(cytoscapeElk);

const cy = cytoscape({
  container: document.getElementById("cy"),
  style: [
    {
      selector: "node",
      style: {
        label: "data(label)",
        "text-wrap": "wrap",
        "text-valign": "center",
        "font-size": 10,
        shape: "round-rectangle",
        width: (ele) =>
          8 +
          6.2 *
            Math.max(
              ...ele
                .data("label")
                .split("\n")
                .map((l) => l.length),
            ),
        height: (ele) => 6 + 13 * ele.data("label").split("\n").length,
        "background-color": "#e3ecf7",
        "border-width": 1,
        "border-color": "#7a93b8",
      },
    },
    { selector: "node.router", style: { "background-color": "#dff0df", "border-color": "#5a9a5a" } },
    {
      selector: "node.pod",
      style: { "background-color": "#f6f1e1", "border-color": "#b8a46f", "font-size": 8 },
    },
    {
      selector: "node.frozen",
      style: { "background-color": "#ccc", "border-style": "dashed", "border-color": "#c62828" },
    },
    {
      selector: "node.collapsed",
      style: { "background-color": "#eef", "border-width": 2, "border-color": "#558", "font-size": 11 },
    },
    { selector: "node.collapsed.troubled", style: { "border-color": "#c62828", "border-width": 3 } },
    {
      selector: ":parent",
      style: {
        "text-valign": "top",
        "text-halign": "center",
        "background-color": "#fafafa",
        "border-color": "#bbb",
        "font-weight": "bold",
        shape: "round-rectangle",
      },
    },
    { selector: "node:selected", style: { "border-width": 3, "border-color": "#1a237e" } },
    {
      selector: "edge.link",
      style: {
        width: 1,
        "line-color": "#999",
        "line-style": "dashed",
        "curve-style": "bezier",
        label: "data(label)",
        "font-size": 7,
        color: "#777",
        "text-rotation": "autorotate",
      },
    },
    { selector: "edge.link.down", style: { "line-color": "#c62828", width: 2, color: "#c62828" } },
    {
      selector: "edge.session",
      style: {
        width: 3,
        "curve-style": "bezier",
        "line-color": "data(colour)",
        label: "data(label)",
        "font-size": 8,
        "text-background-color": "#fff",
        "text-background-opacity": 0.8,
      },
    },
  ],
});

let snapshot = undefined;
const expanded = new Set();
let selected = undefined;

/** The box a vertex is drawn in: its rack, the spine layer, or everything else. */
function groupOf(n) {
  if (n.rack !== undefined) return "rack:" + n.rack;
  return n.kind === "router" ? "group:spine" : "group:other";
}

/** Layered top-down: spines, then ToRs and hosts, then Kubernetes nodes, then pods. */
const LEVEL = { router: 0, host: 1, "k8s-node": 2, pod: 3 };

function worst(states) {
  return states.reduce((w, s) => (RANK[s] > RANK[w] ? s : w), states[0] ?? "established");
}

function elementsOf(snap) {
  const collapse = snap.nodes.length > COLLAPSE_AT;
  const isCollapsed = (group) => collapse && group.startsWith("rack:") && !expanded.has(group);
  const rep = new Map();
  const groups = new Map();
  for (const n of snap.nodes) {
    const g = groupOf(n);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(n);
    rep.set(n.id, isCollapsed(g) ? g : n.id);
  }
  const els = [];
  for (const [g, members] of groups) {
    const title = g.startsWith("rack:") ? "rack " + g.slice(5) : g.slice(6);
    if (isCollapsed(g)) {
      const k8s = members.filter((n) => n.kind === "k8s-node").length;
      const pods = members.filter((n) => n.kind === "pod").length;
      const routers = members.filter((n) => n.kind === "router").length;
      // Sessions inside the box are not drawn: its label counts them, and a red border says one is not up.
      const inside = snap.sessions.filter(
        (x) => rep.get(x.a) === g && x.b !== undefined && rep.get(x.b) === g,
      );
      const up = inside.filter((x) => x.state === "established").length;
      els.push({
        group: "nodes",
        classes: "collapsed" + (up < inside.length ? " troubled" : ""),
        data: {
          id: g,
          label: `${title}\n${routers} routers · ${k8s} nodes · ${pods} pods\n${up}/${inside.length} sessions established`,
        },
      });
    } else {
      els.push({ group: "nodes", data: { id: g, label: title } });
    }
  }
  for (const n of snap.nodes) {
    if (rep.get(n.id) !== n.id) continue;
    const lines = [n.name];
    if (n.members.length) lines.push("(" + n.members.join(", ") + ")");
    if (n.asn !== undefined) lines.push("AS " + n.asn);
    if (n.frozen) lines.push("frozen");
    els.push({
      group: "nodes",
      classes: [n.kind, n.frozen ? "frozen" : ""].join(" "),
      data: { id: n.id, parent: groupOf(n), label: lines.join("\n"), kind: n.kind },
    });
  }
  // Links and sessions between collapsed racks are merged into one edge per pair of boxes.
  const merged = new Map();
  const level = new Map(snap.nodes.map((n) => [n.id, (LEVEL[n.kind] ?? 1) + (n.role === "spine" ? -1 : 0)]));
  const add = (kind, id, first, second, item) => {
    if (second === undefined) return; // a session whose other end matched no vertex
    // Edges point downwards, so ELK's layers follow the fabric's tiers.
    const [a, b] = (level.get(first) ?? 1) <= (level.get(second) ?? 1) ? [first, second] : [second, first];
    const s = rep.get(a) ?? a;
    const t = rep.get(b) ?? b;
    if (s === t) return;
    const key = kind + ":" + (s === a && t === b ? id : [s, t].sort().join("~"));
    if (!merged.has(key)) merged.set(key, { kind, key, source: s, target: t, items: [] });
    merged.get(key).items.push(item);
  };
  // Cables into a collapsed rack are left out: its session edges carry the state, and 4 × 32
  // dashed lines would hide them.
  const boxed = (id) => rep.get(id) !== id;
  for (const l of snap.links)
    if (!boxed(l.a.node) && !boxed(l.b.node)) add("link", l.id, l.a.node, l.b.node, l);
  for (const s of snap.sessions) add("session", s.id, s.a, s.b, s);
  for (const e of merged.values()) {
    if (e.kind === "link") {
      const down = e.items.some((l) => l.state === "down");
      const label =
        e.items.length === 1
          ? `${e.items[0].a.iface} ↔ ${e.items[0].b.iface}${e.items[0].fault ? " (fault)" : ""}`
          : `${e.items.length} links`;
      els.push({
        group: "edges",
        classes: "link" + (down ? " down" : ""),
        data: { id: e.key, source: e.source, target: e.target, label },
      });
    } else {
      const state = worst(e.items.map((s) => s.state));
      const ends = e.items.flatMap((s) => s.ends);
      const up = e.items.filter((s) => s.state === "established").length;
      // At scale a label on every healthy edge is noise: only the ones not up say so.
      const quiet = collapse && state === "established";
      const label = quiet ? "" : e.items.length === 1 ? state : `${up}/${e.items.length} established`;
      els.push({
        group: "edges",
        classes: "session " + state,
        data: {
          id: e.key,
          source: e.source,
          target: e.target,
          label,
          state,
          colour: COLOURS[state],
          sessions: e.items.length,
          ends: ends.length,
          establishedEnds: ends.filter((x) => x.state === "established").length,
        },
      });
    }
  }
  return els;
}

function layout() {
  if (cy.nodes(".collapsed").length > 0) return rackGrid();
  cy.layout({
    name: "elk",
    nodeDimensionsIncludeLabels: true,
    fit: true,
    padding: 20,
    elk: {
      algorithm: "layered",
      "elk.direction": "DOWN",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.layered.spacing.nodeNodeBetweenLayers": 50,
      "elk.spacing.nodeNode": 20,
    },
  }).run();
}

/**
 * With racks collapsed, ELK would put dozens of boxes in one thin row under the spines: instead
 * spines go in a row on top and racks in a grid below, an opened rack on a row of its own with
 * its members in a grid (routers first, then nodes, then pods).
 */
function rackGrid() {
  const CELL_W = 260;
  const CELL_H = 140;
  const top = cy
    .nodes(":childless")
    .filter((n) => !n.hasClass("collapsed") && !n.parent().id()?.startsWith("rack:"));
  const racks = cy
    .nodes()
    .filter((n) => n.id().startsWith("rack:"))
    .sort((p, q) => p.id().localeCompare(q.id(), undefined, { numeric: true }));
  const cols = Math.max(4, Math.ceil(Math.sqrt(racks.length * 2)));
  const width = cols * CELL_W;
  top.forEach((n, i) => n.position({ x: (width / (top.length + 1)) * (i + 1), y: 0 }));
  let col = 0;
  let y = CELL_H * 1.5;
  for (const rack of racks) {
    if (rack.hasClass("collapsed")) {
      rack.position({ x: col * CELL_W + CELL_W / 2, y });
      if (++col === cols) [col, y] = [0, y + CELL_H];
      continue;
    }
    if (col > 0) [col, y] = [0, y + CELL_H];
    const members = rack.children().sort((p, q) => LEVEL_OF(p) - LEVEL_OF(q) || p.id().localeCompare(q.id()));
    const rows = Math.ceil(members.length / (cols * 2));
    members
      .layout({
        name: "grid",
        boundingBox: { x1: 0, y1: y, w: width, h: rows * 70 },
        cols: cols * 2,
        fit: false,
      })
      .run();
    y += rows * 70 + CELL_H;
  }
  cy.fit(undefined, 20);
}

function LEVEL_OF(ele) {
  return LEVEL[ele.data("kind")] ?? 1;
}

/** Same vertices and edges: update colours and labels in place, so the picture does not jump. */
function draw(snap) {
  snapshot = snap;
  const els = elementsOf(snap);
  const ids = new Set(els.map((e) => e.data.id));
  const same = cy.elements().length === ids.size && cy.elements().every((e) => ids.has(e.id()));
  if (same) {
    cy.batch(() => {
      for (const e of els) {
        const ele = cy.getElementById(e.data.id);
        ele.data(e.data);
        ele.classes(e.classes ?? "");
      }
    });
  } else {
    cy.elements().remove();
    cy.add(els);
    layout();
  }
  const up = snap.sessions.filter((s) => s.state === "established").length;
  const fromFiles = snap.sessions.length > 0 && snap.sessions.every((s) => s.state === "configured");
  document.getElementById("title").textContent = "fabric graph: " + snap.lab;
  document.getElementById("status").textContent =
    `${snap.nodes.length} nodes · ` +
    (fromFiles
      ? `${snap.sessions.length} sessions as configured in the lab's files (not deployed)`
      : `${up}/${snap.sessions.length} sessions established · as of ${new Date(snap.at).toLocaleTimeString()}`) +
    (snap.problems.length ? ` · ${snap.problems.length} not answering` : "");
  document.getElementById("faults").textContent = snap.faults.length
    ? "faults in force: " + snap.faults.map((f) => f.fault).join("; ")
    : "";
  document.body.dataset.sessionsEstablished = String(up);
  if (selected) showPanel(selected);
}

function text(tag, content) {
  const el = document.createElement(tag);
  el.textContent = content;
  return el;
}

function row(cells, tag = "td") {
  const tr = document.createElement("tr");
  for (const c of cells) tr.append(text(tag, c));
  return tr;
}

function showPanel(id) {
  const panel = document.getElementById("panel");
  const n = snapshot.nodes.find((x) => x.id === id);
  if (!n) return;
  panel.replaceChildren(text("h2", n.name));
  const facts = [
    ["kind", n.kind + " (" + n.role + ")"],
    ["rack", n.rack ?? "-"],
    ["ASN", n.asn === undefined ? "-" : String(n.asn)],
    ["router id", n.routerId ?? "-"],
    ["addresses", n.addresses.join(", ") || "-"],
  ];
  if (n.members.length) facts.push(["also", n.members.join(", ")]);
  if (n.parent) facts.push(["on node", n.parent]);
  if (n.frozen) facts.push(["state", "frozen (fabric node stop)"]);
  const t = document.createElement("table");
  for (const f of facts) t.append(row(f));
  panel.append(t, text("h2", "BGP sessions"));
  const sessions = snapshot.sessions.filter((s) => s.a === id || s.b === id);
  const st = document.createElement("table");
  st.append(row(["peer", "state", "AS", "rcvd", "adv"], "th"));
  for (const s of sessions) {
    const mine = s.ends.find((e) => e.node === id);
    const other = s.a === id ? s.b : s.a;
    st.append(
      row([
        (other ?? "?") + (mine ? " (" + mine.peer + ")" : ""),
        mine ? mine.reported : s.state,
        mine && mine.peerAsn !== undefined ? String(mine.peerAsn) : "-",
        mine ? String(mine.received) : "-",
        mine ? String(mine.advertised) : "-",
      ]),
    );
  }
  panel.append(sessions.length ? st : text("p", "none"));
  const links = snapshot.links.filter((l) => l.a.node === id || l.b.node === id);
  if (links.length) {
    panel.append(text("h2", "Links"));
    const lt = document.createElement("table");
    for (const l of links) {
      const [here, there] = l.a.node === id ? [l.a, l.b] : [l.b, l.a];
      lt.append(
        row([here.iface + " → " + there.node + ":" + there.iface, l.state + (l.fault ? ": " + l.fault : "")]),
      );
    }
    panel.append(lt);
  }
}

cy.on("tap", "node", (evt) => {
  const id = evt.target.id();
  if (evt.target.hasClass("collapsed")) {
    expanded.add(id);
    draw(snapshot);
    return;
  }
  if (id.startsWith("rack:") && evt.target.isParent() && snapshot.nodes.length > COLLAPSE_AT) {
    expanded.delete(id);
    draw(snapshot);
    return;
  }
  if (evt.target.isParent()) return;
  selected = id;
  showPanel(id);
});

// For scripts and the browser test: the instance and what is drawn, read straight from cytoscape.
window.fabricGraph = {
  cy,
  snapshot: () => snapshot,
  sessions: () =>
    cy.edges(".session").map((e) => ({
      id: e.id(),
      source: e.source().id(),
      target: e.target().id(),
      state: e.data("state"),
      ends: e.data("ends"),
      establishedEnds: e.data("establishedEnds"),
    })),
};

if (window.FABRIC_SNAPSHOT) {
  draw(window.FABRIC_SNAPSHOT);
} else {
  fetch("api/graph")
    .then((r) => r.json())
    .then((snap) => (snap.error ? Promise.reject(new Error(snap.error.message)) : draw(snap)))
    .catch((err) => (document.getElementById("status").textContent = "error: " + err.message));
  const events = new EventSource("events");
  events.addEventListener("graph", (e) => draw(JSON.parse(e.data)));
  events.addEventListener("problem", (e) => {
    document.getElementById("status").textContent = "error: " + JSON.parse(e.data).message;
  });
}
