// Which handler runs each node kind. Kinds the model accepts but fabric cannot deploy yet are
// absent here, and deploy says so before creating anything.
import type { NodeKind } from "../model/model.js";
import { frrKind } from "./frr.js";
import { linuxKind } from "./linux.js";
import type { NodeKindHandler } from "./types.js";

const HANDLERS: Partial<Record<NodeKind, NodeKindHandler>> = {
  linux: linuxKind,
  frr: frrKind,
};

export function nodeKindHandler(kind: NodeKind): NodeKindHandler | undefined {
  return HANDLERS[kind];
}
