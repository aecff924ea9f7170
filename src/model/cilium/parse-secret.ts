// Kubernetes Secrets beside the BGP resources: where CiliumBGPPeerConfig's authSecretRef finds
// its TCP-MD5 password. Cilium reads the `password` key of the named Secret in its BGP secrets
// namespace (the agent's --bgp-secrets-namespace, kube-system by default since cilium PR 29478).
// `data` values are base64, as the API server stores them; `stringData` is the plain form
// kubectl accepts and merges into `data` (stringData wins for a key in both).
import type { Location } from "../../errors.js";
import type { DocReader } from "../k8s/doc-reader.js";

export const BGP_SECRETS_NAMESPACE = "kube-system";

export interface SecretResource {
  readonly name: string;
  /** `default` when the manifest leaves it out, as kubectl applies it without -n. */
  readonly namespace: string;
  /** The `password` key, decoded; absent when the Secret has none. */
  readonly password?: string;
  /** Where the password is written (stringData.password or data.password), for messages. */
  readonly passwordLocation?: Location;
  readonly location: Location;
}

export function readSecret(r: DocReader, name: string): SecretResource {
  r.unknownKeys([], ["apiVersion", "kind", "metadata", "type", "data", "stringData", "immutable"]);
  const namespace = r.string(["metadata", "namespace"]) ?? "default";
  const plain = r.stringMap(["stringData"]).password;
  const encoded = r.stringMap(["data"]).password;
  let password = plain;
  if (password === undefined && encoded !== undefined) {
    if (/^[A-Za-z0-9+/]*={0,2}$/.test(encoded.trim()) && encoded.trim().length % 4 === 0)
      password = Buffer.from(encoded.trim(), "base64").toString("utf8");
    else
      r.error(
        ["data", "password"],
        "cilium-secret-base64",
        `Secret ${namespace}/${name}: data.password is not base64`,
        "put the plain password under stringData.password, or base64-encode it (`echo -n PASSWORD | base64`)",
      );
  }
  const passwordPath = plain !== undefined ? ["stringData", "password"] : ["data", "password"];
  return {
    name,
    namespace,
    ...(password !== undefined && { password, passwordLocation: r.at(passwordPath) }),
    location: r.at(["metadata", "name"]),
  };
}
