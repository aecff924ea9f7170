// A Map split into shards by a hash of its string key. A JS Map grows by rehashing all of itself
// in one go: at a million routes that single step took 50-100 ms, a stall of the event loop no
// slicing of the input can prevent. Split in 64, each shard grows on its own, 64 times smaller.

const SHARDS = 64;

function shardOf(key: string): number {
  // FNV-1a over the key's last characters: where prefixes of one table differ.
  let h = 0x811c9dc5;
  for (let i = Math.max(0, key.length - 12); i < key.length; i++)
    h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) & (SHARDS - 1);
}

export class ShardedMap<V> {
  private readonly shards: Map<string, V>[] = Array.from({ length: SHARDS }, () => new Map<string, V>());
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    return (this.shards[shardOf(key)] as Map<string, V>).get(key);
  }

  has(key: string): boolean {
    return (this.shards[shardOf(key)] as Map<string, V>).has(key);
  }

  set(key: string, value: V): this {
    const shard = this.shards[shardOf(key)] as Map<string, V>;
    const before = shard.size;
    shard.set(key, value);
    this.count += shard.size - before;
    return this;
  }

  delete(key: string): boolean {
    const deleted = (this.shards[shardOf(key)] as Map<string, V>).delete(key);
    if (deleted) this.count--;
    return deleted;
  }

  /** Replaces every shard, so the memory of the old tables goes back at once. */
  clear(): void {
    for (let i = 0; i < SHARDS; i++) this.shards[i] = new Map();
    this.count = 0;
  }

  *values(): IterableIterator<V> {
    for (const shard of this.shards) yield* shard.values();
  }

  *entries(): IterableIterator<[string, V]> {
    for (const shard of this.shards) yield* shard.entries();
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }
}
