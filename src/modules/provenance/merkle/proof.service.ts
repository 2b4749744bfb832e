// Proofs and roots for a log whose perfect-subtree hashes live in storage. Every request
// costs exactly one storage round trip: the needed nodes are known from the sizes alone.
import { HASH_SIZE, consistencyPathRanges, inclusionPathRanges, perfectNodesOf, rangeRoot, type LeafRange, type NodeRef } from "./merkle.model";

/** Storage of perfect-subtree hashes; the result maps nodeKey(ref) to the hash, omitting unknown nodes. */
export interface NodeReader {
  nodes(refs: NodeRef[]): Promise<Map<string, Uint8Array>>;
}

/** The storage key of a node: `${level}/${index}`. */
export function nodeKey(ref: NodeRef): string {
  return `${ref.level}/${ref.index}`;
}

/** PATH(index, D[size]) of RFC 9162 §2.1.3.1, from stored nodes. */
export async function inclusionProof(reader: NodeReader, index: number, size: number): Promise<Uint8Array[]> {
  return hashRanges(reader, inclusionPathRanges(index, size));
}

/** PROOF(m, D[n]) of RFC 9162 §2.1.4.1, from stored nodes; empty when m is 0 or equals n. */
export async function consistencyProof(reader: NodeReader, m: number, n: number): Promise<Uint8Array[]> {
  return hashRanges(reader, consistencyPathRanges(m, n));
}

/** MTH(D[size]) of RFC 9162 §2.1.1, from stored nodes; EMPTY_ROOT for size 0. */
export async function rootAt(reader: NodeReader, size: number): Promise<Uint8Array> {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`tree size must be a non-negative safe integer, got ${String(size)}`);
  }
  const [root] = await hashRanges(reader, [[0, size]]);
  return root ?? fail("unreachable: one range gives one hash");
}

/** MTH of each range, with all nodes of all ranges fetched in a single reader call. */
async function hashRanges(reader: NodeReader, ranges: readonly LeafRange[]): Promise<Uint8Array[]> {
  const groups = ranges.map(([start, end]) => perfectNodesOf(start, end));
  const unique = new Map<string, NodeRef>();
  for (const ref of groups.flat()) {
    unique.set(nodeKey(ref), ref);
  }
  // Nothing to read (size 0, a single-leaf tree, equal sizes): skip the round trip.
  const found = unique.size === 0 ? new Map<string, Uint8Array>() : await reader.nodes([...unique.values()]);
  const lookup = (ref: NodeRef): Uint8Array => {
    const key = nodeKey(ref);
    const h = found.get(key);
    if (h === undefined) {
      throw new Error(`Merkle node ${key} (leaves ${ref.index * 2 ** ref.level}..${(ref.index + 1) * 2 ** ref.level - 1}) is missing from storage`);
    }
    if (h.length !== HASH_SIZE) {
      throw new Error(`Merkle node ${key} in storage is ${h.length} bytes, expected ${HASH_SIZE}`);
    }
    return h;
  };
  return groups.map((refs) => rangeRoot(refs.map(lookup)));
}

function fail(message: string): never {
  throw new Error(message);
}
