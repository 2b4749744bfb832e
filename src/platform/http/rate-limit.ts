import { createHmac, randomBytes } from "node:crypto";

/**
 * Fixed-window counters held in memory only. Keys (handles, client addresses) are replaced
 * by an HMAC with a per-process secret, so nothing identifying is kept in clear, and every
 * entry expires with its window.
 */
export class RateLimiter {
  private readonly secret = randomBytes(32);
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private keyOf(key: string): string {
    return createHmac("sha256", this.secret).update(key).digest("base64url");
  }

  /** Counts one attempt. Returns the seconds to wait when the limit is exceeded, else 0. */
  hit(key: string): number {
    const k = this.keyOf(key);
    const now = this.now();
    this.sweep(now);
    const entry = this.windows.get(k);
    if (!entry || entry.resetAt <= now) {
      this.windows.set(k, { count: 1, resetAt: now + this.windowMs });
      return 0;
    }
    entry.count += 1;
    return entry.count > this.limit ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  /** Seconds to wait before another attempt is allowed, without counting one. */
  blockedFor(key: string): number {
    const entry = this.windows.get(this.keyOf(key));
    const now = this.now();
    return entry && entry.resetAt > now && entry.count >= this.limit ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  reset(key: string): void {
    this.windows.delete(this.keyOf(key));
  }

  private sweep(now: number): void {
    if (this.windows.size < 10_000) {
      return;
    }
    for (const [k, v] of this.windows) {
      if (v.resetAt <= now) {
        this.windows.delete(k);
      }
    }
  }
}
