import type { z } from "zod";
import { sha256Hex } from "../../platform/hash";
import { newId } from "../../platform/ids";
import type { Db } from "../database";
import { fingerprint, fromBase64Strict } from "../provenance/signing";
import { DiscussionImport, type ImportRefs } from "./import-discussion";
import { FederationImport } from "./import-federation";
import type { FileStaging } from "./import-files";
import { IncidentImport, isIncidentRecord } from "./import-incidents";
import { LogRebuilder } from "./import-log";
import { BufferedTable, clearFreshLog, usersByHandle } from "./import.repo";
import { emptyCounts, orderIndex, RECORD_TYPES, VERSION_1_TYPES, type RecordType } from "./portability.model";
import { dataRecord, describeIssue, endRecord, headerRecord, type DataRecord } from "./portability.records";

/**
 * The password hash of imported accounts: not a PHC string, so no password ever verifies
 * against it. An administrator gives the person a way in later.
 */
export const IMPORTED_PASSWORD_HASH = "!imported";

export interface ImportSummary {
  counts: Record<RecordType, number>;
  /** Accounts created (with no usable password) and accounts that already had the handle. */
  usersCreated: number;
  usersReused: number;
  logSize: number;
}

/** The first problem in the file: its line number and what is wrong there. */
export class ImportFailure extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

