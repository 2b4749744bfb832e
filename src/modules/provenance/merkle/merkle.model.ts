// Merkle tree hashing, node addressing, proof shapes and proof verification for an
// append-only log, exactly as RFC 9162 (Certificate Transparency v2) §2.1 defines them.
// Pure and synchronous: storage lives elsewhere and is reached through node addresses.
import { hash } from "node:crypto";

/** Size in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

/**
 * A perfect subtree: the 2^level leaves starting at leaf index·2^level. Level 0 nodes are
 * leaf hashes. Once its last leaf is appended a node never changes, so it can be stored once.
 */
export type NodeRef = { level: number; index: number };

/** A half-open range of leaf indexes [start, end). */
export type LeafRange = [start: number, end: number];

// One reusable input buffer for interior nodes: hashChildren runs about once per appended
// leaf, and skipping the per-call allocation is a measurable share of its cost.
const childrenInput = Buffer.alloc(1 + 2 * HASH_SIZE);
childrenInput[0] = 0x01;

/** MTH({d}) = SHA-256(0x00 ‖ d), RFC 9162 §2.1.1. */
export function hashLeaf(entry: Uint8Array): Uint8Array {
  const input = Buffer.allocUnsafe(1 + entry.length);
  input[0] = 0x00;
  input.set(entry, 1);
  return hash("sha256", input, "buffer");
}

/** SHA-256(0x01 ‖ left ‖ right), the interior node hash of RFC 9162 §2.1.1. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
    childrenInput.set(left, 1);
    childrenInput.set(right, 1 + HASH_SIZE);
    return hash("sha256", childrenInput, "buffer");
  }
  // Verifiers may be handed garbage of any length; hash it faithfully rather than truncate.
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return hash("sha256", input, "buffer");
}

/** MTH({}) = SHA-256 of the empty string, the root of a tree of size 0 (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Uint8Array = hash("sha256", new Uint8Array(0), "buffer");

// ── small integer helpers ────────────────────────────────────────────────────
// Tree sizes may exceed 2^31, where JavaScript's 32-bit bitwise operators break, so the
// RFC's LSB and right-shift are written with arithmetic, valid up to Number.MAX_SAFE_INTEGER.

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

/** The largest power of two strictly less than n (n ≥ 2): the RFC's split point k. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) {
    k *= 2;
  }
  return k;
}

/** The largest power of two less than or equal to n (n ≥ 1), with its exponent. */
function largestPowerAtMost(n: number): { power: number; level: number } {
  let power = 1;
  let level = 0;
  while (power * 2 <= n) {
    power *= 2;
    level += 1;
  }
  return { power, level };
}

function fail(message: string): never {
  throw new Error(message);
}

const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

