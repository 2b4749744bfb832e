import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EMPTY_ROOT,
  consistencyProofFromLeaves,
  hashLeaf,
  inclusionPathRanges,
  inclusionProofFromLeaves,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from "./merkle.model";
import { MemoryNodeStore, buildLog, corruptConsistency, flipBit } from "./merkle.testkit";
import { CONSISTENCY_VECTORS, INCLUSION_VECTORS, LEAF_INPUTS, ROOTS, toHex } from "./merkle.vectors";
import { consistencyProof, inclusionProof, nodeKey, rootAt } from "./proof.service";

const hexes = (hs: readonly Uint8Array[]): string[] => hs.map(toHex);

// One log of 300 leaves serves every smaller size: a perfect node never changes once complete,
// so the nodes of any prefix tree are already in the store.
const MAX = 300;
const LEAVES = Array.from({ length: MAX }, (_, i) => hashLeaf(new TextEncoder().encode(`leaf ${i}`)));
const LOG = buildLog(LEAVES).store;
const ROOT_CACHE = new Map<number, Uint8Array>();
const rootFor = (size: number): Uint8Array => {
  const cached = ROOT_CACHE.get(size);
  if (cached !== undefined) {
    return cached;
  }
  const root = rootOf(LEAVES.slice(0, size));
  ROOT_CACHE.set(size, root);
  return root;
};

/** Left/right sequence of an inclusion path: the only thing the RFC bit walk depends on. */
const pathShape = (index: number, size: number): string =>
  index < size
    ? inclusionPathRanges(index, size)
        .map(([start]) => (start < index ? "L" : "R"))
        .join("")
    : "invalid";

describe("published vectors through a NodeReader", () => {
  const vectorLog = buildLog(LEAF_INPUTS.map(hashLeaf)).store;

  it.each(INCLUSION_VECTORS)("inclusion proof for leaf $index in a tree of $size", async ({ index, size, proof }) => {
    expect(hexes(await inclusionProof(vectorLog, index, size))).toEqual(proof);
  });

  it.each(CONSISTENCY_VECTORS)("consistency proof from $size1 to $size2", async ({ size1, size2, proof }) => {
    expect(hexes(await consistencyProof(vectorLog, size1, size2))).toEqual(proof);
  });

  it.each(ROOTS.map((root, size) => ({ size, root })))("root at size $size", async ({ size, root }) => {
    expect(toHex(await rootAt(vectorLog, size))).toBe(root);
  });
});

describe("storage access", () => {
  it("fetches every needed node in one call, without duplicates", async () => {
    const store = buildLog(LEAVES).store;
    await consistencyProof(store, 37, 300);
    await inclusionProof(store, 123, 299);
    await rootAt(store, 255);
    expect(store.calls.length).toBe(3);
    for (const refs of store.calls) {
      expect(new Set(refs.map(nodeKey)).size).toBe(refs.length);
    }
  });

  it("skips storage when nothing is needed", async () => {
    const store = new MemoryNodeStore();
    expect(toHex(await rootAt(store, 0))).toBe(toHex(EMPTY_ROOT));
    expect(await inclusionProof(store, 0, 1)).toEqual([]);
    expect(await consistencyProof(store, 0, 5)).toEqual([]);
    expect(await consistencyProof(store, 5, 5)).toEqual([]);
    expect(store.calls).toEqual([]);
  });

  it("fails clearly when a node is missing or malformed", async () => {
    const store = buildLog(LEAVES.slice(0, 8)).store;
    await expect(inclusionProof(store, 0, 9)).rejects.toThrow("Merkle node 0/8 (leaves 8..8) is missing from storage");
    await expect(rootAt(store, 12)).rejects.toThrow("Merkle node 2/2 (leaves 8..11) is missing from storage");
    store.hashes.set(nodeKey({ level: 2, index: 1 }), new Uint8Array(3));
    await expect(rootAt(store, 8)).resolves.toBeDefined();
    await expect(consistencyProof(store, 4, 8)).rejects.toThrow("Merkle node 2/1 in storage is 3 bytes, expected 32");
  });

  it("rejects bad arguments with clear errors", async () => {
    await expect(inclusionProof(LOG, 5, 5)).rejects.toThrow("leaf index 5 must be less than tree size 5");
    await expect(inclusionProof(LOG, -1, 5)).rejects.toThrow("leaf index must be a non-negative safe integer, got -1");
    await expect(inclusionProof(LOG, 1.5, 5)).rejects.toThrow("leaf index must be a non-negative safe integer, got 1.5");
    await expect(consistencyProof(LOG, 6, 5)).rejects.toThrow("first tree size 6 must not exceed second tree size 5");
    await expect(consistencyProof(LOG, 2, Number.NaN)).rejects.toThrow("second tree size must be a non-negative safe integer, got NaN");
    await expect(rootAt(LOG, -3)).rejects.toThrow("tree size must be a non-negative safe integer, got -3");
  });
});

