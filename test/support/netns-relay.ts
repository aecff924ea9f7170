// A TCP listener inside a network namespace that hands each connection to a Unix socket: a test
// process (which stays in the host's namespace) can then be the far end of a connection made in
// a namespace, e.g. a scripted BGP peer (ScriptedPeer.listenUnix) for a speaker whose sockets live
// in its node's namespace. The relay only copies bytes; what is said is up to the test.
import { execa, type ResultPromise } from "execa";

// Plain CommonJS for `node -e`: one Unix connection per TCP connection, each end closing the other.
const RELAY = `
const net = require("node:net");
const [host, port, path] = process.argv.slice(1);
net.createServer((tcp) => {
  const unix = net.connect(path);
  tcp.pipe(unix);
  unix.pipe(tcp);
  for (const [a, b] of [[tcp, unix], [unix, tcp]]) {
    a.on("error", () => b.destroy());
    a.on("close", () => b.destroy());
  }
}).listen({ host, port: Number(port) }, () => console.log("listening"));
`;

export class NetnsRelay {
  private constructor(private readonly child: ResultPromise) {}

  /** Listens on `host`:`port` in namespace `netns` (a name under /run/netns) once this resolves. */
  static async start(netns: string, host: string, port: number, socketPath: string): Promise<NetnsRelay> {
    // `ip netns exec` execs node, so the child's pid is the relay's own.
    const child = execa(
      "ip",
      ["netns", "exec", netns, process.execPath, "-e", RELAY, host, String(port), socketPath],
      {
        reject: false,
        all: true,
      },
    );
    let out = "";
    await new Promise<void>((resolve, reject) => {
      child.all?.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("listening")) resolve();
      });
      void child.then((r) => reject(new Error(`relay in ${netns} exited ${r.exitCode}: ${out}`)));
    });
    return new NetnsRelay(child);
  }

  async stop(): Promise<void> {
    this.child.kill("SIGTERM");
    await this.child;
  }
}
