import { describe, expect, it } from "vitest";
import { createProgress } from "./progress";

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 200, write: (s: string) => writes.push(s) } };
}

describe("createProgress", () => {
  it("prints a line at most every 10% when not a terminal", () => {
    const { writes, stream } = fakeStream(false);
    let t = 0;
    const p = createProgress("import", 1000, stream, () => t);
    for (let i = 0; i < 1000; i++) {
      t += 1;
      p.tick();
    }
    p.done();
    expect(writes.length).toBe(11);
    expect(writes.every((w) => w.endsWith("\n") && !w.includes("\r"))).toBe(true);
    expect(writes[0]).toContain("import: 0%");
    expect(writes[5]).toContain("50% (500/1,000");
    expect(writes.at(-1)).toContain("100% (1,000/1,000, 1000/s");
  });

  it("redraws one line with bar, percent, count, rate and ETA on a terminal", () => {
    const { writes, stream } = fakeStream(true);
    let t = 0;
    const p = createProgress("build", 200, stream, () => t);
    t = 1000;
    p.update(50);
    t = 1050;
    p.update(60);
    t = 2000;
    p.update(100);
    p.done();
    p.tick();
    expect(writes[0]).toMatch(/^\rbuild [█░]{24}  25% 50\/200 50\.0\/s ETA 00:03\x1b\[K$/);
    // Redraws are throttled: the update 50 ms later printed nothing.
    expect(writes.length).toBe(4);
    expect(writes[1]).toContain(" 50% 100/200");
    expect(writes[2]).toContain(" 50% 100/200");
    expect(writes[3]).toBe("\n");
  });

  it("handles an empty job", () => {
    const { writes, stream } = fakeStream(false);
    createProgress("nothing", 0, stream, () => 0).done();
    expect(writes).toEqual(["nothing: 100% (0/0, 0.0/s, 00:00 elapsed)\n"]);
  });
});
