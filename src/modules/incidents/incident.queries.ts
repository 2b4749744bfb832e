import type { SelectQueryBuilder } from "kysely";
import type { Database, DbContext } from "../database";
import { placeAndChildren } from "../places/gazetteer";
import type { IncidentFilter } from "./incident.commands";
import { governorateOf, independentSourceCount, type CasualtyRange } from "./incident.model";
import type { IncidentsTable } from "./incidents.schema";
import { publishedPlainTranslations, type PlainTranslation } from "../translation";
import { incidentRevisions, type IncidentRevisionView } from "./incident-revisions";
import { changedFields, gradeOutdated, type SnapshotField } from "./incident-revision.model";

export interface IncidentText {
  lang: string;
  title: string;
  narrative: string;
  isOriginal: boolean;
  /** Set when the text is a translation published through the translation workflow. */
  translation?: { translators: string[]; reviewers: string[]; outdated: boolean; publishedAt: string };
}

export interface IncidentSummary {
  id: string;
  type: string;
  datePrecision: string;
  dateStart: string;
  dateEnd: string | null;
  placeCode: string;
  grade: string | null;
  /** The text in the asked language when there is one, else the original. */
  text: IncidentText;
  casualties: CasualtyRange[];
  actors: string[];
  groupId: string | null;
  groupSlug: string | null;
  /** Null unless the recorder made the coordinates public. */
  latitude: number | null;
  longitude: number | null;
  precisionM: number | null;
  sourceCount: number;
  independentSources: number;
  updatedAt: string;
}

export interface IncidentSource {
  id: string;
  kind: string;
  sourceType: string;
  independence: string;
  statementId: string | null;
  statementTitle: string | null;
  statementLang: string | null;
  statementGroupSlug: string | null;
  url: string | null;
  archiveSha256: string | null;
  archiveMime: string | null;
  archivedAt: string | null;
  mediaSha256: string | null;
  mediaMime: string | null;
  mediaSize: number | null;
  capturedAt: string | null;
  deviceNotes: string | null;
  description: string;
  addedBy: string | null;
  createdAt: string;
}

export interface GradeEntry {
  grade: string;
  previousGrade: string | null;
  rationale: string;
  gradedBy: string | null;
  createdAt: string;
  /** The incident's revision the grade was given on; null for grades from before revisions were kept. */
  revision: number | null;
}

export interface IncidentDetail extends IncidentSummary {
  originalLang: string;
  texts: IncidentText[];
  version: number;
  createdAt: string;
  createdBy: string | null;
  coordsPublic: boolean;
  /** True when coordinates were recorded but are not public. */
  coordinatesWithheld: boolean;
  /** The real coordinates, for people who may edit the incident only. */
  privateCoords: { latitude: number; longitude: number; precisionM: number | null } | null;
  sources: IncidentSource[];
  grades: GradeEntry[];
  mentions: Array<{ id: string; title: string; lang: string; groupSlug: string }>;
  /** Every kept state of the facts and original text, oldest first. */
  revisions: IncidentRevisionView[];
  /** The revision the current grade was given on (null if ungraded, or graded before revisions were kept). */
  gradedRevision: number | null;
  /** What changed since the current grade was given. */
  changesSinceGrade: SnapshotField[];
  /** True when the facts or text changed after the current grade: an editor should look again. */
  gradeOutdated: boolean;
}

type IncidentQuery = SelectQueryBuilder<Database, "incidents", object>;

/** Applies the list filters; a governorate includes its districts. */
export function applyFilter<Q extends IncidentQuery>(q: Q, filter: IncidentFilter): Q {
  let out = q;
  if (filter.type) {
    out = out.where("incidents.type", "=", filter.type) as Q;
  }
  if (filter.place) {
    out = out.where("incidents.place_code", "in", placeAndChildren(filter.place)) as Q;
  }
  if (filter.from) {
    // An incident counts when any part of it falls in the period.
    const from = filter.from;
    out = out.where((eb) => eb.or([eb("incidents.date_start", ">=", from), eb("incidents.date_end", ">=", from)])) as Q;
  }
  if (filter.to) {
    out = out.where("incidents.date_start", "<=", `${filter.to}T99`) as Q;
  }
  if (filter.grade) {
    out = (filter.grade === "ungraded" ? out.where("incidents.grade", "is", null) : out.where("incidents.grade", "=", filter.grade)) as Q;
  }
  if (filter.actor) {
    const actor = filter.actor;
    out = out.where("incidents.id", "in", (eb) => eb.selectFrom("incident_actor_links").select("incident_id").where("actor_id", "=", actor)) as Q;
  }
  if (filter.group) {
    const group = filter.group;
    out = out.where("incidents.group_id", "in", (eb) => eb.selectFrom("groups").select("id").where("slug", "=", group)) as Q;
  }
  return out;
}