describe("properties (fast-check, sizes 1..300)", () => {
  const sizeAndIndex = fc.integer({ min: 1, max: MAX }).chain((size) => fc.tuple(fc.constant(size), fc.nat({ max: size - 1 })));
  const sizePair = fc.integer({ min: 1, max: MAX }).chain((size2) => fc.tuple(fc.integer({ min: 1, max: size2 }), fc.constant(size2)));
  const bit = fc.nat({ max: 255 });

  it("inclusion proofs match the reference, verify, and break under any single-bit flip", async () => {
    await fc.assert(
      fc.asyncProperty(sizeAndIndex, bit, async ([size, index], flip) => {
        const proof = await inclusionProof(LOG, index, size);
        expect(hexes(proof)).toEqual(hexes(inclusionProofFromLeaves(index, LEAVES.slice(0, size))));
        const root = rootFor(size);
        expect(toHex(await rootAt(LOG, size))).toBe(toHex(root));
        const leaf = LEAVES[index] ?? EMPTY_ROOT;
        expect(verifyInclusion(index, size, leaf, proof, root)).toBe(true);
        proof.forEach((p, i) => {
          const wrong = [...proof];
          wrong[i] = flipBit(p, flip);
          expect(verifyInclusion(index, size, leaf, wrong, root)).toBe(false);
        });
        expect(verifyInclusion(index, size, flipBit(leaf, flip), proof, root)).toBe(false);
        expect(verifyInclusion(index, size, leaf, proof, flipBit(root, flip))).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it("inclusion proofs fail for any other index, and for any size whose path has a different shape", () => {
    fc.assert(
      fc.property(sizeAndIndex, fc.nat({ max: MAX - 1 }), fc.integer({ min: 0, max: 2 * MAX }), ([size, index], otherIndex, otherSize) => {
        const proof = inclusionProofFromLeaves(index, LEAVES.slice(0, size));
        const [leaf, root] = [LEAVES[index] ?? EMPTY_ROOT, rootFor(size)];
        if (otherIndex !== index) {
          expect(verifyInclusion(otherIndex, size, leaf, proof, root)).toBe(false);
        }
        // The walk sees only the index and the size, through the path's left/right shape: sizes
        // that give the same shape are indistinguishable (the signed tree head binds the size).
        if (otherSize !== size) {
          const sameShape = pathShape(index, otherSize) === pathShape(index, size);
          expect(verifyInclusion(index, otherSize, leaf, proof, root)).toBe(sameShape);
        }
        expect(verifyInclusion(index, size * 2, leaf, proof, root)).toBe(false);
        expect(verifyInclusion(index, Math.floor(size / 2), leaf, proof, root)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("consistency proofs match the reference, verify, and break under any single-bit flip or wrong size", async () => {
    await fc.assert(
      fc.asyncProperty(sizePair, bit, async ([size1, size2], flip) => {
        const proof = await consistencyProof(LOG, size1, size2);
        expect(hexes(proof)).toEqual(hexes(consistencyProofFromLeaves(size1, LEAVES.slice(0, size2))));
        const [root1, root2] = [rootFor(size1), rootFor(size2)];
        expect(verifyConsistency(size1, size2, root1, root2, proof)).toBe(true);
        proof.forEach((p, i) => {
          const wrong = [...proof];
          wrong[i] = flipBit(p, flip);
          expect(verifyConsistency(size1, size2, root1, root2, wrong)).toBe(false);
        });
        expect(verifyConsistency(size1, size2, flipBit(root1, flip), root2, proof)).toBe(false);
        expect(verifyConsistency(size1, size2, root1, flipBit(root2, flip), proof)).toBe(false);
        if (proof.length > 0) {
          for (const probe of corruptConsistency({ size1, size2, root1, root2, proof }, EMPTY_ROOT)) {
            expect(verifyConsistency(probe.size1, probe.size2, probe.root1, probe.root2, probe.proof), probe.desc).toBe(false);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("consistency from size 0 needs only an empty proof", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: MAX }), async (size) => {
        expect(await consistencyProof(LOG, 0, size)).toEqual([]);
        expect(verifyConsistency(0, size, EMPTY_ROOT, rootFor(size), [])).toBe(true);
        expect(verifyConsistency(0, size, EMPTY_ROOT, rootFor(size), [rootFor(size)])).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});
