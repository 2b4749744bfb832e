import type { Db } from "../database";
import { bytesToHex, hexToBytes, nodeId, nodeReader } from "../provenance/log/log.repo";
import { entrySubject, parseEntry } from "../provenance/log/log.model";
import { CompactRange, hashLeaf, rootAt } from "../provenance/merkle";
import { openNote, parseCheckpoint, toBase64 } from "../provenance/signing";

const utf8 = new TextEncoder();

/**
 * Rebuilds the transparency log's tree from imported entries, the way the appender builds it
 * (provenance/log/log.appender.ts): each entry's leaf hash is recomputed and every perfect
 * subtree it completes is stored in `log_nodes` (id = index · 64 + level). Checks each entry
 * and checkpoint against the rebuilt tree, so an import never yields a log that lies.
 */
export class LogRebuilder {
  private readonly range = new CompactRange();
  private nodes: Array<{ id: number; hash: string }> = [];
  /** Public keys of the imported instance keys: checkpoints must be signed by one of them. */
  readonly instanceKeys: Uint8Array[] = [];

  constructor(private readonly origin: string | null) {}

  get size(): number {
    return this.range.size;
  }

  /** Adds the next entry; returns what is wrong with it, or null. */
  append(e: { idx: number; entry: string; leaf_hash: string; subject: string | null }): string | null {
    if (this.origin === null) {
      return "the header has no log_origin, so the file cannot hold log entries";
    }
    if (e.idx !== this.range.size) {
      return `log entries must be numbered 0, 1, 2… in order: expected idx ${this.range.size}, found ${e.idx}`;
    }
    const leaf = hashLeaf(utf8.encode(e.entry));
    if (bytesToHex(leaf) !== e.leaf_hash) {
      return `leaf_hash is not the hash of the entry (it should be ${bytesToHex(leaf)})`;
    }
    let subject: string;
    try {
      subject = entrySubject(parseEntry(e.entry));
    } catch (error) {
      return `entry: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (subject !== e.subject) {
      return `subject should be ${JSON.stringify(subject)}`;
    }
    for (const node of this.range.append(leaf)) {
      this.nodes.push({ id: nodeId(node.ref), hash: bytesToHex(node.hash) });
    }
    return null;
  }

  /** The tree nodes completed since the last call, to insert. */
  takeNodes(): Array<{ id: number; hash: string }> {
    const out = this.nodes;
    this.nodes = [];
    return out;
  }

  /**
   * Checks a checkpoint against the rebuilt tree (whose nodes must all be stored): its size is
   * within the log, its root is the tree's root at that size, and its note is signed by one of
   * the instance's keys for this log's origin. Returns what is wrong, or null.
   */
  async checkCheckpoint(db: Db, cp: { size: number; root_hash: string; note: string }): Promise<string | null> {
    if (this.origin === null) {
      return "the header has no log_origin, so the file cannot hold checkpoints";
    }
    if (cp.size > this.range.size) {
      return `the checkpoint's size ${cp.size} is beyond the log's ${this.range.size} entries`;
    }
    const root = cp.size === this.range.size ? this.range.root() : await rootAt(nodeReader(db), cp.size);
    if (bytesToHex(root) !== cp.root_hash) {
      return `root_hash ${cp.root_hash} is not the root of the imported log at size ${cp.size} (${bytesToHex(root)}): the log is inconsistent`;
    }
    const origin = this.origin;
    try {
      const opened = openNote(
        cp.note,
        this.instanceKeys.map((publicKey) => ({ name: origin, publicKey })),
      );
      const parsed = parseCheckpoint(opened.text);
      if (parsed.origin !== origin || parsed.size !== cp.size || toBase64(parsed.rootHash) !== toBase64(hexToBytes(cp.root_hash))) {
        return "the signed note does not state this origin, size and root hash";
      }
    } catch (error) {
      return `note: ${error instanceof Error ? error.message : String(error)}`;
    }
    return null;
  }
}
