// kubelet's `--node-labels` value: `key=value` pairs separated by commas. Keys and values follow
// Kubernetes' label syntax, checked here so a typo fails in `fabric validate` and not when the
// kubelet refuses to start inside a node.

const NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** `prefix/name` or `name`, as Kubernetes accepts label keys. */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return false;
  return NAME.test(name);
}

export function isLabelValue(value: string): boolean {
  return value === "" || NAME.test(value);
}

export type NodeLabelsParse =
  | { readonly ok: true; readonly labels: Record<string, string> }
  | { readonly ok: false; readonly reason: string };

export function parseNodeLabels(text: string): NodeLabelsParse {
  const labels: Record<string, string> = {};
  if (text.trim() === "") return { ok: true, labels };
  for (const item of text.split(",")) {
    const eq = item.indexOf("=");
    if (eq < 0) return { ok: false, reason: `"${item}" is not key=value` };
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (!isLabelKey(key)) return { ok: false, reason: `"${key}" is not a valid label key` };
    if (!isLabelValue(value)) return { ok: false, reason: `"${value}" is not a valid label value` };
    labels[key] = value;
  }
  return { ok: true, labels };
}
