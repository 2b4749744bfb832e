import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { phonePhoto, pngBomb } from "./media.fixtures";
import { imageJobs, processImage } from "./media.process";

describe("processImage", () => {
  it("converts a Display P3 photo to sRGB rather than dropping its profile and shifting colours", async () => {
    // A flat colour in sRGB, stored as P3 values with a P3 profile (what a recent phone writes).
    const raw = Buffer.alloc(64 * 64 * 3);
    for (let i = 0; i < raw.length; i += 3) {
      raw.set([40, 180, 60], i);
    }
    const p3 = await sharp(raw, { raw: { width: 64, height: 64, channels: 3 } })
      .withIccProfile("p3")
      .png()
      .toBuffer();
    const stored = await sharp(p3, { ignoreIcc: true }).raw().toBuffer(); // the P3 numbers, read naively
    expect(Math.abs((stored[0] ?? 0) - 40) + Math.abs((stored[2] ?? 0) - 60)).toBeGreaterThan(10);
    const out = await processImage(p3);
    expect(out.ok).toBe(true);
    const jpeg = out.ok ? out.value.variants.find((v) => v.name === "w64.jpg") : undefined;
    const pixel = await sharp(jpeg?.data).raw().toBuffer();
    expect(Math.abs((pixel[0] ?? 0) - 40)).toBeLessThan(5);
    expect(Math.abs((pixel[1] ?? 0) - 180)).toBeLessThan(5);
    expect(Math.abs((pixel[2] ?? 0) - 60)).toBeLessThan(5);
  });

  it("refuses a bomb before decoding, and runs many images without failing", async () => {
    expect(await processImage(pngBomb(), 40_000_000)).toEqual({ ok: false, error: { type: "too-many-pixels" } });
    expect(await processImage(await phonePhoto({ width: 400, height: 300 }), 100_000)).toEqual({ ok: false, error: { type: "too-many-pixels" } });
    const photo = await phonePhoto({ width: 400, height: 300 });
    const results = await Promise.all(Array.from({ length: 5 }, () => processImage(photo)));
    expect(results.every((r) => r.ok && r.value.width === 400)).toBe(true);
    // The same picture gives the same public name.
    expect(new Set(results.map((r) => (r.ok ? r.value.publicHash : ""))).size).toBe(1);
  });
});

describe("processImage concurrency", () => {
  it("decodes at most two images at a time; the others wait their turn", async () => {
    const photo = await phonePhoto({ width: 800, height: 600 });
    const all = Promise.all(Array.from({ length: 6 }, () => processImage(photo)));
    expect(imageJobs()).toEqual({ running: 2, waiting: 4 });
    const results = await all;
    expect(results.every((r) => r.ok)).toBe(true);
    expect(imageJobs()).toEqual({ running: 0, waiting: 0 });
  });
});
