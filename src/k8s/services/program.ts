// Writing a node's Service table: `nft -f -` inside the node, one transaction per node.
import { FabricError } from "../../errors.js";
import type { NodeRecord, Runtime } from "../../runtime/types.js";
import { settleAll } from "../../util/settle.js";

const NFT_TIMEOUT_MS = 10_000;

export async function programNode(runtime: Runtime, node: NodeRecord, ruleset: string): Promise<void> {
  const r = await runtime.exec(node, ["nft", "-f", "-"], { input: ruleset, timeoutMs: NFT_TIMEOUT_MS });
  if (r.exitCode !== 0) {
    throw new FabricError(
      "services-failed",
      `node ${node.name}: nft refused the Service rules: ${r.stderr.trim()}`,
      {
        suggestion:
          "fabric needs nftables (`apt-get install nftables`, in scripts/setup) and a kernel with nf_tables",
      },
    );
  }
}

export async function programNodes(
  runtime: Runtime,
  records: ReadonlyMap<string, NodeRecord>,
  rulesets: ReadonlyMap<string, string>,
): Promise<void> {
  await settleAll(
    [...rulesets].map(async ([name, ruleset]) => {
      const node = records.get(name);
      if (node) await programNode(runtime, node, ruleset);
    }),
  );
}
