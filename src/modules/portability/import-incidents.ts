// Importing the version 2 record types: evidence file metadata, incidents with their texts,
// casualties, actors, sources, grades, revisions and mentions, media, and file bytes. Each
// record's references are checked against the records before it; rows are buffered and
// inserted in chunks like the rest of the import (import.run.ts).
import type { Db } from "../database";
import { BufferedTable } from "./import.repo";
import type { FileStaging } from "./import-files";
import { mediaVariants, parseMediaKey } from "./incidents.records";
import type { DataRecord, RecordOf } from "./portability.records";
import { INCIDENT_RECORD_TYPES } from "./portability.model";

const TYPES = INCIDENT_RECORD_TYPES;
type IncidentRecord = RecordOf<(typeof TYPES)[number]>;

/** What the rest of the import knows, for references to records of earlier types. */
export interface ImportLookups {
  fail(line: number, reason: string): never;
  userId(line: number, handle: string | null): string | null;
  /** The statement's id, or a failure when no statement record came before. */
  statement(line: number, id: string): string;
  hasGroup(id: string): boolean;
  /** Whether a statement record with this id came before (statements come before incidents). */
  hasStatement(id: string): boolean;
}

export function isIncidentRecord(r: DataRecord): r is IncidentRecord {
  return (TYPES as readonly string[]).includes(r.type);
}

export class IncidentImport {
  readonly incidents = new Set<string>();
  private readonly evidence = new Map<string, { mime: string; size: number }>();
  private readonly actors = new Set<string>();
  private readonly media = new Map<string, Map<string, { mime: string; bytes: number }>>();
  private readonly fileKeys = new Set<string>();
  private readonly tables = {
    evidence_files: new BufferedTable("evidence_files"),
    incident_actors: new BufferedTable("incident_actors"),
    incidents: new BufferedTable("incidents"),
    incident_texts: new BufferedTable("incident_texts"),
    incident_casualties: new BufferedTable("incident_casualties"),
    incident_actor_links: new BufferedTable("incident_actor_links"),
    incident_sources: new BufferedTable("incident_sources"),
    incident_grades: new BufferedTable("incident_grades"),
    incident_revisions: new BufferedTable("incident_revisions"),
    incident_statements: new BufferedTable("incident_statements"),
    media: new BufferedTable("media"),
  };

  constructor(
    private readonly db: Db,
    private readonly known: ImportLookups,
    private readonly files: FileStaging | null,
  ) {}

  private incident(n: number, id: string): string {
    return this.incidents.has(id) ? id : this.known.fail(n, `incident ${id} has no incident record earlier in the file`);
  }

  private evidenceFile(n: number, sha256: string | null): string | null {
    if (sha256 !== null && !this.evidence.has(sha256)) {
      this.known.fail(n, `evidence file ${sha256} has no evidence_file record earlier in the file`);
    }
    return sha256;
  }

  /** Inserts what is buffered; fails when a file's chunks stopped before its end. */
  async flush(): Promise<void> {
    const problem = this.files?.problem();
    if (problem) {
      this.known.fail(problem.line, problem.reason);
    }
    for (const table of Object.values(this.tables)) {
      await table.flush(this.db, this.known.fail);
    }
  }

