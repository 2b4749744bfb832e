import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("rate limiter", () => {
  it("allows the limit, then asks to wait until the window ends", () => {
    let now = 0;
    const limiter = new RateLimiter(3, 60_000, () => now);
    expect([limiter.hit("k"), limiter.hit("k"), limiter.hit("k")]).toEqual([0, 0, 0]);
    expect(limiter.hit("k")).toBe(60);
    expect(limiter.blockedFor("k")).toBe(60);
    expect(limiter.hit("other")).toBe(0);
    now = 60_001;
    expect(limiter.hit("k")).toBe(0);
  });

  it("forgets a key on reset", () => {
    const limiter = new RateLimiter(1, 60_000);
    limiter.hit("k");
    limiter.hit("k");
    limiter.reset("k");
    expect(limiter.blockedFor("k")).toBe(0);
  });
});