/**
 * The text in the asked language: its translation published through the translation workflow,
 * else a translation added before incidents went through the workflow, else the original.
 */
function pickText(texts: IncidentText[], lang: string, published: PlainTranslation | undefined): IncidentText {
  const original = texts.find((t) => t.isOriginal);
  // A translation of an earlier text is not shown: the correction may have taken a dangerous
  // detail out of the original. Readers get the current original until the changed sentences
  // are translated and reviewed.
  if (published && !published.outdated && published.title !== "" && original?.lang !== lang) {
    const { translators, reviewers, outdated, publishedAt } = published;
    return { lang, title: published.title, narrative: published.body, isOriginal: false, translation: { translators, reviewers, outdated, publishedAt } };
  }
  return texts.find((t) => t.lang === lang) ?? original ?? texts[0] ?? { lang: "en", title: "", narrative: "", isOriginal: true };
}

async function summaries(ctx: DbContext, rows: Array<IncidentsTable & { group_slug: string | null }>, lang: string): Promise<IncidentSummary[]> {
  if (rows.length === 0) {
    return [];
  }
  const ids = rows.map((r) => r.id);
  const [texts, casualties, actors, sources, translated] = await Promise.all([
    ctx.db.selectFrom("incident_texts").selectAll().where("incident_id", "in", ids).execute(),
    ctx.db.selectFrom("incident_casualties").selectAll().where("incident_id", "in", ids).orderBy("category").orderBy("subgroup").execute(),
    ctx.db
      .selectFrom("incident_actor_links")
      .innerJoin("incident_actors", "incident_actors.id", "incident_actor_links.actor_id")
      .select(["incident_actor_links.incident_id", "incident_actors.name"])
      .where("incident_actor_links.incident_id", "in", ids)
      .orderBy("incident_actors.name")
      .execute(),
    ctx.db.selectFrom("incident_sources").select(["incident_id", "independence"]).where("incident_id", "in", ids).execute(),
    publishedPlainTranslations(ctx, ids, lang),
  ]);
  return rows.map((r) => {
    const mine = texts
      .filter((t) => t.incident_id === r.id)
      .map((t) => ({ lang: t.lang, title: t.title, narrative: t.narrative, isOriginal: t.is_original === 1 }));
    const own = sources.filter((s) => s.incident_id === r.id);
    const visible = r.coords_public === 1 && r.latitude !== null && r.longitude !== null;
    return {
      id: r.id,
      type: r.type,
      datePrecision: r.date_precision,
      dateStart: r.date_start,
      dateEnd: r.date_end,
      placeCode: r.place_code,
      grade: r.grade,
      text: pickText(mine, lang, translated.get(r.id)),
      casualties: casualties
        .filter((c) => c.incident_id === r.id)
        .map((c) => ({ category: c.category, subgroup: c.subgroup, min: c.min, max: c.max }) as CasualtyRange),
      actors: actors.filter((a) => a.incident_id === r.id).map((a) => a.name),
      groupId: r.group_id,
      groupSlug: r.group_slug,
      latitude: visible ? r.latitude : null,
      longitude: visible ? r.longitude : null,
      precisionM: visible ? r.precision_m : null,
      sourceCount: own.length,
      independentSources: independentSourceCount(own),
      updatedAt: r.updated_at,
    };
  });
}

function baseQuery(ctx: DbContext) {
  return ctx.db.selectFrom("incidents").leftJoin("groups", "groups.id", "incidents.group_id").selectAll("incidents").select("groups.slug as group_slug");
}

/** Incidents matching the filter, newest first. */
export async function listIncidents(
  ctx: DbContext,
  filter: IncidentFilter,
  lang: string,
  page: { limit: number; offset?: number },
): Promise<IncidentSummary[]> {
  const rows = await applyFilter(baseQuery(ctx), filter)
    .orderBy("incidents.date_start", "desc")
    .orderBy("incidents.id")
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
  return summaries(ctx, rows, lang);
}

export async function countIncidents(ctx: DbContext, filter: IncidentFilter): Promise<number> {
  const row = await applyFilter(ctx.db.selectFrom("incidents"), filter)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** How many incidents each governorate has (districts counted in their governorate). */
export async function countByGovernorate(ctx: DbContext, filter: IncidentFilter): Promise<Map<string, number>> {
  const rows = await applyFilter(ctx.db.selectFrom("incidents"), filter)
    .select(["incidents.place_code", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("incidents.place_code")
    .execute();
  const out = new Map<string, number>();
  for (const r of rows) {
    const g = governorateOf(r.place_code);
    out.set(g, (out.get(g) ?? 0) + Number(r.n));
  }
  return out;
}

/** Incidents per month (YYYY-MM of the start date) and type, oldest month first. */
export async function countByMonthAndType(ctx: DbContext, filter: IncidentFilter): Promise<Array<{ month: string; type: string; n: number }>> {
  const rows = await applyFilter(ctx.db.selectFrom("incidents"), filter).select(["incidents.date_start", "incidents.type"]).execute();
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.date_start.slice(0, 7)}|${r.type}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, n]) => {
      const [month = "", type = ""] = key.split("|");
      return { month, type, n };
    })
    .sort((a, b) => a.month.localeCompare(b.month) || a.type.localeCompare(b.type));
}

