import { gzipSync } from "node:zlib";
import { createHash } from "node:crypto";

export interface Entry {
  generation: number;
  expiresAt: number;
  html: string;
  gzip: Uint8Array<ArrayBuffer>;
  etag: string;
}

/**
 * In-process cache of anonymous public pages. Any successful write bumps the generation,
 * which invalidates every entry at once; a short TTL bounds staleness when several app
 * nodes share one database. Entries hold the gzip form too, so hot pages cost no compression.
 */
export class PageCache {
  private generation = 0;
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  invalidateAll(): void {
    this.generation += 1;
    this.entries.clear();
  }

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      return undefined;
    }
    if (entry.generation !== this.generation || entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Stores a page unless a write happened while it was being rendered. */
  set(key: string, html: string, generationAtStart: number): Entry {
    const entry: Entry = {
      generation: generationAtStart,
      expiresAt: this.now() + this.ttlMs,
      html,
      gzip: new Uint8Array(gzipSync(html)),
      etag: `"${createHash("sha256").update(html).digest("base64url").slice(0, 27)}"`,
    };
    if (generationAtStart === this.generation) {
      if (this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) {
          this.entries.delete(oldest);
        }
      }
      this.entries.set(key, entry);
    }
    return entry;
  }

  currentGeneration(): number {
    return this.generation;
  }
}
