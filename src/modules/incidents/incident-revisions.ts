import { isoNow, type Clock } from "../../platform/clock";
import type { DbContext } from "../database";
import { changedFields, decodeSnapshot, encodeSnapshot, incidentSnapshot, type IncidentSnapshot, type SnapshotField } from "./incident-revision.model";

/** Told after every save of an incident, in its transaction: the translation workflow listens. */
export interface IncidentRevisionWritten {
  incidentId: string;
  groupId: string | null;
  /** The incident's version after the save. */
  revision: number;
  /** The original language, title and narrative. */
  lang: string;
  title: string;
  narrative: string;
  authorId: string | null;
}

export type IncidentRevisionListener = (tx: DbContext & { clock: Clock }, event: IncidentRevisionWritten) => Promise<void>;

type Tx = DbContext & { clock: Clock; incidentRevisionWritten?: IncidentRevisionListener };

/** The current state of an incident as a snapshot, or null when there is no such incident. */
async function currentSnapshot(ctx: DbContext, incidentId: string) {
  const row = await ctx.db.selectFrom("incidents").selectAll().where("id", "=", incidentId).executeTakeFirst();
  if (!row) {
    return null;
  }
  const [actors, casualties, original] = await Promise.all([
    ctx.db
      .selectFrom("incident_actor_links")
      .innerJoin("incident_actors", "incident_actors.id", "incident_actor_links.actor_id")
      .select("incident_actors.name")
      .where("incident_actor_links.incident_id", "=", incidentId)
      .execute(),
    ctx.db.selectFrom("incident_casualties").select(["category", "subgroup", "min", "max"]).where("incident_id", "=", incidentId).execute(),
    ctx.db
      .selectFrom("incident_texts")
      .select(["lang", "title", "narrative"])
      .where("incident_id", "=", incidentId)
      .where("is_original", "=", 1)
      .executeTakeFirst(),
  ]);
  const text = original ?? { lang: row.original_lang, title: "", narrative: "" };
  return {
    row,
    text,
    snapshot: incidentSnapshot(
      row,
      actors.map((a) => a.name),
      casualties,
      text,
    ),
  };
}

/**
 * Keeps the incident's current state as revision `version` (call after the save, in its
 * transaction) and tells the translation workflow. A revision already kept is left as it is.
 */
export async function recordIncidentRevision(tx: Tx, incidentId: string, changedBy: string | null): Promise<void> {
  const current = await currentSnapshot(tx, incidentId);
  if (!current) {
    return;
  }
  const { row, snapshot } = current;
  // A revision already kept (or kept by another process starting at the same time) stays as it is.
  const inserted = await tx.db
    .insertInto("incident_revisions")
    .values({ incident_id: incidentId, revision: row.version, snapshot: encodeSnapshot(snapshot), changed_by: changedBy, created_at: isoNow(tx.clock) })
    .onConflict((oc) => oc.columns(["incident_id", "revision"]).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    return;
  }
  await tx.incidentRevisionWritten?.(tx, {
    incidentId,
    groupId: row.group_id,
    revision: row.version,
    lang: snapshot.lang,
    title: current.text.title,
    narrative: current.text.narrative,
    authorId: changedBy,
  });
}

export interface IncidentRevisionView {
  revision: number;
  createdAt: string;
  changedBy: string | null;
  /** What this revision changed from the one before (every field for the first). */
  changes: SnapshotField[];
  snapshot: IncidentSnapshot;
}

/** Every kept revision of an incident, oldest first, with what each changed. */
export async function incidentRevisions(ctx: DbContext, incidentId: string): Promise<IncidentRevisionView[]> {
  const rows = await ctx.db
    .selectFrom("incident_revisions")
    .leftJoin("users", "users.id", "incident_revisions.changed_by")
    .select(["incident_revisions.revision", "incident_revisions.snapshot", "incident_revisions.created_at", "users.handle"])
    .where("incident_revisions.incident_id", "=", incidentId)
    .orderBy("incident_revisions.revision")
    .execute();
  let previous: IncidentSnapshot | null = null;
  return rows.map((r) => {
    const snapshot = decodeSnapshot(r.snapshot);
    const view = { revision: r.revision, createdAt: r.created_at, changedBy: r.handle ?? null, changes: changedFields(previous, snapshot), snapshot };
    previous = snapshot;
    return view;
  });
}

/**
 * Incidents saved before revisions were kept have none: keep their current state as their first
 * kept revision (and segment their text for translation). Run at start-up; idempotent.
 */
export async function keepMissingIncidentRevisions(deps: Tx): Promise<number> {
  const missing = await deps.db
    .selectFrom("incidents")
    .leftJoin("incident_revisions", (j) =>
      j.onRef("incident_revisions.incident_id", "=", "incidents.id").onRef("incident_revisions.revision", "=", "incidents.version"),
    )
    .select(["incidents.id", "incidents.created_by"])
    .where("incident_revisions.incident_id", "is", null)
    .execute();
  for (const m of missing) {
    await deps.db.transaction().execute((trx) => recordIncidentRevision({ ...deps, db: trx }, m.id, null));
  }
  return missing.length;
}
