// Test-only helpers: an in-memory node store fed by CompactRange.append, and corruption helpers.
import { CompactRange } from "./compact-range";
import type { NodeRef } from "./merkle.model";
import { nodeKey, type NodeReader } from "./proof.service";

/** A NodeReader over a Map, recording every call so tests can count round trips. */
export class MemoryNodeStore implements NodeReader {
  readonly hashes = new Map<string, Uint8Array>();
  readonly calls: NodeRef[][] = [];

  async nodes(refs: NodeRef[]): Promise<Map<string, Uint8Array>> {
    this.calls.push(refs);
    const found = new Map<string, Uint8Array>();
    for (const ref of refs) {
      const h = this.hashes.get(nodeKey(ref));
      if (h !== undefined) {
        found.set(nodeKey(ref), h);
      }
    }
    return found;
  }
}

/** Appends the leaf hashes to a fresh CompactRange, storing every node it reports completed. */
export function buildLog(leafHashes: readonly Uint8Array[]): { store: MemoryNodeStore; range: CompactRange } {
  const store = new MemoryNodeStore();
  const range = new CompactRange();
  for (const leaf of leafHashes) {
    for (const { ref, hash } of range.append(leaf)) {
      store.hashes.set(nodeKey(ref), hash);
    }
  }
  return { store, range };
}

/** A copy of h with one bit flipped (bit 0 = most significant bit of byte 0). */
export function flipBit(h: Uint8Array, bit: number): Uint8Array {
  const copy = new Uint8Array(h);
  const byte = Math.floor(bit / 8) % copy.length;
  copy[byte] = (copy[byte] ?? 0) ^ (0x80 >> (bit % 8));
  return copy;
}

const WRONG = new TextEncoder().encode("WrongLeaf");
const WRONG_ROOT = new TextEncoder().encode("WrongRoot");

type InclusionCase = { index: number; size: number; leaf: Uint8Array; proof: Uint8Array[]; root: Uint8Array };
type ConsistencyCase = { size1: number; size2: number; root1: Uint8Array; root2: Uint8Array; proof: Uint8Array[] };

/**
 * The corruptions transparency-dev/merkle (proof/verify_test.go corruptInclusionProof) and the
 * CT C++ tests (VerifierCheck) apply to a valid inclusion proof; each must fail verification.
 */
export function corruptInclusion(c: InclusionCase, someHash: Uint8Array, emptyRoot: Uint8Array): Array<InclusionCase & { desc: string }> {
  const { index, size, proof, root } = c;
  const probes: Array<InclusionCase & { desc: string }> = [
    { ...c, index: index - 1, desc: "index - 1" },
    { ...c, index: index + 1, desc: "index + 1" },
    { ...c, index: index ^ 2, desc: "index ^ 2" },
    { ...c, size: size * 2, desc: "size * 2" },
    { ...c, size: Math.floor(size / 2), desc: "size / 2" },
    { ...c, leaf: WRONG, desc: "wrong leaf" },
    { ...c, root: emptyRoot, desc: "empty root" },
    { ...c, root: someHash, desc: "random root" },
    { ...c, proof: [...proof, new Uint8Array(0)], desc: "trailing garbage" },
    { ...c, proof: [...proof, root], desc: "trailing root" },
    { ...c, proof: [new Uint8Array(0), ...proof], desc: "preceding garbage" },
    { ...c, proof: [root, ...proof], desc: "preceding root" },
  ];
  proof.forEach((p, i) => {
    const wrong = [...proof];
    wrong[i] = flipBit(p, 4);
    probes.push({ ...c, proof: wrong, desc: `modified proof[${i}] bit 3` });
    const replaced = [...proof];
    replaced[i] = emptyRoot;
    probes.push({ ...c, proof: replaced, desc: `proof[${i}] replaced by the empty root` });
  });
  if (proof.length > 0) {
    probes.push({ ...c, proof: proof.slice(0, -1), desc: "removed component" });
  }
  const [first, ...rest] = proof;
  if (first !== undefined && rest.length > 0) {
    probes.push({ ...c, proof: [first, someHash, ...rest], desc: "inserted component" });
  }
  return probes;
}

/**
 * The corruptions of proof/verify_test.go corruptConsistencyProof (and CT C++
 * VerifierConsistencyCheck) for a non-empty consistency proof; each must fail verification.
 */
export function corruptConsistency(c: ConsistencyCase, emptyRoot: Uint8Array): Array<ConsistencyCase & { desc: string }> {
  const { size1, size2, root1, root2, proof } = c;
  const first = proof[0] ?? new Uint8Array(0);
  const last = proof[proof.length - 1] ?? new Uint8Array(0);
  const probes: Array<ConsistencyCase & { desc: string }> = [
    { ...c, size1: size1 - 1, desc: "size1 - 1" },
    { ...c, size1: size1 + 1, desc: "size1 + 1" },
    { ...c, size1: size1 ^ 2, desc: "size1 ^ 2" },
    { ...c, size2: size2 * 2, desc: "size2 * 2" },
    { ...c, size2: Math.floor(size2 / 2), desc: "size2 / 2" },
    { ...c, root1: WRONG_ROOT, desc: "wrong root1" },
    { ...c, root2: WRONG_ROOT, desc: "wrong root2" },
    { ...c, root1: root2, root2: root1, desc: "swapped roots" },
    { ...c, proof: [], desc: "empty proof" },
    { ...c, proof: [...proof, new Uint8Array(0)], desc: "trailing garbage" },
    { ...c, proof: [...proof, root1], desc: "trailing root1" },
    { ...c, proof: [...proof, root2], desc: "trailing root2" },
    { ...c, proof: [...proof, last], desc: "trailing proof[last]" },
    { ...c, proof: [new Uint8Array(0), ...proof], desc: "preceding garbage" },
    { ...c, proof: [root1, ...proof], desc: "preceding root1" },
    { ...c, proof: [root2, ...proof], desc: "preceding root2" },
    { ...c, proof: [first, ...proof], desc: "preceding proof[0]" },
    { ...c, proof: proof.slice(0, -1), desc: "truncated proof" },
  ];
  proof.forEach((p, i) => {
    const wrong = [...proof];
    wrong[i] = flipBit(p, 3);
    probes.push({ ...c, proof: wrong, desc: `modified proof[${i}] bit 4` });
    const replaced = [...proof];
    replaced[i] = emptyRoot;
    probes.push({ ...c, proof: replaced, desc: `proof[${i}] replaced by the empty root` });
  });
  return probes;
}
