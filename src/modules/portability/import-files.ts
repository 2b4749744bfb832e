// File bytes of an import: each file is written to a staging folder under the data directory as
// its chunks arrive, checked against its SHA-256 when complete, and moved into the evidence
// folder or the media store only when the rest of the import has succeeded (`publish`). A failed
// import removes what it staged and what it published; nothing is left behind.
import { createHash, randomBytes, type Hash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { FileAccess } from "./export-files";

export interface StagedFile {
  store: "evidence" | "media";
  key: string;
  sha256: string;
  size: number;
  mime: string;
}

interface Open extends StagedFile {
  path: string;
  fd: number;
  written: number;
  hash: Hash;
  line: number;
}

export class FileStaging {
  private dir: string | null = null;
  private open: Open | null = null;
  private readonly ready: Array<StagedFile & { path: string }> = [];
  private readonly created: Array<{ store: "evidence" | "media"; key: string }> = [];

  constructor(private readonly files: FileAccess) {}

  private stagingDir(): string {
    if (this.dir === null) {
      this.dir = path.join(this.files.dataDir, `.import-${randomBytes(8).toString("hex")}`);
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o750 });
    }
    return this.dir;
  }

  /** Starts a file; a problem, or null. */
  begin(line: number, file: StagedFile): string | null {
    if (this.open) {
      return this.incomplete();
    }
    const staged = path.join(this.stagingDir(), String(this.ready.length));
    const fd = fs.openSync(staged, "wx", 0o640);
    this.open = { ...file, path: staged, fd, written: 0, hash: createHash("sha256"), line };
    return file.size === 0 ? this.complete() : null;
  }

  /** Appends one chunk (base64, already checked to be canonical base64); a problem, or null. */
  chunk(sha256: string, offset: number, data: string): string | null {
    const open = this.open;
    if (!open || open.sha256 !== sha256) {
      return `a file_chunk of ${sha256} must follow its file record and the chunks before it`;
    }
    if (offset !== open.written) {
      return `offset ${offset} but ${open.written} bytes of the file came before: chunks must come in order, none missing`;
    }
    const bytes = Buffer.from(data, "base64");
    if (open.written + bytes.length > open.size) {
      return `the chunks hold more than the file's size, ${open.size} bytes`;
    }
    fs.writeSync(open.fd, bytes);
    open.hash.update(bytes);
    open.written += bytes.length;
    return open.written === open.size ? this.complete() : null;
  }

  private complete(): string | null {
    const open = this.open;
    if (!open) {
      return null;
    }
    fs.closeSync(open.fd);
    this.open = null;
    if (open.hash.digest("hex") !== open.sha256) {
      return `the bytes of file ${open.key} do not have its SHA-256 ${open.sha256}`;
    }
    this.ready.push({ store: open.store, key: open.key, sha256: open.sha256, size: open.size, mime: open.mime, path: open.path });
    return null;
  }

  private incomplete(): string {
    const open = this.open;
    return `file ${open?.key ?? ""} (line ${open?.line ?? 0}) has ${open?.written ?? 0} of its ${open?.size ?? 0} bytes: chunks are missing`;
  }

  /** When a file was begun and not finished: the line of its file record and the problem. */
  problem(): { line: number; reason: string } | null {
    return this.open ? { line: this.open.line, reason: this.incomplete() } : null;
  }

  /** Moves every checked file to its place; records what it wrote so `rollback` can remove it. */
  async publish(): Promise<void> {
    for (const f of this.ready) {
      if (f.store === "evidence") {
        const target = path.join(this.files.evidenceDir, f.key);
        if (fs.existsSync(target)) {
          continue;
        }
        fs.mkdirSync(this.files.evidenceDir, { recursive: true });
        this.created.push({ store: "evidence", key: f.key });
        fs.renameSync(f.path, target);
      } else {
        const store = await this.files.media();
        const existed = (await store.get(f.key)) !== null;
        if (!existed) {
          this.created.push({ store: "media", key: f.key });
        }
        await store.put(f.key, await fs.promises.readFile(f.path), f.mime);
      }
    }
  }

  /** After a failed import: removes every file `publish` put in place. */
  async rollback(): Promise<void> {
    for (const c of this.created.splice(0)) {
      if (c.store === "evidence") {
        fs.rmSync(path.join(this.files.evidenceDir, c.key), { force: true });
      } else {
        await (await this.files.media()).delete(c.key);
      }
    }
  }

  /** Always, at the end: closes a half-written file and removes the staging folder. */
  cleanup(): void {
    if (this.open) {
      fs.closeSync(this.open.fd);
      this.open = null;
    }
    if (this.dir !== null) {
      fs.rmSync(this.dir, { recursive: true, force: true });
      this.dir = null;
    }
  }
}
