import { describe, expect, it } from "vitest";
import { CompactRange, type CompletedNode } from "./compact-range";
import { EMPTY_ROOT, hashLeaf, perfectNodesOf, rootOf } from "./merkle.model";
import { nodeKey } from "./proof.service";
import { buildLog } from "./merkle.testkit";
import { COMPACT_TREES, LEAF_INPUTS, NODE_HASHES, ROOTS, toHex } from "./merkle.vectors";

const VECTOR_LEAVES = LEAF_INPUTS.map(hashLeaf);
const leavesOf = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => hashLeaf(new TextEncoder().encode(`entry ${i}`)));
const LEAVES_200 = leavesOf(200);
const describeNodes = (nodes: CompletedNode[]): Array<[number, number, string]> => nodes.map(({ ref, hash }) => [ref.level, ref.index, toHex(hash)]);

describe("CompactRange", () => {
  it("starts empty with the empty root", () => {
    const range = new CompactRange();
    expect(range.size).toBe(0);
    expect(range.frontier()).toEqual([]);
    expect(toHex(range.root())).toBe(toHex(EMPTY_ROOT));
  });

  it("reproduces the published roots and frontiers (transparency-dev testonly CompactTrees)", () => {
    const range = new CompactRange();
    for (let size = 1; size <= 8; size++) {
      range.append(VECTOR_LEAVES[size - 1] ?? EMPTY_ROOT);
      expect(range.size).toBe(size);
      expect(toHex(range.root())).toBe(ROOTS[size]);
      const expected = (COMPACT_TREES[size] ?? []).map(([level, index]) => NODE_HASHES[level]?.[index]);
      expect(range.frontier().map(toHex)).toEqual(expected);
    }
  });

  it("reports every completed node exactly once, bottom-up, matching the published node hashes", () => {
    const range = new CompactRange();
    const reported = VECTOR_LEAVES.map((leaf) => describeNodes(range.append(leaf)));
    const n = (level: number, index: number): [number, number, string] => [level, index, NODE_HASHES[level]?.[index] ?? ""];
    expect(reported).toEqual([
      [n(0, 0)],
      [n(0, 1), n(1, 0)],
      [n(0, 2)],
      [n(0, 3), n(1, 1), n(2, 0)],
      [n(0, 4)],
      [n(0, 5), n(1, 2)],
      [n(0, 6)],
      [n(0, 7), n(1, 3), n(2, 1), n(3, 0)],
    ]);
  });

  it("has roots equal to rootOf for sizes 0..200 and a frontier of popcount(size) hashes", () => {
    const range = new CompactRange();
    for (let size = 0; size <= 200; size++) {
      expect(toHex(range.root())).toBe(toHex(rootOf(LEAVES_200.slice(0, size))));
      expect(range.frontier().length).toBe(perfectNodesOf(0, size).length);
      expect(range.frontier().length).toBeLessThanOrEqual(Math.ceil(Math.log2(Math.max(size, 1))) + 1);
      const next = LEAVES_200[size];
      if (next !== undefined) {
        range.append(next);
      }
    }
  });

  it("stores exactly the perfect nodes of the tree (2n − popcount(n) of them)", () => {
    const { store } = buildLog(LEAVES_200);
    expect(store.hashes.size).toBe(2 * 200 - perfectNodesOf(0, 200).length);
  });

  it("fromNodes resumes a stored tree: same root, same frontier, same later appends", () => {
    const { store, range: full } = buildLog(LEAVES_200);
    const get = (ref: { level: number; index: number }): Uint8Array => store.hashes.get(nodeKey(ref)) ?? EMPTY_ROOT;
    for (const size of [0, 1, 2, 3, 5, 8, 13, 64, 127, 128, 129, 199]) {
      const resumed = CompactRange.fromNodes(size, get);
      const continuous = buildLog(LEAVES_200.slice(0, size)).range;
      expect(resumed.size).toBe(size);
      expect(resumed.frontier().map(toHex)).toEqual(continuous.frontier().map(toHex));
      expect(toHex(resumed.root())).toBe(toHex(rootOf(LEAVES_200.slice(0, size))));
      for (const leaf of LEAVES_200.slice(size)) {
        expect(describeNodes(resumed.append(leaf))).toEqual(describeNodes(continuous.append(leaf)));
      }
      expect(toHex(resumed.root())).toBe(toHex(full.root()));
    }
  });

  it("the constructor takes a size and frontier and copies them", () => {
    const source = buildLog(LEAVES_200.slice(0, 7)).range;
    const frontier = source.frontier();
    const copy = new CompactRange(7, frontier);
    frontier.pop();
    expect(copy.frontier().length).toBe(3);
    copy.append(LEAVES_200[7] ?? EMPTY_ROOT);
    expect(source.size).toBe(7);
    expect(toHex(copy.root())).toBe(toHex(rootOf(LEAVES_200.slice(0, 8))));
  });

  it("rejects inconsistent state and wrong-size hashes with clear errors", () => {
    const h = LEAVES_200[0] ?? EMPTY_ROOT;
    expect(() => new CompactRange(3, [h])).toThrow("a tree of size 3 has a frontier of 2 hashes, got 1");
    expect(() => new CompactRange(0, [h])).toThrow("a tree of size 0 has a frontier of 0 hashes, got 1");
    expect(() => new CompactRange(-1)).toThrow("tree size must be a non-negative safe integer, got -1");
    expect(() => new CompactRange(1.5, [h])).toThrow("tree size must be a non-negative safe integer, got 1.5");
    expect(() => new CompactRange(1, [new Uint8Array(31)])).toThrow("frontier hash 0 must be 32 bytes, got 31");
    expect(() => new CompactRange().append(new Uint8Array(0))).toThrow("leaf hash must be 32 bytes, got 0");
  });

  // Speed is measured in bench/log.bench.ts; here only the shape of a large tree is checked.
  it("keeps one frontier hash per set bit of a large size", () => {
    const leaves = leavesOf(64);
    const range = new CompactRange();
    for (let i = 0; i < 100_000; i++) {
      range.append(leaves[i % 64] ?? EMPTY_ROOT);
    }
    expect(range.size).toBe(100_000);
    expect(range.frontier().length).toBe(perfectNodesOf(0, 100_000).length);
  });
});
