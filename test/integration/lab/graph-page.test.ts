// The live topology page on a deployed reference lab, as a user sees it: `fabric graph LAB
// --serve` (the built CLI, a process of its own), its JSON API, and the page itself in Debian's
// chromium driven by playwright-core, headless. A `fabric link down tor1:net0` must turn the
// tor1–router0 session away from Established on the page within 5 s, and `link up` bring it back.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa, type ResultPromise } from "execa";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphSnapshot } from "../../../src/lab/topology-view/types.js";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = resolve("artifacts/graph-reference.png");

interface DrawnSession {
  readonly source: string;
  readonly target: string;
  readonly state: string;
  readonly ends: number;
  readonly establishedEnds: number;
}

describe("fabric graph --serve on the reference lab", () => {
  let lab: LabFixture | undefined;
  let server: ResultPromise | undefined;
  let browser: Browser | undefined;
  let url = "";

  beforeAll(async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp", "t-graph");
    const deploy = await lab.cli("deploy", lab.file);
    expect(deploy.code, deploy.stderr).toBe(0);
    server = execa("node", ["bin/fabric.js", "graph", lab.name, "--serve", "--port", "0"], { reject: false });
    url = await new Promise<string>((resolveUrl, reject) => {
      let out = "";
      server?.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m) resolveUrl(m[0]);
      });
      void server?.then((r) => reject(new Error(`graph --serve ended: ${String(r.stderr)}`)));
    });
    console.log(`graph page at ${url}`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.pid !== undefined) {
      server.kill("SIGTERM");
      await server;
    }
    await lab?.cleanup();
  }, 60_000);

  it("serves the lab as JSON: 6 sessions with both ends Established, ASNs, links", async () => {
    const snapshot = (await (await fetch(url + "api/graph")).json()) as GraphSnapshot;
    expect(snapshot.lab).toBe(lab?.name);
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.sessions).toHaveLength(6);
    expect(snapshot.sessions.flatMap((s) => s.ends).filter((e) => e.state === "established")).toHaveLength(
      12,
    );
    expect(snapshot.nodes.filter((n) => n.kind === "router").map((n) => [n.id, n.asn])).toEqual([
      ["router0", 65000],
      ["tor0", 65010],
      ["tor1", 65011],
    ]);
    expect(snapshot.links.find((l) => l.a.node === "router0" && l.b.node === "tor1")).toMatchObject({
      a: { iface: "net1" },
      b: { iface: "net0" },
      state: "up",
    });
  });

  it("gives the same data to `graph --format json|html|mermaid`, and saves the routers' and speakers' configs", async () => {
    const name = lab?.name ?? "";
    const json = await lab?.cli("graph", name, "--format", "json");
    const snapshot = JSON.parse(json?.stdout ?? "") as GraphSnapshot;
    expect(snapshot.sessions.filter((s) => s.state === "established")).toHaveLength(6);
    const html = await lab?.cli("graph", name, "--format", "html");
    expect(html?.stdout).toContain("window.FABRIC_SNAPSHOT = ");
    expect(html?.stdout).not.toContain("<script src=");
    const mermaid = await lab?.cli("graph", name);
    expect(mermaid?.stdout).toContain('n_router0 -.-|"BGP established"| n_tor1');
    const dir = mkdtempSync(join(tmpdir(), "fabric-save-"));
    try {
      const saved = await lab?.cli("save", name, "--dir", dir, "--format", "json");
      expect(saved?.code, saved?.stderr).toBe(0);
      const result = JSON.parse(saved?.stdout ?? "") as { files: { node: string; what: string }[] };
      expect(result.files.map((f) => `${f.node}/${f.what}`).sort()).toEqual([
        "kind-control-plane/speaker",
        "kind-worker/speaker",
        "kind-worker2/speaker",
        "kind-worker3/speaker",
        "router0/frr",
        "tor0/frr",
        "tor1/frr",
      ]);
      expect(readFileSync(join(dir, "tor1", "frr.conf"), "utf8")).toContain("router bgp 65011");
      const speaker = JSON.parse(readFileSync(join(dir, "kind-worker2", "speaker.json"), "utf8")) as {
        speaker: { node: string };
      };
      expect(speaker.speaker.node).toBe("kind-worker2");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("draws 12 Established session ends, and follows link down and up within 5 s", async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: scripts/setup installs chromium`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    const drawn = (p: Page) =>
      p.evaluate(
        () =>
          (
            globalThis as unknown as { fabricGraph?: { sessions(): DrawnSession[] } }
          ).fabricGraph?.sessions() ?? [],
      );
    const all = await waitFor("6 sessions drawn", 15_000, async () => {
      const s = await drawn(page);
      return s.length === 6 && s.every((x) => x.state === "established") ? s : undefined;
    });
    expect(all.reduce((n, s) => n + s.establishedEnds, 0)).toBe(12);
    const uplink = (s: readonly DrawnSession[]) =>
      s.find((x) => [x.source, x.target].sort().join() === "router0,tor1")?.state;
    expect(uplink(all)).toBe("established");
    mkdirSync("artifacts", { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    console.log(`screenshot: ${SCREENSHOT}`);

    const t0 = Date.now(); // from the command, which itself takes a moment
    const down = await lab?.cli("link", "down", "tor1:net0", "--lab", lab.name, "--format", "json");
    expect(down?.code).toBe(0);
    expect(JSON.parse(down?.stdout ?? "")).toEqual({
      lab: lab?.name,
      fault: "link down tor1:net0",
      detail: "tor1:net0 and router0:net1 down",
    });
    await waitFor("tor1–router0 not Established on the page", 5_000 - (Date.now() - t0), async () =>
      uplink(await drawn(page)) !== "established" ? true : undefined,
    );
    console.log(`link down seen on the page after ${Date.now() - t0} ms`);
    await page.screenshot({ path: SCREENSHOT.replace(".png", "-link-down.png") });
    const others = (await drawn(page)).filter((x) => [x.source, x.target].sort().join() !== "router0,tor1");
    expect(others.map((x) => x.state)).toEqual(Array(5).fill("established"));

    const t1 = Date.now();
    const up = await lab?.cli("link", "up", "tor1:net0", "--lab", lab.name);
    expect(up?.code).toBe(0);
    // Back up takes BGP's own time (connect, OPEN, KEEPALIVE) on top of the page's poll.
    await waitFor("tor1–router0 Established again", 30_000, async () =>
      uplink(await drawn(page)) === "established" ? true : undefined,
    );
    console.log(`link up seen on the page after ${Date.now() - t1} ms`);
    expect(errors).toEqual([]);
  }, 90_000);
});
