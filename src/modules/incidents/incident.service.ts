import { isoNow, type Clock } from "../../platform/clock";
import { sha256Hex } from "../../platform/hash";
import { newId } from "../../platform/ids";
import { err, ok, type Result } from "../../platform/result";
import type { Viewer } from "../accounts/account.model";
import type { DbContext } from "../database";
import { canPublishAsGroup, membershipOf, type GroupStatus } from "../groups";
import { fetchForArchive, type ArchiveResult } from "./archive.fetch";
import { detectEvidenceType, EVIDENCE_MAX_BYTES } from "./evidence.model";
import { saveEvidence, storeEvidence } from "./evidence.save";
import type { AddSourceCommand, CreateIncidentCommand, GradeCommand, UpdateIncidentCommand } from "./incident.commands";
import { gradeProblem, incidentPermissions, normaliseDate, type CasualtyRange, type Grade } from "./incident.model";
import { archiveAllowsPrivate } from "./incident.queries";
import { recordIncidentRevision, type IncidentRevisionListener } from "./incident-revisions";
import type { IncidentsTable } from "./incidents.schema";

export interface IncidentDeps extends DbContext {
  clock: Clock;
  /** Where evidence files live: <dataDir>/evidence/<sha256>. */
  dataDir: string;
  /** The largest evidence file (uploads and archive fetches); config.uploadMaxBytes. */
  maxEvidenceBytes?: number;
  /** The archive fetcher; tests and the CLI may pass another. */
  fetchArchive?: typeof fetchForArchive;
  /**
   * Called inside the grading transaction, like groupStatusChanged for groups: the place to
   * append a transparency-log entry once the log has an entry kind for grades (not wired yet).
   */
  gradeChanged?: (tx: DbContext & { clock: Clock }, change: GradeChange) => Promise<void>;
  /** Called after every save, in its transaction: the original text goes to the translation workflow. */
  incidentRevisionWritten?: IncidentRevisionListener;
}

export type { IncidentRevisionListener };

/** What a grade change tells the outside: the rationale travels as its SHA-256 only. */
export interface GradeChange {
  incidentId: string;
  grade: Grade;
  previous: string | null;
  rationaleSha256: string;
  at: string;
}

export type IncidentError =
  | { type: "not-found" }
  | { type: "forbidden" }
  | { type: "group-not-found" }
  | { type: "group-not-publishing" }
  | { type: "statement-not-found" }
  | { type: "edit-conflict"; currentVersion: number }
  | { type: "invalid"; key: string; field: string }
  | { type: "archive-failed"; reason: Exclude<ArchiveResult, { ok: true }>["reason"] };

type Tx = IncidentDeps;
type Facts = Omit<UpdateIncidentCommand, "version">;

/** Whether the viewer is an accepted member of the group, and the group may act (not suspended). */
export async function isMember(ctx: DbContext, groupId: string | null, viewer: Viewer): Promise<boolean> {
  if (!groupId) {
    return false;
  }
  const m = await membershipOf(ctx, groupId, viewer.id);
  if (m?.accepted !== true) {
    return false;
  }
  // Members of a suspended (or not yet vouched) group cannot act in its name.
  const group = await ctx.db.selectFrom("groups").select("status").where("id", "=", groupId).executeTakeFirst();
  return group !== undefined && canPublishAsGroup(group.status as GroupStatus);
}

/** Actor names → ids from the vocabulary; an unknown name is a validation error. */
async function actorIds(ctx: DbContext, names: string[]): Promise<Result<string[], IncidentError>> {
  const wanted = [...new Set(names)];
  if (wanted.length === 0) {
    return ok([]);
  }
  const rows = await ctx.db.selectFrom("incident_actors").select(["id", "name"]).where("name", "in", wanted).execute();
  if (rows.length !== wanted.length) {
    return err({ type: "invalid", key: "error.actor_unknown", field: "actors" });
  }
  return ok(rows.map((r) => r.id));
}

