import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EMPTY_ROOT,
  consistencyPathRanges,
  consistencyProofFromLeaves,
  hashChildren,
  hashLeaf,
  inclusionPathRanges,
  inclusionProofFromLeaves,
  perfectNodesOf,
  rangeRoot,
  rootOf,
  verifyConsistency,
  verifyInclusion,
  type LeafRange,
  type NodeRef,
} from "./merkle.model";
import { corruptConsistency, corruptInclusion } from "./merkle.testkit";
import { CONSISTENCY_VECTORS, INCLUSION_VECTORS, LEAF_INPUTS, NODE_HASHES, ROOTS, SOME_HASH, fromHex, toHex } from "./merkle.vectors";

const LEAVES = LEAF_INPUTS.map(hashLeaf);
const node = ({ level, index }: NodeRef): Uint8Array => fromHex(NODE_HASHES[level]?.[index] ?? "");
const hexes = (hs: readonly Uint8Array[]): string[] => hs.map(toHex);
/** MTH of each range, computed by the reference rootOf over the vector leaves. */
const rangesToHashes = (ranges: LeafRange[]): string[] => ranges.map(([s, e]) => toHex(rootOf(LEAVES.slice(s, e))));
const sha256 = (...parts: Uint8Array[]): string => {
  const h = createHash("sha256");
  parts.forEach((p) => h.update(p));
  return h.digest("hex");
};

describe("hashing (RFC 9162 §2.1.1)", () => {
  it("EMPTY_ROOT is SHA-256 of the empty string", () => {
    expect(toHex(EMPTY_ROOT)).toBe(ROOTS[0]);
    expect(toHex(EMPTY_ROOT)).toBe(sha256());
  });

  it("hashLeaf prefixes 0x00 and matches the published leaf hashes", () => {
    expect(hexes(LEAVES)).toEqual(NODE_HASHES[0]);
    expect(toHex(hashLeaf(fromHex("2021")))).toBe(sha256(new Uint8Array([0, 0x20, 0x21])));
  });

  it("hashChildren prefixes 0x01 and reproduces every published interior node", () => {
    for (let level = 1; level < NODE_HASHES.length; level++) {
      const row = NODE_HASHES[level] ?? [];
      row.forEach((expected, index) => {
        const got = hashChildren(node({ level: level - 1, index: 2 * index }), node({ level: level - 1, index: 2 * index + 1 }));
        expect(toHex(got)).toBe(expected);
      });
    }
  });

  it("hashChildren hashes inputs of any length faithfully", () => {
    const l = fromHex("0102");
    const r = fromHex("030405");
    expect(toHex(hashChildren(l, r))).toBe(sha256(new Uint8Array([1]), l, r));
    // The 32-byte fast path reuses a buffer: results must not alias each other.
    const a = hashChildren(LEAVES[0] ?? EMPTY_ROOT, LEAVES[1] ?? EMPTY_ROOT);
    const b = hashChildren(LEAVES[2] ?? EMPTY_ROOT, LEAVES[3] ?? EMPTY_ROOT);
    expect(toHex(a)).toBe(NODE_HASHES[1]?.[0]);
    expect(toHex(b)).toBe(NODE_HASHES[1]?.[1]);
  });
});

describe("rootOf (reference MTH)", () => {
  it.each(ROOTS.map((root, size) => ({ size, root })))("root of the first $size vector leaves is $root", ({ size, root }) => {
    expect(toHex(rootOf(LEAVES.slice(0, size)))).toBe(root);
  });

  it("MTH(D[0:7]) = H(MTH[0:4], H(MTH[4:6], MTH[6:7]))", () => {
    const expected = hashChildren(node({ level: 2, index: 0 }), hashChildren(node({ level: 1, index: 2 }), node({ level: 0, index: 6 })));
    expect(toHex(expected)).toBe(ROOTS[7]);
    expect(toHex(rootOf(LEAVES.slice(0, 7)))).toBe(ROOTS[7]);
  });
});