function requireCount(what: string, n: number): void {
  if (!isCount(n)) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${String(n)}`);
  }
}

/** True when a and b hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

// ── node addressing ──────────────────────────────────────────────────────────

/**
 * The maximal perfect subtrees covering [start, end), largest first (RFC 9162 §2.1.1 split rule).
 * The range must be aligned the way the RFC's recursion produces ranges: start a multiple of
 * the largest power of two ≤ end − start. Only then does folding the nodes from the right
 * reproduce MTH(D[start:end]); other ranges are rejected rather than silently mis-hashed.
 */
export function perfectNodesOf(start: number, end: number): NodeRef[] {
  requireCount("range start", start);
  requireCount("range end", end);
  if (end < start) {
    throw new RangeError(`leaf range [${start}, ${end}) ends before it starts`);
  }
  const span = end - start;
  if (span === 0) {
    return [];
  }
  let { power, level } = largestPowerAtMost(span);
  if (start % power !== 0) {
    throw new RangeError(`leaf range [${start}, ${end}) is not aligned: start must be a multiple of ${power}`);
  }
  // Aligned this way, the pieces are exactly the set bits of the span, high to low.
  const nodes: NodeRef[] = [];
  let position = start;
  let remaining = span;
  while (remaining > 0) {
    if (remaining >= power) {
      nodes.push({ level, index: position / power });
      position += power;
      remaining -= power;
    }
    power /= 2;
    level -= 1;
  }
  return nodes;
}

/**
 * Folds the hashes of perfectNodesOf(start, end), in that order, into MTH(D[start:end]) (RFC 9162 §2.1.1).
 * MTH splits at the largest power of two, which is the first node, so the fold runs from the right.
 */
export function rangeRoot(hashes: readonly Uint8Array[]): Uint8Array {
  let acc = hashes[hashes.length - 1];
  if (acc === undefined) {
    return EMPTY_ROOT;
  }
  for (let i = hashes.length - 2; i >= 0; i--) {
    acc = hashChildren(hashes[i] ?? fail("unreachable: hash index in range"), acc);
  }
  return acc;
}

// ── proof shapes ─────────────────────────────────────────────────────────────

/**
 * Leaf ranges whose MTH form PATH(index, D[size]) of RFC 9162 §2.1.3.1, in proof order
 * (the leaf's nearest sibling first, the top-level sibling last).
 */
export function inclusionPathRanges(index: number, size: number): LeafRange[] {
  requireCount("leaf index", index);
  requireCount("tree size", size);
  if (index >= size) {
    throw new RangeError(`leaf index ${index} must be less than tree size ${size}`);
  }
  // Walk the RFC recursion top-down; it emits each sibling after the sub-path, so reverse.
  const siblings: LeafRange[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      siblings.push([lo + k, hi]);
      hi = lo + k;
    } else {
      siblings.push([lo, lo + k]);
      lo += k;
    }
  }
  return siblings.reverse();
}

/**
 * Leaf ranges whose MTH form PROOF(first, D[second]) = SUBPROOF(first, D[second], true) of
 * RFC 9162 §2.1.4.1, in proof order. Empty when first is 0 or equals second.
 */
export function consistencyPathRanges(first: number, second: number): LeafRange[] {
  requireCount("first tree size", first);
  requireCount("second tree size", second);
  if (first > second) {
    throw new RangeError(`first tree size ${first} must not exceed second tree size ${second}`);
  }
  if (first === 0 || first === second) {
    return [];
  }
  const siblings: LeafRange[] = [];
  let lo = 0;
  let hi = second;
  // b of SUBPROOF: true while the subtree being descended still has the old root as its left edge.
  let haveOldRoot = true;
  while (first !== hi) {
    const k = splitPoint(hi - lo);
    if (first <= lo + k) {
      siblings.push([lo + k, hi]);
      hi = lo + k;
    } else {
      siblings.push([lo, lo + k]);
      lo += k;
      haveOldRoot = false;
    }
  }
  siblings.reverse();
  // SUBPROOF(m, D[m], false) = {MTH(D[m])}: the innermost subtree comes before every sibling.
  return haveOldRoot ? siblings : [[lo, hi], ...siblings];
}

// ── verification ─────────────────────────────────────────────────────────────

const isHash = (h: Uint8Array): boolean => h.length === HASH_SIZE;

/**
 * RFC 9162 §2.1.3.2: does `proof` show the leaf `leafHash` at `leafIndex` in the tree of
 * `treeSize` leaves with root `root`? Beyond the RFC, every hash must be 32 bytes long.
 */
export function verifyInclusion(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!isCount(leafIndex) || !isCount(treeSize) || leafIndex >= treeSize) {
    return false;
  }
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) {
    return false;
  }
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    // A proof longer than the path runs sn to 0 early; a shorter one leaves sn above 0 below.
    if (sn === 0) {
      return false;
    }
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(r, root);
}

/**
 * RFC 9162 §2.1.4.2: is the tree of size2 with root2 an append-only extension of the tree of
 * size1 with root1? The RFC's algorithm covers 0 < size1 < size2; the edge cases are:
 * size1 > size2 is false; size1 = size2 needs an empty proof and equal roots; size1 = 0 needs
 * an empty proof and nothing else, because every tree extends the empty tree (as in
 * transparency-dev/merkle and the CT C++ verifier) — check a size-0 root against EMPTY_ROOT
 * separately if it matters. Beyond the RFC, every hash must be 32 bytes long.
 */
export function verifyConsistency(size1: number, size2: number, root1: Uint8Array, root2: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!isCount(size1) || !isCount(size2) || size1 > size2) {
    return false;
  }
  if (size1 === size2) {
    return proof.length === 0 && bytesEqual(root1, root2);
  }
  if (size1 === 0) {
    return proof.length === 0;
  }
  if (proof.length === 0 || !isHash(root1) || !isHash(root2) || !proof.every(isHash)) {
    return false;
  }
  // A power-of-two old tree is itself a node of the new one, so the RFC omits it from the proof.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] ?? fail("unreachable: non-empty path");
  let sr = fr;
  for (let i = 1; i < path.length; i++) {
    const c = path[i] ?? fail("unreachable: path index in range");
    if (sn === 0) {
      return false;
    }
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && largestPowerAtMost(n).power === n;
}

// ── reference implementations (straight from the RFC recursions) ────────────

/** MTH(D[n]) of RFC 9162 §2.1.1, recursively, over leaf hashes; O(n) hashes, for tests and small trees. */
export function rootOf(leafHashes: readonly Uint8Array[]): Uint8Array {
  return mth(leafHashes, 0, leafHashes.length);
}

function mth(leaves: readonly Uint8Array[], lo: number, hi: number): Uint8Array {
  const n = hi - lo;
  if (n === 0) {
    return EMPTY_ROOT;
  }
  if (n === 1) {
    return leaves[lo] ?? fail("unreachable: leaf index in range");
  }
  const k = splitPoint(n);
  return hashChildren(mth(leaves, lo, lo + k), mth(leaves, lo + k, hi));
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1, by its recursion over in-memory leaf hashes (reference). */
export function inclusionProofFromLeaves(index: number, leafHashes: readonly Uint8Array[]): Uint8Array[] {
  requireCount("leaf index", index);
  if (index >= leafHashes.length) {
    throw new RangeError(`leaf index ${index} must be less than tree size ${leafHashes.length}`);
  }
  const path = (m: number, lo: number, hi: number): Uint8Array[] => {
    const n = hi - lo;
    if (n <= 1) {
      return [];
    }
    const k = splitPoint(n);
    return m < k ? [...path(m, lo, lo + k), mth(leafHashes, lo + k, hi)] : [...path(m - k, lo + k, hi), mth(leafHashes, lo, lo + k)];
  };
  return path(index, 0, leafHashes.length);
}

/** PROOF(m, D[n]) of RFC 9162 §2.1.4.1, by the SUBPROOF recursion over in-memory leaf hashes (reference). */
export function consistencyProofFromLeaves(m: number, leafHashes: readonly Uint8Array[]): Uint8Array[] {
  requireCount("first tree size", m);
  if (m > leafHashes.length) {
    throw new RangeError(`first tree size ${m} must not exceed second tree size ${leafHashes.length}`);
  }
  // The RFC defines PROOF only for 0 < m < n; both edge cases have nothing to prove.
  if (m === 0 || m === leafHashes.length) {
    return [];
  }
  const subproof = (m: number, lo: number, hi: number, b: boolean): Uint8Array[] => {
    const n = hi - lo;
    if (m === n) {
      return b ? [] : [mth(leafHashes, lo, hi)];
    }
    const k = splitPoint(n);
    return m <= k ? [...subproof(m, lo, lo + k, b), mth(leafHashes, lo + k, hi)] : [...subproof(m - k, lo + k, hi, false), mth(leafHashes, lo, lo + k)];
  };
  return subproof(m, 0, leafHashes.length, true);
}