/**
 * The incident's texts with its translations published through the translation workflow; a
 * workflow translation replaces a text added in the same language before the workflow.
 */
async function withWorkflowTranslations(ctx: DbContext, id: string, texts: IncidentText[]): Promise<IncidentText[]> {
  const published = await ctx.db
    .selectFrom("translation_targets")
    .select("lang")
    .where("statement_id", "=", id)
    .where("published_revision", "is not", null)
    .execute();
  const out = [...texts];
  for (const { lang } of published) {
    const t = (await publishedPlainTranslations(ctx, [id], lang)).get(id);
    // As in pickText: a translation of an earlier text is left out.
    if (t && !t.outdated && !texts.some((x) => x.isOriginal && x.lang === lang)) {
      const text: IncidentText = {
        lang,
        title: t.title,
        narrative: t.body,
        isOriginal: false,
        translation: { translators: t.translators, reviewers: t.reviewers, outdated: t.outdated, publishedAt: t.publishedAt },
      };
      const at = out.findIndex((x) => x.lang === lang);
      if (at >= 0) {
        out[at] = text;
      } else {
        out.push(text);
      }
    }
  }
  return out.sort((a, b) => a.lang.localeCompare(b.lang));
}

/** One incident with everything its page shows. */
export async function getIncident(ctx: DbContext, id: string, lang: string): Promise<IncidentDetail | null> {
  const row = await baseQuery(ctx).where("incidents.id", "=", id).executeTakeFirst();
  if (!row) {
    return null;
  }
  const [summary] = await summaries(ctx, [row], lang);
  if (!summary) {
    return null;
  }
  const [texts, sources, grades, mentions] = await Promise.all([
    ctx.db.selectFrom("incident_texts").selectAll().where("incident_id", "=", id).orderBy("lang").execute(),
    ctx.db
      .selectFrom("incident_sources as s")
      .leftJoin("statements", "statements.id", "s.statement_id")
      .leftJoin("groups", "groups.id", "statements.group_id")
      .leftJoin("evidence_files as a", "a.sha256", "s.archive_sha256")
      .leftJoin("evidence_files as m", "m.sha256", "s.media_sha256")
      .leftJoin("users", "users.id", "s.added_by")
      .select([
        "s.id",
        "s.kind",
        "s.source_type",
        "s.independence",
        "s.statement_id",
        "statements.title as statement_title",
        "statements.lang as statement_lang",
        "groups.slug as statement_group_slug",
        "s.url",
        "s.archive_sha256",
        "a.mime as archive_mime",
        "s.archived_at",
        "s.media_sha256",
        "m.mime as media_mime",
        "m.size as media_size",
        "s.captured_at",
        "s.device_notes",
        "s.description",
        "users.handle as added_by",
        "s.created_at",
      ])
      .where("s.incident_id", "=", id)
      .orderBy("s.created_at")
      .orderBy("s.id")
      .execute(),
    ctx.db
      .selectFrom("incident_grades")
      .leftJoin("users", "users.id", "incident_grades.graded_by")
      .select([
        "incident_grades.grade",
        "incident_grades.previous_grade",
        "incident_grades.rationale",
        "users.handle",
        "incident_grades.created_at",
        "incident_grades.revision",
      ])
      .where("incident_grades.incident_id", "=", id)
      .orderBy("incident_grades.seq", "desc")
      .execute(),
    ctx.db
      .selectFrom("incident_statements")
      .innerJoin("statements", "statements.id", "incident_statements.statement_id")
      .innerJoin("groups", "groups.id", "statements.group_id")
      .select(["statements.id", "statements.title", "statements.lang", "groups.slug"])
      .where("incident_statements.incident_id", "=", id)
      .orderBy("statements.published_at", "desc")
      .execute(),
  ]);
  const kept = await incidentRevisions(ctx, id);
  // Grades are newest first: the current grade is the first.
  const gradedRevision = row.grade === null ? null : (grades[0]?.revision ?? null);
  const graded = kept.find((r) => r.revision === gradedRevision);
  const latest = kept[kept.length - 1];
  const changesSinceGrade = graded && latest && latest.revision > graded.revision ? changedFields(graded.snapshot, latest.snapshot) : [];
  // The page says what changed, never the values: withheld coordinates leave the snapshots here.
  const revisions = kept.map((r) =>
    row.coords_public === 1 && r.snapshot.coords_public ? r : { ...r, snapshot: { ...r.snapshot, latitude: null, longitude: null, precision_m: null } },
  );
  const creator = row.created_by ? await ctx.db.selectFrom("users").select("handle").where("id", "=", row.created_by).executeTakeFirst() : undefined;
  return {
    ...summary,
    originalLang: row.original_lang,
    texts: await withWorkflowTranslations(
      ctx,
      id,
      texts.map((t) => ({ lang: t.lang, title: t.title, narrative: t.narrative, isOriginal: t.is_original === 1 })),
    ),
    version: row.version,
    createdAt: row.created_at,
    createdBy: creator?.handle ?? null,
    coordsPublic: row.coords_public === 1,
    coordinatesWithheld: row.coords_public !== 1 && row.latitude !== null,
    privateCoords: row.latitude !== null && row.longitude !== null ? { latitude: row.latitude, longitude: row.longitude, precisionM: row.precision_m } : null,
    sources: sources.map((s) => ({
      id: s.id,
      kind: s.kind,
      sourceType: s.source_type,
      independence: s.independence,
      statementId: s.statement_id,
      statementTitle: s.statement_title,
      statementLang: s.statement_lang,
      statementGroupSlug: s.statement_group_slug,
      url: s.url,
      archiveSha256: s.archive_sha256,
      archiveMime: s.archive_mime,
      archivedAt: s.archived_at,
      mediaSha256: s.media_sha256,
      mediaMime: s.media_mime,
      mediaSize: s.media_size === null ? null : Number(s.media_size),
      capturedAt: s.captured_at,
      deviceNotes: s.device_notes,
      description: s.description,
      addedBy: s.added_by,
      createdAt: s.created_at,
    })),
    grades: grades.map((g) => ({
      grade: g.grade,
      previousGrade: g.previous_grade,
      rationale: g.rationale,
      gradedBy: g.handle,
      createdAt: g.created_at,
      revision: g.revision,
    })),
    mentions: mentions.map((m) => ({ id: m.id, title: m.title, lang: m.lang, groupSlug: m.slug })),
    revisions,
    gradedRevision,
    changesSinceGrade,
    gradeOutdated: gradeOutdated(gradedRevision, changesSinceGrade),
  };
}