async function writeFacts(tx: Tx, id: string, facts: Facts, actors: string[]): Promise<void> {
  await tx.db.deleteFrom("incident_casualties").where("incident_id", "=", id).execute();
  const casualties: CasualtyRange[] = facts.casualties;
  for (const c of casualties) {
    await tx.db.insertInto("incident_casualties").values({ incident_id: id, category: c.category, subgroup: c.subgroup, min: c.min, max: c.max }).execute();
  }
  await tx.db.deleteFrom("incident_actor_links").where("incident_id", "=", id).execute();
  for (const actorId of actors) {
    await tx.db.insertInto("incident_actor_links").values({ incident_id: id, actor_id: actorId }).execute();
  }
}

function factColumns(
  facts: Facts,
): Pick<IncidentsTable, "type" | "date_precision" | "date_start" | "date_end" | "place_code" | "latitude" | "longitude" | "precision_m" | "coords_public"> {
  const date = normaliseDate(facts.datePrecision, facts.dateStart, facts.dateEnd ?? null);
  if ("error" in date) {
    // The command's schema already checked the date: this is a bug, not bad input.
    throw new Error(`unchecked incident date: ${date.error}`);
  }
  return {
    type: facts.type,
    date_precision: date.precision,
    date_start: date.start,
    date_end: date.end,
    place_code: facts.placeCode,
    latitude: facts.latitude ?? null,
    longitude: facts.longitude ?? null,
    precision_m: facts.latitude === null || facts.latitude === undefined ? null : (facts.precisionM ?? null),
    coords_public: facts.coordsPublic ? 1 : 0,
  };
}

