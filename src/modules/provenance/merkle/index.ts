// Public surface of provenance/merkle: RFC 9162 §2.1 Merkle trees for the transparency log —
// hashing, node addressing, the append-only frontier, storage-backed proofs and verification.
export {
  HASH_SIZE,
  EMPTY_ROOT,
  hashLeaf,
  hashChildren,
  bytesEqual,
  perfectNodesOf,
  rangeRoot,
  inclusionPathRanges,
  consistencyPathRanges,
  verifyInclusion,
  verifyConsistency,
  rootOf,
  inclusionProofFromLeaves,
  consistencyProofFromLeaves,
  type NodeRef,
  type LeafRange,
} from "./merkle.model";
export { CompactRange, type CompletedNode } from "./compact-range";
export { inclusionProof, consistencyProof, rootAt, nodeKey, type NodeReader } from "./proof.service";
