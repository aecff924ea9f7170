import { get, request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { selfContainedPage } from "../../../../src/lab/topology-view/assets.js";
import { startGraphServer, type GraphServer } from "../../../../src/lab/topology-view/server.js";
import type { GraphSnapshot } from "../../../../src/lab/topology-view/types.js";
import type { LabState } from "../../../../src/state/state-store.js";
import { FakeStatus, LINK_DOWN_FAULT, referenceLab } from "../../../support/graph-fixtures.js";

let server: GraphServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(
  status: FakeStatus,
  readLab: () => LabState | undefined = () => referenceLab(),
  pollMs = 50,
) {
  server = await startGraphServer({
    labName: "ref",
    readLab,
    source: status,
    host: "127.0.0.1",
    port: 0,
    pollMs,
  });
  return server.url;
}

function fetchText(url: string, method = "GET"): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }),
      );
    });
    req.on("error", reject).end();
  });
}

/** Reads `graph` events off /events until `until` says stop; then hangs up. */
function readEvents(url: string, until: (events: GraphSnapshot[]) => boolean): Promise<GraphSnapshot[]> {
  return new Promise((resolve, reject) => {
    const events: GraphSnapshot[] = [];
    const req = get(url + "events", (res) => {
      let buffer = "";
      res.setEncoding("utf8").on("data", (chunk: string) => {
        buffer += chunk;
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block.split("\n").find((l) => l.startsWith("data: "));
          if (block.startsWith("event: graph") && data)
            events.push(JSON.parse(data.slice(6)) as GraphSnapshot);
          if (until(events)) {
            req.destroy();
            resolve(events);
          }
        }
      });
    });
    req.on("error", (err) => (events.length ? undefined : reject(err)));
  });
}

describe("fabric graph --serve", () => {
  it("answers /api/graph with the snapshot, and polls no more than once per period", async () => {
    const status = new FakeStatus();
    // A long period: the second request must be answered from the first poll, however slow the machine.
    const url = await start(status, undefined, 60_000);
    const first = await fetchText(url + "api/graph");
    expect(first.status).toBe(200);
    expect(first.type).toBe("application/json");
    const snapshot = JSON.parse(first.body) as GraphSnapshot;
    expect(snapshot.lab).toBe("ref");
    expect(snapshot.sessions.filter((s) => s.state === "established")).toHaveLength(6);
    await fetchText(url + "api/graph");
    expect(status.asked.filter((n) => n === "router0")).toHaveLength(1);
  });

  it("pushes a new snapshot when the lab changes, and only then", async () => {
    const status = new FakeStatus();
    let lab = referenceLab();
    const url = await start(status, () => lab);
    const events = await readEvents(url, (e) => {
      if (e.length === 1) {
        status.netDown = true;
        lab = referenceLab({ faults: [LINK_DOWN_FAULT] });
      }
      return e.length === 2;
    });
    const state = (g: GraphSnapshot | undefined) => g?.sessions.find((s) => s.id === "router0~tor1")?.state;
    expect(state(events[0])).toBe("established");
    expect(state(events[1])).toBe("down");
    expect(events[1]?.links.find((l) => l.id === LINK_DOWN_FAULT.key)?.state).toBe("down");
  });

  it("stops polling when the last page goes away", async () => {
    const status = new FakeStatus();
    const url = await start(status);
    await readEvents(url, (e) => e.length === 1);
    await new Promise((r) => setTimeout(r, 300)); // the hang-up reaches the server, a poll under way ends
    const polled = status.asked.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(status.asked.length).toBe(polled);
  });

  it("serves the page and its libraries from the package, and only GET", async () => {
    const url = await start(new FakeStatus());
    const page = await fetchText(url);
    expect(page.type).toContain("text/html");
    expect(page.body).toContain('<script src="lib/cytoscape.min.js"></script>');
    expect(page.body).not.toMatch(/https?:\/\//); // nothing from outside the host
    for (const lib of ["lib/cytoscape.min.js", "lib/elk.bundled.js", "lib/cytoscape-elk.js", "graph.js"]) {
      const r = await fetchText(url + lib);
      expect([lib, r.status, r.type]).toEqual([lib, 200, "text/javascript; charset=utf-8"]);
    }
    expect((await fetchText(url + "../package.json")).status).toBe(404);
    expect((await fetchText(url + "api/graph", "POST")).status).toBe(405);
  });

  it("says so when the lab is gone", async () => {
    const url = await start(new FakeStatus(), () => undefined);
    const r = await fetchText(url + "api/graph");
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body)).toEqual({
      error: { code: "lab-not-found", message: "lab ref is no longer deployed" },
    });
  });

  it("refuses a port in use with a hint", async () => {
    const url = await start(new FakeStatus());
    const port = Number(new URL(url).port);
    await expect(
      startGraphServer({
        labName: "ref",
        readLab: () => undefined,
        source: new FakeStatus(),
        host: "127.0.0.1",
        port,
      }),
    ).rejects.toMatchObject({
      code: "graph-listen-failed",
      suggestion: "choose another --port (0: any free port)",
    });
  });
});

describe("the self-contained page", () => {
  it("inlines the libraries and the snapshot, so it needs no server", async () => {
    const snapshot = { lab: "x</script><b>", nodes: [] };
    const html = await selfContainedPage(JSON.stringify(snapshot));
    expect(html).not.toContain("<script src=");
    expect(html).toContain('window.FABRIC_SNAPSHOT = {"lab":"x\\u003c/script>\\u003cb>"');
    expect(html.match(/<\/script>/g)).toHaveLength(5); // three libraries, the snapshot, the page
    expect(html.length).toBeGreaterThan(1_000_000); // cytoscape and ELK are in it
  });
});