function fail(line: number, reason: string): never {
  throw new ImportFailure(line, reason);
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * One import, line by line, inside the caller's transaction: validates each record, checks its
 * references against what came before, buffers rows and inserts them in chunks.
 */
export class ImportRun {
  private header: z.infer<typeof headerRecord> | null = null;
  private ended = false;
  private typeIndex = -1;
  private readonly counts = emptyCounts();
  private readonly users = new Map<string, string>();
  private pendingUsers: Array<{ handle: string; created_at: string; line: number }> = [];
  private usersCreated = 0;
  private usersReused = 0;
  private readonly groups = new Set<string>();
  private readonly statements = new Set<string>();
  private readonly keys = new Set<string>();
  private log = new LogRebuilder(null);
  private readonly refs: ImportRefs = { fail, userId: (n, handle) => this.userId(n, handle), statement: (n, id) => this.statement(n, id) };
  private readonly discussion = new DiscussionImport(this.refs);
  private readonly federation = new FederationImport(this.refs);
  private readonly tables = {
    users: new BufferedTable("users"),
    groups: new BufferedTable("groups"),
    group_profiles: new BufferedTable("group_profiles"),
    group_places: new BufferedTable("group_places"),
    group_languages: new BufferedTable("group_languages"),
    group_support_channels: new BufferedTable("group_support_channels"),
    group_needs: new BufferedTable("group_needs"),
    group_vouches: new BufferedTable("group_vouches"),
    group_status_changes: new BufferedTable("group_status_changes"),
    signing_keys: new BufferedTable("signing_keys"),
    statements: new BufferedTable("statements"),
    statement_revisions: new BufferedTable("statement_revisions"),
    revision_signatures: new BufferedTable("revision_signatures"),
    translation_targets: new BufferedTable("translation_targets"),
    segments: new BufferedTable("segments"),
    revision_segments: new BufferedTable("revision_segments"),
    segment_translations: new BufferedTable("segment_translations"),
    translation_publications: new BufferedTable("translation_publications"),
    log_entries: new BufferedTable("log_entries"),
    log_nodes: new BufferedTable("log_nodes"),
    log_checkpoints: new BufferedTable("log_checkpoints"),
    ...this.discussion.tables,
    ...this.federation.tables,
  };

  /** Incidents, media and file bytes (format version 2). */
  private readonly incidentsMedia: IncidentImport;

  constructor(
    private readonly db: Db,
    files: FileStaging | null = null,
  ) {
    const known = {
      fail,
      userId: this.userId.bind(this),
      statement: this.statement.bind(this),
      hasGroup: (id: string) => this.groups.has(id),
      hasStatement: (id: string) => this.statements.has(id),
    };
    this.incidentsMedia = new IncidentImport(db, known, files);
  }

  async line(n: number, text: string): Promise<void> {
    if (this.ended) {
      fail(n, "nothing may follow the end line");
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      fail(n, `not JSON: ${message(e)}`);
    }
    const type = typeof value === "object" && value !== null && "type" in value ? value.type : undefined;
    if (n === 1) {
      return this.start(value);
    }
    if (type === "header") {
      fail(n, "only the first line may be a header");
    }
    if (type === "end") {
      return this.end(n, value);
    }
    const parsed = dataRecord.safeParse(value);
    if (!parsed.success) {
      fail(n, describeIssue(parsed.error));
    }
    const record = parsed.data;
    if (this.header?.version === 1 && !VERSION_1_TYPES.includes(record.type)) {
      fail(n, `a "${record.type}" record in a version 1 file: the type came with a later version`);
    }
    const index = orderIndex(record.type);
    if (index < this.typeIndex) {
      fail(n, `a "${record.type}" record after "${RECORD_TYPES[this.typeIndex] ?? ""}" records: record types must come in the order of docs/data.md`);
    }
    if (index > this.typeIndex) {
      await this.flushAll();
      this.typeIndex = index;
    }
    this.counts[record.type] += 1;
    await this.write(n, record);
  }

  /** After the last line: the file must have ended with its end line. Sets the log's size. */
  async finish(lines: number): Promise<ImportSummary> {
    if (!this.header) {
      fail(1, "the file is empty");
    }
    if (!this.ended) {
      fail(lines, "the file ends without its end line: it was cut short");
    }
    await this.db.updateTable("log_state").set({ size: this.log.size }).where("id", "=", 1).execute();
    return { counts: this.counts, usersCreated: this.usersCreated, usersReused: this.usersReused, logSize: this.log.size };
  }

  private async start(value: unknown): Promise<void> {
    const header = headerRecord.safeParse(value);
    if (!header.success) {
      fail(1, `the first line must be the header {"format":"sada-export","version":2,…} (${describeIssue(header.error)})`);
    }
    this.header = header.data;
    this.log = new LogRebuilder(header.data.log_origin);
    if (header.data.log_origin !== null) {
      // The imported log continues the original: what a fresh start wrote makes way for it.
      await clearFreshLog(this.db);
      await this.db.insertInto("instance_settings").values({ name: "log_origin", value: header.data.log_origin }).execute();
    }
  }

  private async end(n: number, value: unknown): Promise<void> {
    const parsed = endRecord.safeParse(value);
    if (!parsed.success) {
      fail(n, describeIssue(parsed.error));
    }
    await this.flushAll();
    for (const type of RECORD_TYPES) {
      if (parsed.data.counts[type] === undefined && this.header?.version !== 1) {
        fail(n, `the end line has no count of "${type}" records`);
      }
      if ((parsed.data.counts[type] ?? 0) !== this.counts[type]) {
        fail(n, `the end line counts ${parsed.data.counts[type]} "${type}" records but the file has ${this.counts[type]}: it is incomplete or was edited`);
      }
    }
    this.ended = true;
  }

  private async flushAll(): Promise<void> {
    await this.flushUsers();
    for (const table of Object.values(this.tables)) {
      await table.flush(this.db, fail);
    }
    await this.incidentsMedia.flush();
  }

  /** Creates the accounts the file names, reusing an account that already has the handle. */
  private async flushUsers(): Promise<void> {
    if (this.pendingUsers.length === 0) {
      return;
    }
    const pending = this.pendingUsers;
    this.pendingUsers = [];
    const existing = await usersByHandle(
      this.db,
      pending.map((u) => u.handle),
    );
    for (const u of pending) {
      const found = existing.get(u.handle);
      if (found) {
        this.users.set(u.handle, found);
        this.usersReused += 1;
        continue;
      }
      const id = newId();
      this.users.set(u.handle, id);
      this.usersCreated += 1;
      this.tables.users.add(
        { id, handle: u.handle, password_hash: IMPORTED_PASSWORD_HASH, email: null, role: "reader", locale: null, created_at: u.created_at },
        u.line,
      );
    }
    await this.tables.users.flush(this.db, fail);
  }

  private userId(n: number, handle: string): string;
  private userId(n: number, handle: string | null): string | null;
  private userId(n: number, handle: string | null): string | null {
    if (handle === null) {
      return null;
    }
    return this.users.get(handle) ?? fail(n, `user "${handle}" has no user record earlier in the file`);
  }

  private group(n: number, id: string): string {
    return this.groups.has(id) ? id : fail(n, `group ${id} has no group record earlier in the file`);
  }

  private statement(n: number, id: string): string {
    return this.statements.has(id) ? id : fail(n, `statement ${id} has no statement record earlier in the file`);
  }

  /** A translated document: a statement, or an incident (their ids share the translation tables' `statement_id`). */
  private document(n: number, id: string): string {
    return this.statements.has(id) || this.incidentsMedia.incidents.has(id)
      ? id
      : fail(n, `document ${id} has no statement or incident record earlier in the file`);
  }

  private key(n: number, id: string): string {
    return this.keys.has(id) ? id : fail(n, `signing key ${id} has no signing_key record earlier in the file`);
  }

  private async write(n: number, r: DataRecord): Promise<void> {
    if (isIncidentRecord(r)) {
      return this.incidentsMedia.write(n, r);
    }
    const t = this.tables;
    switch (r.type) {
      case "user":
        if (this.users.has(r.handle) || this.pendingUsers.some((u) => u.handle === r.handle)) {
          fail(n, `user "${r.handle}" appears twice`);
        }
        this.pendingUsers.push({ handle: r.handle, created_at: r.created_at, line: n });
        if (this.pendingUsers.length >= 500) {
          await this.flushUsers();
        }
        return;
      case "group":
        if (this.groups.has(r.id)) {
          fail(n, `group ${r.id} appears twice`);
        }
        this.groups.add(r.id);
        t.groups.add({ ...strip(r), proposed_by: this.userId(n, r.proposed_by) }, n);
        break;
      case "group_profile":
        t.group_profiles.add({ ...strip(r), group_id: this.group(n, r.group_id) }, n);
        break;
      case "group_place":
        t.group_places.add({ ...strip(r), group_id: this.group(n, r.group_id) }, n);
        break;
      case "group_language":
        t.group_languages.add({ ...strip(r), group_id: this.group(n, r.group_id) }, n);
        break;
      case "group_support_channel":
        t.group_support_channels.add({ ...strip(r), group_id: this.group(n, r.group_id) }, n);
        break;
      case "group_need":
        t.group_needs.add({ ...strip(r), group_id: this.group(n, r.group_id) }, n);
        break;
      case "group_vouch":
        t.group_vouches.add({ group_id: this.group(n, r.group_id), user_id: this.userId(n, r.user), reason: r.reason, created_at: r.created_at }, n);
        break;
      case "group_status_change": {
        const { actor, ...rest } = strip(r);
        t.group_status_changes.add({ ...rest, group_id: this.group(n, r.group_id), actor_id: this.userId(n, actor) }, n);
        break;
      }
      case "signing_key": {
        const publicKey = fromBase64Strict(r.public_key);
        if (!publicKey || publicKey.length !== 32 || fingerprint(publicKey) !== r.fingerprint) {
          fail(n, "fingerprint is not the fingerprint of public_key");
        }
        if (r.group_id === null) {
          this.log.instanceKeys.push(publicKey);
        } else {
          this.group(n, r.group_id);
        }
        this.keys.add(r.id);
        t.signing_keys.add({ ...strip(r), created_by: this.userId(n, r.created_by), revoked_by: this.userId(n, r.revoked_by) }, n);
        break;
      }
      case "statement":
        this.group(n, r.group_id);
        this.statements.add(r.id);
        t.statements.add({ ...strip(r), created_by: this.userId(n, r.created_by) }, n);
        break;
      case "statement_revision": {
        if (sha256Hex(r.canonical) !== r.hash) {
          fail(n, "hash is not the SHA-256 of canonical");
        }
        const { author, ...rest } = strip(r);
        t.statement_revisions.add({ ...rest, statement_id: this.statement(n, r.statement_id), author_id: this.userId(n, author) }, n);
        break;
      }
      case "revision_signature":
        t.revision_signatures.add({ ...strip(r), statement_id: this.statement(n, r.statement_id), key_id: this.key(n, r.key_id) }, n);
        break;
      case "translation_target":
        t.translation_targets.add(
          { ...strip(r), statement_id: this.document(n, r.statement_id), added_by: this.userId(n, r.added_by), claimed_by: null, claim_expires_at: null },
          n,
        );
        break;
      case "segment":
        t.segments.add({ ...strip(r), statement_id: this.document(n, r.statement_id) }, n);
        break;
      case "revision_segment":
        t.revision_segments.add({ ...strip(r), statement_id: this.document(n, r.statement_id) }, n);
        break;
      case "segment_translation":
        t.segment_translations.add(
          {
            segment_id: r.segment_id,
            lang: r.lang,
            text: r.text,
            status: "approved",
            approved_text: r.text,
            version: r.version,
            machine: 0,
            translator_id: this.userId(n, r.translator),
            reviewer_id: this.userId(n, r.reviewer),
            comment: null,
            updated_at: r.updated_at,
          },
          n,
        );
        break;
      case "translation_publication":
        if (sha256Hex(r.canonical) !== r.hash) {
          fail(n, "hash is not the SHA-256 of canonical");
        }
        t.translation_publications.add({ ...strip(r), statement_id: this.statement(n, r.statement_id), key_id: this.key(n, r.key_id) }, n);
        break;
      case "log_entry": {
        const problem = this.log.append(r);
        if (problem) {
          fail(n, problem);
        }
        t.log_entries.add(strip(r), n);
        for (const node of this.log.takeNodes()) {
          t.log_nodes.add(node, n);
        }
        break;
      }
      case "log_checkpoint": {
        // Every tree node is stored by now: the type changed, so the buffers were flushed.
        const problem = await this.log.checkCheckpoint(this.db, r);
        if (problem) {
          fail(n, problem);
        }
        t.log_checkpoints.add(strip(r), n);
        break;
      }
      case "discussion_setting":
      case "comment":
      case "comment_translation":
        this.discussion.write(n, r);
        break;
      case "fediverse_following":
      case "fediverse_post":
      case "fediverse_reactions":
        await this.federation.write(this.db, n, r);
        break;
    }
    for (const table of Object.values(t)) {
      if (table.full) {
        await table.flush(this.db, fail);
      }
    }
  }
}

/** The record without its `type`: the rest are the table's own columns. */
function strip<R extends { type: string }>(record: R): Omit<R, "type"> {
  const { type: _type, ...rest } = record;
  return rest;
}
