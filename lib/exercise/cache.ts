// A bounded LRU of live attempt sessions (by count and approximate memory); a miss means replay.

export type Sized = { approxBytes(): number };

export type LruOptions = { maxEntries: number; maxBytes: number };

/** Least-recently-used map bounded by entry count and by the entries' own size estimate. */
export class SessionLru<V extends Sized> {
  private map = new Map<string, { value: V; bytes: number }>();
  private bytes = 0;
  constructor(readonly opts: LruOptions) {}

  get size(): number {
    return this.map.size;
  }
  get totalBytes(): number {
    return this.bytes;
  }

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  /** Insert or refresh (also re-measures the entry after it changed). */
  set(key: string, value: V): void {
    const old = this.map.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.map.delete(key);
    }
    const bytes = value.approxBytes();
    this.map.set(key, { value, bytes });
    this.bytes += bytes;
    this.evict(key);
  }

  delete(key: string): void {
    const e = this.map.get(key);
    if (!e) return;
    this.bytes -= e.bytes;
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }

  private evict(keep: string) {
    for (const [k, e] of this.map) {
      if (this.map.size <= this.opts.maxEntries && this.bytes <= this.opts.maxBytes) break;
      if (k === keep) continue;
      this.map.delete(k);
      this.bytes -= e.bytes;
    }
  }
}

/** Runs async work one at a time per key (commands of one attempt must not interleave). */
export class KeyedMutex {
  private tails = new Map<string, Promise<unknown>>();
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = prev.then(() => mine);
    this.tails.set(key, tail);
    try {
      await prev;
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