describe("perfectNodesOf and rangeRoot", () => {
  it("decomposes into maximal perfect subtrees, largest first", () => {
    expect(perfectNodesOf(0, 0)).toEqual([]);
    expect(perfectNodesOf(0, 1)).toEqual([{ level: 0, index: 0 }]);
    expect(perfectNodesOf(0, 8)).toEqual([{ level: 3, index: 0 }]);
    expect(perfectNodesOf(0, 7)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(perfectNodesOf(4, 7)).toEqual([
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(perfectNodesOf(8, 13)).toEqual([
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
  });

  it("works beyond 32-bit sizes", () => {
    const big = 2 ** 40;
    expect(perfectNodesOf(0, big + 3)).toEqual([
      { level: 40, index: 0 },
      { level: 1, index: 2 ** 39 },
      { level: 0, index: big + 2 },
    ]);
  });

  it.each(ROOTS.map((root, size) => ({ size, root })))("folding the published nodes of [0, $size) gives the published root", ({ size, root }) => {
    expect(toHex(rangeRoot(perfectNodesOf(0, size).map(node)))).toBe(root);
  });

  it("equals MTH(D[start:end]) for every aligned range of the vector tree", () => {
    let checked = 0;
    for (let end = 0; end <= 8; end++) {
      for (let start = 0; start <= end; start++) {
        let nodes: NodeRef[];
        try {
          nodes = perfectNodesOf(start, end);
        } catch {
          continue;
        }
        expect(toHex(rangeRoot(nodes.map(node)))).toBe(toHex(rootOf(LEAVES.slice(start, end))));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("covers aligned ranges with strictly shrinking, contiguous perfect nodes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 12 }), (span, multiple) => {
        let top = 1;
        while (top * 2 <= span) {
          top *= 2;
        }
        const start = multiple * top; // aligned as the RFC recursion aligns its ranges
        const nodes = perfectNodesOf(start, start + span);
        let position = start;
        let previous = Infinity;
        for (const { level, index } of nodes) {
          const width = 2 ** level;
          expect(width).toBeLessThan(previous);
          expect(index * width).toBe(position);
          position += width;
          previous = width;
        }
        expect(position).toBe(start + span);
      }),
    );
  });

  it("rejects ranges whose fold would not be their MTH, and bad numbers", () => {
    expect(() => perfectNodesOf(2, 7)).toThrow(/not aligned/);
    expect(() => perfectNodesOf(1, 3)).toThrow(/not aligned/);
    expect(() => perfectNodesOf(5, 3)).toThrow(/ends before it starts/);
    expect(() => perfectNodesOf(-1, 3)).toThrow(/non-negative safe integer/);
    expect(() => perfectNodesOf(0, 1.5)).toThrow(/non-negative safe integer/);
    expect(() => perfectNodesOf(0, Number.NaN)).toThrow(/non-negative safe integer/);
  });

  it("rangeRoot of nothing is the empty root", () => {
    expect(toHex(rangeRoot([]))).toBe(ROOTS[0]);
  });
});

describe("inclusionPathRanges (RFC 9162 §2.1.3.1)", () => {
  it("lists siblings bottom-up, nearest first", () => {
    expect(inclusionPathRanges(0, 1)).toEqual([]);
    expect(inclusionPathRanges(0, 8)).toEqual([
      [1, 2],
      [2, 4],
      [4, 8],
    ]);
    expect(inclusionPathRanges(5, 8)).toEqual([
      [4, 5],
      [6, 8],
      [0, 4],
    ]);
    expect(inclusionPathRanges(2, 3)).toEqual([[0, 2]]);
    expect(inclusionPathRanges(6, 7)).toEqual([
      [4, 6],
      [0, 4],
    ]);
  });

  it("handles sizes beyond 32 bits", () => {
    const big = 2 ** 40;
    expect(inclusionPathRanges(big + 2, big + 3)).toEqual([
      [big, big + 2],
      [0, big],
    ]);
  });

  it("rejects bad arguments with clear errors", () => {
    expect(() => inclusionPathRanges(3, 3)).toThrow("leaf index 3 must be less than tree size 3");
    expect(() => inclusionPathRanges(0, 0)).toThrow("leaf index 0 must be less than tree size 0");
    expect(() => inclusionPathRanges(-1, 3)).toThrow("leaf index must be a non-negative safe integer, got -1");
    expect(() => inclusionPathRanges(0.5, 3)).toThrow("leaf index must be a non-negative safe integer, got 0.5");
    expect(() => inclusionPathRanges(0, Infinity)).toThrow("tree size must be a non-negative safe integer, got Infinity");
  });
});

describe("consistencyPathRanges (RFC 9162 §2.1.4.1)", () => {
  it("follows SUBPROOF, in proof order", () => {
    expect(consistencyPathRanges(0, 5)).toEqual([]);
    expect(consistencyPathRanges(5, 5)).toEqual([]);
    expect(consistencyPathRanges(1, 8)).toEqual([
      [1, 2],
      [2, 4],
      [4, 8],
    ]);
    expect(consistencyPathRanges(6, 8)).toEqual([
      [4, 6],
      [6, 8],
      [0, 4],
    ]);
    expect(consistencyPathRanges(2, 5)).toEqual([
      [2, 4],
      [4, 5],
    ]);
    expect(consistencyPathRanges(4, 8)).toEqual([[4, 8]]);
    expect(consistencyPathRanges(3, 7)).toEqual([
      [2, 3],
      [3, 4],
      [0, 2],
      [4, 7],
    ]);
  });

  it("rejects bad arguments with clear errors", () => {
    expect(() => consistencyPathRanges(6, 3)).toThrow("first tree size 6 must not exceed second tree size 3");
    expect(() => consistencyPathRanges(-1, 3)).toThrow("first tree size must be a non-negative safe integer, got -1");
    expect(() => consistencyPathRanges(1, 2.5)).toThrow("second tree size must be a non-negative safe integer, got 2.5");
  });
});

describe("published inclusion vectors", () => {
  const someHash = fromHex(SOME_HASH);

  it.each(INCLUSION_VECTORS)("leaf $index in a tree of $size", ({ index, size, proof }) => {
    const leaves = LEAVES.slice(0, size);
    const leaf = LEAVES[index] ?? EMPTY_ROOT;
    const root = fromHex(ROOTS[size] ?? "");
    expect(hexes(inclusionProofFromLeaves(index, leaves))).toEqual(proof);
    expect(rangesToHashes(inclusionPathRanges(index, size))).toEqual(proof);
    expect(verifyInclusion(index, size, leaf, proof.map(fromHex), root)).toBe(true);
    for (const probe of corruptInclusion({ index, size, leaf, proof: proof.map(fromHex), root }, someHash, EMPTY_ROOT)) {
      expect(verifyInclusion(probe.index, probe.size, probe.leaf, probe.proof, probe.root), probe.desc).toBe(false);
    }
  });

  it("agrees with the reference generator for every leaf of every vector tree", () => {
    for (let size = 1; size <= 8; size++) {
      for (let index = 0; index < size; index++) {
        const proof = inclusionProofFromLeaves(index, LEAVES.slice(0, size));
        expect(rangesToHashes(inclusionPathRanges(index, size))).toEqual(hexes(proof));
        expect(verifyInclusion(index, size, LEAVES[index] ?? EMPTY_ROOT, proof, fromHex(ROOTS[size] ?? ""))).toBe(true);
      }
    }
  });
});

describe("published consistency vectors", () => {
  it.each(CONSISTENCY_VECTORS)("from size $size1 to size $size2", ({ size1, size2, proof }) => {
    const root1 = fromHex(ROOTS[size1] ?? "");
    const root2 = fromHex(ROOTS[size2] ?? "");
    expect(hexes(consistencyProofFromLeaves(size1, LEAVES.slice(0, size2)))).toEqual(proof);
    expect(rangesToHashes(consistencyPathRanges(size1, size2))).toEqual(proof);
    expect(verifyConsistency(size1, size2, root1, root2, proof.map(fromHex))).toBe(true);
    if (proof.length > 0) {
      for (const probe of corruptConsistency({ size1, size2, root1, root2, proof: proof.map(fromHex) }, EMPTY_ROOT)) {
        expect(verifyConsistency(probe.size1, probe.size2, probe.root1, probe.root2, probe.proof), probe.desc).toBe(false);
      }
    }
  });

  it("agrees with the reference generator for every pair of vector sizes", () => {
    for (let size2 = 0; size2 <= 8; size2++) {
      for (let size1 = 0; size1 <= size2; size1++) {
        const proof = consistencyProofFromLeaves(size1, LEAVES.slice(0, size2));
        expect(rangesToHashes(consistencyPathRanges(size1, size2))).toEqual(hexes(proof));
        expect(verifyConsistency(size1, size2, fromHex(ROOTS[size1] ?? ""), fromHex(ROOTS[size2] ?? ""), proof)).toBe(true);
      }
    }
  });
});

describe("verifyInclusion edge cases (transparency-dev proof/verify_test.go)", () => {
  const someHash = fromHex(SOME_HASH);
  const none = new Uint8Array(0);

  it.each([
    [0, 0],
    [0, 1],
    [1, 0],
    [2, 1],
  ])("rejects index %i, size %i with an empty proof and mismatched hashes", (index, size) => {
    expect(verifyInclusion(index, size, someHash, [], none)).toBe(false);
    expect(verifyInclusion(index, size, none, [], EMPTY_ROOT)).toBe(false);
    expect(verifyInclusion(index, size, someHash, [], EMPTY_ROOT)).toBe(false);
  });

  it("a single-entry tree: root = leaf hash, empty proof; wrong-size hashes fail", () => {
    const h = hashLeaf(new TextEncoder().encode("data"));
    expect(verifyInclusion(0, 1, h, [], h)).toBe(true);
    expect(verifyInclusion(0, 1, none, [], h)).toBe(false);
    expect(verifyInclusion(0, 1, h, [], none)).toBe(false);
    expect(verifyInclusion(0, 1, none, [], none)).toBe(false);
  });

  it("rejects non-integer, negative and unsafe numbers instead of throwing", () => {
    const [proof, root] = [inclusionProofFromLeaves(1, LEAVES), fromHex(ROOTS[8] ?? "")];
    const leaf = LEAVES[1] ?? EMPTY_ROOT;
    expect(verifyInclusion(1, 8, leaf, proof, root)).toBe(true);
    expect(verifyInclusion(1.5, 8, leaf, proof, root)).toBe(false);
    expect(verifyInclusion(1, 8.5, leaf, proof, root)).toBe(false);
    expect(verifyInclusion(-1, 8, leaf, proof, root)).toBe(false);
    expect(verifyInclusion(1, 2 ** 60, leaf, proof, root)).toBe(false);
  });

  it("stops when sn reaches 0, even if the root was forged to match an over-long walk", () => {
    // Without the RFC's "if sn is 0, stop and fail", an extra element X would be folded in as a
    // left sibling, and a root of H(X, root) would verify.
    const x = fromHex(SOME_HASH);
    const proof = inclusionProofFromLeaves(5, LEAVES);
    const forged = hashChildren(x, fromHex(ROOTS[8] ?? ""));
    expect(verifyInclusion(5, 8, LEAVES[5] ?? EMPTY_ROOT, [...proof, x], forged)).toBe(false);
    expect(verifyInclusion(0, 1, LEAVES[0] ?? EMPTY_ROOT, [x], hashChildren(x, LEAVES[0] ?? EMPTY_ROOT))).toBe(false);
  });

  it("walks sizes beyond 32 bits", () => {
    const big = 2 ** 40;
    const [n40, n1, leaf] = [hashLeaf(fromHex("01")), hashLeaf(fromHex("02")), hashLeaf(fromHex("03"))];
    const root = hashChildren(n40, hashChildren(n1, leaf));
    expect(verifyInclusion(big + 2, big + 3, leaf, [n1, n40], root)).toBe(true);
    expect(verifyInclusion(big + 2, big + 4, leaf, [n1, n40], root)).toBe(false);
    expect(verifyInclusion(big + 1, big + 3, leaf, [n1, n40], root)).toBe(false);
  });
});

describe("verifyConsistency edge cases (transparency-dev proof/verify_test.go)", () => {
  // Upstream uses arbitrary bytes as roots when sizes make them irrelevant.
  const root1 = new TextEncoder().encode("don't care 1");
  const root2 = new TextEncoder().encode("don't care 2");
  const e = EMPTY_ROOT;
  const cases: Array<[string, number, number, Uint8Array, Uint8Array, Uint8Array[], boolean]> = [
    ["equal sizes 0, different roots", 0, 0, root1, root2, [], false],
    ["equal sizes 1, different roots", 1, 1, root1, root2, [], false],
    ["equal sizes 0, equal roots", 0, 0, root1, root1, [], true],
    ["from size 0 (always consistent, empty proof)", 0, 1, root1, root2, [], true],
    ["equal sizes 1, equal roots", 1, 1, root2, root2, [], true],
    ["time travel 1 → 0", 1, 0, root1, root2, [], false],
    ["time travel 2 → 1", 2, 1, root1, root2, [], false],
    ["empty proof for 1 → 2", 1, 2, root1, root2, [], false],
    ["roots don't match at size 0", 0, 0, e, root2, [], false],
    ["roots don't match at size 1", 1, 1, e, root2, [], false],
    ["non-empty proof for 0 → 0", 0, 0, e, e, [e], false],
    ["non-empty proof for 0 → 1", 0, 1, e, e, [e], false],
    ["non-empty proof for 1 → 1", 1, 1, e, e, [e], false],
    ["non-integer size", 1.5, 2, e, e, [e], false],
    ["negative size", -1, 2, e, e, [e], false],
  ];

  it("stops when sn reaches 0, even if the roots were forged to match an over-long walk", () => {
    const x = fromHex(SOME_HASH);
    const proof = consistencyProofFromLeaves(6, LEAVES);
    const forged1 = hashChildren(x, fromHex(ROOTS[6] ?? ""));
    const forged2 = hashChildren(x, fromHex(ROOTS[8] ?? ""));
    expect(verifyConsistency(6, 8, fromHex(ROOTS[6] ?? ""), fromHex(ROOTS[8] ?? ""), proof)).toBe(true);
    expect(verifyConsistency(6, 8, forged1, forged2, [...proof, x])).toBe(false);
  });

  it.each(cases)("%s", (_desc, size1, size2, r1, r2, proof, expected) => {
    expect(verifyConsistency(size1, size2, r1, r2, proof)).toBe(expected);
  });
});

describe("reference generators", () => {
  it("reject bad arguments with clear errors", () => {
    expect(() => inclusionProofFromLeaves(8, LEAVES)).toThrow("leaf index 8 must be less than tree size 8");
    expect(() => inclusionProofFromLeaves(-1, LEAVES)).toThrow("leaf index must be a non-negative safe integer, got -1");
    expect(() => consistencyProofFromLeaves(9, LEAVES)).toThrow("first tree size 9 must not exceed second tree size 8");
    expect(consistencyProofFromLeaves(0, LEAVES)).toEqual([]);
    expect(consistencyProofFromLeaves(8, LEAVES)).toEqual([]);
  });
});