async function findIncident(ctx: DbContext, id: string) {
  return ctx.db.selectFrom("incidents").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Runs `fn` in a transaction on an incident the viewer may edit. */
async function withEditable<T>(deps: IncidentDeps, viewer: Viewer, id: string, fn: (tx: Tx, row: IncidentsTable) => Promise<Result<T, IncidentError>>) {
  return deps.db.transaction().execute(async (trx): Promise<Result<T, IncidentError>> => {
    const tx = { ...deps, db: trx };
    const row = await findIncident(tx, id);
    if (!row) {
      return err({ type: "not-found" });
    }
    if (!incidentPermissions.edit(viewer, await isMember(tx, row.group_id, viewer), { groupId: row.group_id, createdBy: row.created_by })) {
      return err({ type: "forbidden" });
    }
    return fn(tx, row);
  });
}

/** Writes a new incident inside the caller's transaction (the web form, the API, CSV import). */
export async function createIncidentIn(tx: Tx, viewer: Viewer, cmd: CreateIncidentCommand): Promise<Result<{ id: string }, IncidentError>> {
  let groupId: string | null = null;
  if (cmd.group) {
    const group = await tx.db.selectFrom("groups").select(["id", "status"]).where("slug", "=", cmd.group).executeTakeFirst();
    if (!group) {
      return err({ type: "group-not-found" });
    }
    if (!incidentPermissions.record(viewer, await isMember(tx, group.id, viewer))) {
      return err({ type: "forbidden" });
    }
    if (!canPublishAsGroup(group.status as GroupStatus)) {
      return err({ type: "group-not-publishing" });
    }
    groupId = group.id;
  } else if (!incidentPermissions.record(viewer, false)) {
    return err({ type: "forbidden" });
  }
  const actors = await actorIds(tx, cmd.actors);
  if (!actors.ok) {
    return actors;
  }
  const now = isoNow(tx.clock);
  const id = newId();
  await tx.db
    .insertInto("incidents")
    .values({
      id,
      ...factColumns(cmd),
      original_lang: cmd.lang,
      group_id: groupId,
      grade: null,
      created_by: viewer.id,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await tx.db
    .insertInto("incident_texts")
    .values({ incident_id: id, lang: cmd.lang, title: cmd.title, narrative: cmd.narrative, is_original: 1, author_id: viewer.id, updated_at: now })
    .execute();
  await writeFacts(tx, id, cmd, actors.value);
  await recordIncidentRevision(tx, id, viewer.id);
  return ok({ id });
}

export const incidentService = {
  /** A documenter records an incident for their group (or an editor, for none). */
  async create(deps: IncidentDeps, viewer: Viewer, cmd: CreateIncidentCommand): Promise<Result<{ id: string }, IncidentError>> {
    return deps.db.transaction().execute((trx) => createIncidentIn({ ...deps, db: trx }, viewer, cmd));
  },

  /** Corrects the facts; refused with the current version when someone else saved first. */
  update(deps: IncidentDeps, viewer: Viewer, id: string, cmd: UpdateIncidentCommand) {
    return withEditable(deps, viewer, id, async (tx, row) => {
      const actors = await actorIds(tx, cmd.actors);
      if (!actors.ok) {
        return actors;
      }
      const saved = await tx.db
        .updateTable("incidents")
        .set({ ...factColumns(cmd), version: row.version + 1, updated_at: isoNow(tx.clock) })
        .where("id", "=", id)
        .where("version", "=", cmd.version)
        .executeTakeFirst();
      if (Number(saved.numUpdatedRows) === 0) {
        return err({ type: "edit-conflict" as const, currentVersion: row.version });
      }
      await writeFacts(tx, id, cmd, actors.value);
      await recordIncidentRevision(tx, id, viewer.id);
      return ok(undefined);
    });
  },

  /**
   * Cites a source. A media source carries its file (photo, video, PDF); a URL source may carry
   * the operator's own archived copy (WARC or PDF) instead of a fetch.
   */
  addSource(deps: IncidentDeps, viewer: Viewer, id: string, cmd: AddSourceCommand, files: { media?: Uint8Array; archive?: Uint8Array } = {}) {
    return withEditable(deps, viewer, id, async (tx, row): Promise<Result<{ id: string }, IncidentError>> => {
      const now = isoNow(tx.clock);
      let statementId: string | null = null;
      let mediaSha: string | null = null;
      let archiveSha: string | null = null;
      if (cmd.kind === "statement") {
        const st = await tx.db
          .selectFrom("statements")
          .select("id")
          .where("id", "=", cmd.statementId ?? "")
          .executeTakeFirst();
        if (!st) {
          return err({ type: "statement-not-found" });
        }
        statementId = st.id;
      }
      if (cmd.kind === "media") {
        if (!files.media) {
          return err({ type: "invalid", key: "error.evidence_required", field: "file" });
        }
        const stored = await storeEvidence(tx, viewer, files.media, ["image/jpeg", "image/png", "image/webp", "video/mp4", "application/pdf"], "file");
        if (!stored.ok) {
          return stored;
        }
        mediaSha = stored.value.sha256;
      }
      if (cmd.kind === "url" && files.archive) {
        const stored = await storeEvidence(tx, viewer, files.archive, ["application/warc", "application/pdf"], "archive");
        if (!stored.ok) {
          return stored;
        }
        archiveSha = stored.value.sha256;
      }
      const sourceId = newId();
      await tx.db
        .insertInto("incident_sources")
        .values({
          id: sourceId,
          incident_id: row.id,
          kind: cmd.kind,
          source_type: cmd.sourceType,
          independence: cmd.independence,
          statement_id: statementId,
          url: cmd.kind === "url" ? cmd.url : null,
          archive_sha256: archiveSha,
          archived_at: archiveSha ? now : null,
          media_sha256: mediaSha,
          captured_at: cmd.kind === "media" ? cmd.capturedAt : null,
          device_notes: cmd.kind === "media" ? cmd.deviceNotes : null,
          description: cmd.description,
          added_by: viewer.id,
          created_at: now,
        })
        .execute();
      if (statementId) {
        // A cited statement also counts as mentioning the incident.
        const linked = await tx.db
          .selectFrom("incident_statements")
          .select("statement_id")
          .where("incident_id", "=", row.id)
          .where("statement_id", "=", statementId)
          .executeTakeFirst();
        if (!linked) {
          await tx.db
            .insertInto("incident_statements")
            .values({ incident_id: row.id, statement_id: statementId, added_by: viewer.id, created_at: now })
            .execute();
        }
      }
      await tx.db.updateTable("incidents").set({ updated_at: now }).where("id", "=", row.id).execute();
      return ok({ id: sourceId });
    });
  },

  /**
   * "Archive now": fetches a URL source (with SSRF protection) and keeps the body and its
   * SHA-256. The fetch runs outside any transaction; only the result is written.
   */
  async archiveNow(deps: IncidentDeps, viewer: Viewer, id: string, sourceId: string): Promise<Result<{ sha256: string }, IncidentError>> {
    const row = await findIncident(deps, id);
    if (!row) {
      return err({ type: "not-found" });
    }
    if (!incidentPermissions.edit(viewer, await isMember(deps, row.group_id, viewer), { groupId: row.group_id, createdBy: row.created_by })) {
      return err({ type: "forbidden" });
    }
    const source = await deps.db.selectFrom("incident_sources").selectAll().where("id", "=", sourceId).where("incident_id", "=", id).executeTakeFirst();
    if (!source?.url) {
      return err({ type: "not-found" });
    }
    const fetched = await (deps.fetchArchive ?? fetchForArchive)(source.url, {
      allowPrivate: await archiveAllowsPrivate(deps),
      maxBytes: deps.maxEvidenceBytes ?? EVIDENCE_MAX_BYTES,
    });
    if (!fetched.ok) {
      return err({ type: "archive-failed", reason: fetched.reason });
    }
    return deps.db.transaction().execute(async (trx) => {
      const tx = { ...deps, db: trx };
      const mime = detectEvidenceType(fetched.body) ?? "application/octet-stream";
      const saved = await saveEvidence(tx, viewer, fetched.body, mime);
      const now = isoNow(deps.clock);
      await trx.updateTable("incident_sources").set({ archive_sha256: saved.sha256, archived_at: now }).where("id", "=", sourceId).execute();
      await trx.updateTable("incidents").set({ updated_at: now }).where("id", "=", id).execute();
      return ok(saved);
    });
  },

  /** An editor grades the incident; every grade is kept with who, when and why. */
  async grade(deps: IncidentDeps, viewer: Viewer, id: string, cmd: GradeCommand): Promise<Result<void, IncidentError>> {
    if (!incidentPermissions.grade(viewer)) {
      return err({ type: "forbidden" });
    }
    return deps.db.transaction().execute(async (trx): Promise<Result<void, IncidentError>> => {
      const row = await findIncident({ ...deps, db: trx }, id);
      if (!row) {
        return err({ type: "not-found" });
      }
      // The editor graded what they saw: a save in between makes them look again.
      if (cmd.version !== undefined && cmd.version !== row.version) {
        return err({ type: "edit-conflict", currentVersion: row.version });
      }
      const sources = await trx.selectFrom("incident_sources").select(["independence", "source_type"]).where("incident_id", "=", id).execute();
      const problem = gradeProblem(cmd.grade, sources);
      if (problem) {
        return err({ type: "invalid", key: problem, field: "grade" });
      }
      const now = isoNow(deps.clock);
      const { n } = await trx
        .selectFrom("incident_grades")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("incident_id", "=", id)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("incident_grades")
        .values({
          id: newId(),
          incident_id: id,
          grade: cmd.grade,
          previous_grade: row.grade,
          rationale: cmd.rationale,
          graded_by: viewer.id,
          created_at: now,
          seq: Number(n) + 1,
          revision: row.version,
        })
        .execute();
      await trx
        .updateTable("incidents")
        .set({ grade: cmd.grade satisfies Grade, updated_at: now })
        .where("id", "=", id)
        .execute();
      await deps.gradeChanged?.(
        { ...deps, db: trx },
        { incidentId: id, grade: cmd.grade, previous: row.grade, rationaleSha256: sha256Hex(cmd.rationale), at: now },
      );
      return ok(undefined);
    });
  },

  /**
   * Corrects the original title and narrative (recorders and editors). Translations are made in
   * the translation workflow, which this save feeds. Refused with the current version when
   * someone saved first.
   */
  saveOriginalText(deps: IncidentDeps, viewer: Viewer, id: string, input: { title: string; narrative: string; version: number }) {
    return withEditable(deps, viewer, id, async (tx, row): Promise<Result<void, IncidentError>> => {
      const now = isoNow(tx.clock);
      const saved = await tx.db
        .updateTable("incidents")
        .set({ version: row.version + 1, updated_at: now })
        .where("id", "=", id)
        .where("version", "=", input.version)
        .executeTakeFirst();
      if (Number(saved.numUpdatedRows) === 0) {
        return err({ type: "edit-conflict", currentVersion: row.version });
      }
      await tx.db
        .updateTable("incident_texts")
        .set({ title: input.title, narrative: input.narrative, author_id: viewer.id, updated_at: now })
        .where("incident_id", "=", id)
        .where("is_original", "=", 1)
        .execute();
      await recordIncidentRevision(tx, id, viewer.id);
      return ok(undefined);
    });
  },

  /** Records that a statement on Sada mentions the incident. */
  linkStatement(deps: IncidentDeps, viewer: Viewer, id: string, statementId: string) {
    return withEditable(deps, viewer, id, async (tx, row) => {
      const st = await tx.db.selectFrom("statements").select("id").where("id", "=", statementId).executeTakeFirst();
      if (!st) {
        return err({ type: "statement-not-found" as const });
      }
      const linked = await tx.db
        .selectFrom("incident_statements")
        .select("statement_id")
        .where("incident_id", "=", row.id)
        .where("statement_id", "=", st.id)
        .executeTakeFirst();
      if (!linked) {
        await tx.db
          .insertInto("incident_statements")
          .values({ incident_id: row.id, statement_id: st.id, added_by: viewer.id, created_at: isoNow(tx.clock) })
          .execute();
      }
      return ok(undefined);
    });
  },

  /**
   * A statement's own group says which incident the statement is about (the other direction
   * of linkStatement): accepted members of the statement's group, or editors.
   */
  async referenceFromStatement(deps: IncidentDeps, viewer: Viewer, statementId: string, incidentId: string): Promise<Result<void, IncidentError>> {
    return deps.db.transaction().execute(async (trx): Promise<Result<void, IncidentError>> => {
      const tx = { ...deps, db: trx };
      const st = await trx.selectFrom("statements").select(["id", "group_id"]).where("id", "=", statementId).executeTakeFirst();
      if (!st) {
        return err({ type: "statement-not-found" });
      }
      if (!(incidentPermissions.grade(viewer) || (await isMember(tx, st.group_id, viewer)))) {
        return err({ type: "forbidden" });
      }
      const incident = await findIncident(tx, incidentId);
      if (!incident) {
        return err({ type: "invalid", key: "error.incident_not_found", field: "incidentId" });
      }
      const linked = await trx
        .selectFrom("incident_statements")
        .select("statement_id")
        .where("incident_id", "=", incident.id)
        .where("statement_id", "=", st.id)
        .executeTakeFirst();
      if (!linked) {
        await trx
          .insertInto("incident_statements")
          .values({ incident_id: incident.id, statement_id: st.id, added_by: viewer.id, created_at: isoNow(deps.clock) })
          .execute();
      }
      return ok(undefined);
    });
  },

  /** Editors grow the controlled vocabulary of alleged actors. */
  async addActor(deps: IncidentDeps, viewer: Viewer, name: string): Promise<Result<{ id: string }, IncidentError>> {
    if (!incidentPermissions.manageActors(viewer)) {
      return err({ type: "forbidden" });
    }
    const existing = await deps.db.selectFrom("incident_actors").select("id").where("name", "=", name).executeTakeFirst();
    if (existing) {
      return err({ type: "invalid", key: "error.actor_exists", field: "name" });
    }
    const id = newId();
    await deps.db
      .insertInto("incident_actors")
      .values({ id, name, created_by: viewer.id, created_at: isoNow(deps.clock) })
      .execute();
    return ok({ id });
  },

  /** Admins decide whether "archive now" may reach private and loopback addresses. */
  async setArchiveAllowPrivate(deps: IncidentDeps, viewer: Viewer, allow: boolean): Promise<Result<void, IncidentError>> {
    if (!incidentPermissions.settings(viewer)) {
      return err({ type: "forbidden" });
    }
    await deps.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("incident_settings").where("key", "=", "archive_allow_private").execute();
      await trx
        .insertInto("incident_settings")
        .values({ key: "archive_allow_private", value: allow ? "1" : "0" })
        .execute();
    });
    return ok(undefined);
  },
};