/** Incidents a statement is cited by or mentions, for the statement's page. */
export async function incidentsForStatement(ctx: DbContext, statementId: string, lang: string): Promise<IncidentSummary[]> {
  const rows = await baseQuery(ctx)
    .where((eb) =>
      eb.or([
        eb("incidents.id", "in", eb.selectFrom("incident_statements").select("incident_id").where("statement_id", "=", statementId)),
        eb("incidents.id", "in", eb.selectFrom("incident_sources").select("incident_id").where("statement_id", "=", statementId)),
      ]),
    )
    .orderBy("incidents.date_start", "desc")
    .limit(50)
    .execute();
  return summaries(ctx, rows, lang);
}

/** Incidents recorded for a group, newest first. */
export async function incidentsForGroup(ctx: DbContext, groupId: string, lang: string, limit = 50): Promise<IncidentSummary[]> {
  const rows = await baseQuery(ctx).where("incidents.group_id", "=", groupId).orderBy("incidents.date_start", "desc").limit(limit).execute();
  return summaries(ctx, rows, lang);
}

export async function listActors(ctx: DbContext): Promise<Array<{ id: string; name: string; incidents: number }>> {
  const rows = await ctx.db
    .selectFrom("incident_actors")
    .leftJoin("incident_actor_links", "incident_actor_links.actor_id", "incident_actors.id")
    .select(["incident_actors.id", "incident_actors.name", (eb) => eb.fn.count<number>("incident_actor_links.incident_id").as("n")])
    .groupBy(["incident_actors.id", "incident_actors.name"])
    .orderBy("incident_actors.name")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, incidents: Number(r.n) }));
}

export async function archiveAllowsPrivate(ctx: DbContext): Promise<boolean> {
  const row = await ctx.db.selectFrom("incident_settings").select("value").where("key", "=", "archive_allow_private").executeTakeFirst();
  return row?.value === "1";
}

/** The evidence file's type, when it is one an incident cites. */
export async function evidenceFile(ctx: DbContext, sha256: string): Promise<{ mime: string; size: number } | null> {
  const row = await ctx.db.selectFrom("evidence_files").select(["mime", "size"]).where("sha256", "=", sha256).executeTakeFirst();
  return row ? { mime: row.mime, size: Number(row.size) } : null;
}