  async write(n: number, r: IncidentRecord): Promise<void> {
    const t = this.tables;
    const { fail, userId } = this.known;
    switch (r.type) {
      case "evidence_file":
        if (this.evidence.has(r.sha256)) {
          fail(n, `evidence file ${r.sha256} appears twice`);
        }
        this.evidence.set(r.sha256, { mime: r.mime, size: r.size });
        t.evidence_files.add({ sha256: r.sha256, mime: r.mime, size: r.size, uploaded_by: userId(n, r.uploaded_by), created_at: r.created_at }, n);
        break;
      case "incident_actor":
        this.actors.add(r.id);
        t.incident_actors.add({ id: r.id, name: r.name, created_by: userId(n, r.created_by), created_at: r.created_at }, n);
        break;
      case "incident": {
        if (this.incidents.has(r.id)) {
          fail(n, `incident ${r.id} appears twice`);
        }
        // The translation tables name a statement or an incident by id alone: one id, one document.
        if (this.known.hasStatement(r.id)) {
          fail(n, `incident ${r.id} has the id of a statement: an id names one document only`);
        }
        if (r.group_id !== null && !this.known.hasGroup(r.group_id)) {
          fail(n, `group ${r.group_id} has no group record earlier in the file`);
        }
        this.incidents.add(r.id);
        const { type: _type, incident_type, created_by, latitude, longitude, ...rest } = r;
        t.incidents.add(
          {
            ...rest,
            type: incident_type,
            latitude: latitude === null ? null : Number(latitude),
            longitude: longitude === null ? null : Number(longitude),
            created_by: userId(n, created_by),
          },
          n,
        );
        break;
      }
      case "incident_text": {
        const { type: _type, author, ...rest } = r;
        t.incident_texts.add({ ...rest, incident_id: this.incident(n, r.incident_id), author_id: userId(n, author) }, n);
        break;
      }
      case "incident_casualty": {
        if (r.min > r.max) {
          fail(n, "min is larger than max");
        }
        const { type: _type, ...rest } = r;
        t.incident_casualties.add({ ...rest, incident_id: this.incident(n, r.incident_id) }, n);
        break;
      }
      case "incident_actor_link":
        if (!this.actors.has(r.actor_id)) {
          fail(n, `actor ${r.actor_id} has no incident_actor record earlier in the file`);
        }
        t.incident_actor_links.add({ incident_id: this.incident(n, r.incident_id), actor_id: r.actor_id }, n);
        break;
      case "incident_source": {
        const { type: _type, added_by, ...rest } = r;
        t.incident_sources.add(
          {
            ...rest,
            incident_id: this.incident(n, r.incident_id),
            statement_id: r.statement_id === null ? null : this.known.statement(n, r.statement_id),
            archive_sha256: this.evidenceFile(n, r.archive_sha256),
            media_sha256: this.evidenceFile(n, r.media_sha256),
            added_by: userId(n, added_by),
          },
          n,
        );
        break;
      }
      case "incident_grade": {
        const { type: _type, graded_by, ...rest } = r;
        t.incident_grades.add({ ...rest, incident_id: this.incident(n, r.incident_id), graded_by: userId(n, graded_by) }, n);
        break;
      }
      case "incident_revision": {
        const { type: _type, changed_by, ...rest } = r;
        t.incident_revisions.add({ ...rest, incident_id: this.incident(n, r.incident_id), changed_by: userId(n, changed_by) }, n);
        break;
      }
      case "incident_statement": {
        const { type: _type, added_by, ...rest } = r;
        t.incident_statements.add(
          { ...rest, incident_id: this.incident(n, r.incident_id), statement_id: this.known.statement(n, r.statement_id), added_by: userId(n, added_by) },
          n,
        );
        break;
      }
      case "media": {
        if (r.owner_kind === "statement") {
          this.known.statement(n, r.owner_id);
        } else {
          this.incident(n, r.owner_id);
        }
        const variants = this.media.get(r.public_hash) ?? new Map<string, { mime: string; bytes: number }>();
        for (const v of mediaVariants(r.variants)) {
          variants.set(v.name, { mime: v.mime, bytes: v.bytes });
        }
        this.media.set(r.public_hash, variants);
        const { type: _type, created_by, ...rest } = r;
        t.media.add({ ...rest, created_by: userId(n, created_by) }, n);
        break;
      }
      case "file":
        this.file(n, r);
        break;
      case "file_chunk": {
        const problem = this.staging(n).chunk(r.sha256, r.offset, r.data);
        if (problem) {
          fail(n, problem);
        }
        break;
      }
    }
    for (const table of Object.values(t)) {
      if (table.full) {
        await table.flush(this.db, fail);
      }
    }
  }

  private staging(n: number): FileStaging {
    return this.files ?? this.known.fail(n, "this import was given no data directory, so it cannot take file bytes");
  }

  /** A file's bytes must belong to an earlier evidence_file or media record, with its type and size. */
  private file(n: number, r: RecordOf<"file">): void {
    const { fail } = this.known;
    const where = `${r.store}:${r.key}`;
    if (this.fileKeys.has(where)) {
      fail(n, `file ${r.key} appears twice`);
    }
    this.fileKeys.add(where);
    if (r.store === "evidence") {
      const meta = this.evidence.get(r.key);
      if (r.key !== r.sha256 || !meta) {
        return fail(n, `evidence file ${r.key} has no evidence_file record earlier in the file, or its sha256 is not its key`);
      }
      if (meta.mime !== r.mime || meta.size !== r.size) {
        fail(n, `the mime or size of file ${r.key} differs from its evidence_file record`);
      }
    } else {
      const key = parseMediaKey(r.key);
      const variant = key ? this.media.get(key.hash)?.get(key.variant) : undefined;
      if (!variant) {
        return fail(n, `file ${r.key} is not a variant of a media record earlier in the file`);
      }
      if (variant.mime !== r.mime || variant.bytes !== r.size) {
        fail(n, `the mime or size of file ${r.key} differs from its media record`);
      }
    }
    const problem = this.staging(n).begin(n, { store: r.store, key: r.key, sha256: r.sha256, size: r.size, mime: r.mime });
    if (problem) {
      fail(n, problem);
    }
  }
}
