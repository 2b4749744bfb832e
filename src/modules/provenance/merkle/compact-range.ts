// The right edge of a growing Merkle tree: enough state to append leaves and compute the
// root without reading anything back from storage.
import { EMPTY_ROOT, HASH_SIZE, perfectNodesOf, rangeRoot, hashChildren, type NodeRef } from "./merkle.model";

/** A perfect subtree hash that an append completed; store it, it never changes again. */
export type CompletedNode = { ref: NodeRef; hash: Uint8Array };

/** How many perfect subtrees make up a tree of `size` leaves: the set bits of size. */
function frontierLength(size: number): number {
  let count = 0;
  for (let n = size; n > 0; n = Math.floor(n / 2)) {
    count += n % 2;
  }
  return count;
}

function requireHash(what: string, h: Uint8Array): void {
  if (h.length !== HASH_SIZE) {
    throw new RangeError(`${what} must be ${HASH_SIZE} bytes, got ${h.length}`);
  }
}

/**
 * The frontier of a tree of `size` leaves: the hashes of perfectNodesOf(0, size), largest
 * first, at most ⌈log2 size⌉+1 of them (RFC 9162 §2.1.1 trees, "compact range" of
 * transparency-dev/merkle).
 */
export class CompactRange {
  #size: number;
  readonly #frontier: Uint8Array[];

  constructor(size = 0, frontier: readonly Uint8Array[] = []) {
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new RangeError(`tree size must be a non-negative safe integer, got ${String(size)}`);
    }
    const expected = frontierLength(size);
    if (frontier.length !== expected) {
      throw new RangeError(`a tree of size ${size} has a frontier of ${expected} hashes, got ${frontier.length}`);
    }
    frontier.forEach((h, i) => requireHash(`frontier hash ${i}`, h));
    this.#size = size;
    this.#frontier = [...frontier];
  }

  /** Rebuilds the frontier of a stored tree from its perfect nodes (RFC 9162 §2.1.1). */
  static fromNodes(size: number, getNode: (ref: NodeRef) => Uint8Array): CompactRange {
    return new CompactRange(size, perfectNodesOf(0, size).map(getNode));
  }

  /** Number of leaves. */
  get size(): number {
    return this.#size;
  }

  /** A copy of the frontier hashes, largest subtree first. */
  frontier(): Uint8Array[] {
    return [...this.#frontier];
  }

  /**
   * Appends one leaf hash and returns every perfect node it completed, bottom-up: the leaf
   * (level 0) and then each parent finished as the index carries (RFC 9162 §2.1.1).
   */
  append(leafHash: Uint8Array): CompletedNode[] {
    requireHash("leaf hash", leafHash);
    let ref: NodeRef = { level: 0, index: this.#size };
    let h = leafHash;
    const completed: CompletedNode[] = [{ ref, hash: h }];
    // A node with an odd index is a right child: its left sibling is the newest frontier hash,
    // and together they complete the parent. Trailing one-bits of size = merges needed.
    while (ref.index % 2 === 1) {
      const left = this.#frontier.pop();
      if (left === undefined) {
        throw new Error(`corrupt frontier for tree size ${this.#size}`);
      }
      h = hashChildren(left, h);
      ref = { level: ref.level + 1, index: (ref.index - 1) / 2 };
      completed.push({ ref, hash: h });
    }
    this.#frontier.push(h);
    this.#size += 1;
    return completed;
  }

  /** MTH(D[size]) (RFC 9162 §2.1.1); EMPTY_ROOT for an empty tree. */
  root(): Uint8Array {
    return this.#size === 0 ? EMPTY_ROOT : rangeRoot(this.#frontier);
  }
}
