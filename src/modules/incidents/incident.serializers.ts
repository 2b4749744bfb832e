import { placeByCode } from "../places/gazetteer";
import { governorateOf } from "./incident.model";
import type { IncidentDetail, IncidentSummary } from "./incident.queries";

/** Schema name of the JSON export and API objects (docs/data.md, "Incidents"). */
export const INCIDENT_JSON_SCHEMA = "sada.incident/1";

/** An incident as the API and the JSON export show it; withheld coordinates are null. */
export function incidentSummaryJson(row: IncidentSummary, baseUrl: string) {
  return {
    id: row.id,
    url: `${baseUrl}/en/incidents/${row.id}`,
    type: row.type,
    date: { precision: row.datePrecision, start: row.dateStart, end: row.dateEnd },
    place: {
      code: row.placeCode,
      governorate: governorateOf(row.placeCode),
      name_en: placeByCode(row.placeCode)?.en ?? null,
      name_ar: placeByCode(row.placeCode)?.ar ?? null,
    },
    coordinates: row.latitude === null || row.longitude === null ? null : { latitude: row.latitude, longitude: row.longitude, precision_m: row.precisionM },
    casualties: row.casualties.map((c) => ({ category: c.category, subgroup: c.subgroup, min: c.min, max: c.max })),
    actors: row.actors,
    grade: row.grade,
    source_count: row.sourceCount,
    independent_sources: row.independentSources,
    title: { lang: row.text.lang, text: row.text.title },
    group: row.groupSlug,
    updated_at: row.updatedAt,
  };
}

/** The full incident: texts in every language, sources with evidence hashes, grade history. */
export function incidentDetailJson(row: IncidentDetail, baseUrl: string) {
  return {
    ...incidentSummaryJson(row, baseUrl),
    original_lang: row.originalLang,
    texts: row.texts.map((t) => ({
      lang: t.lang,
      title: t.title,
      narrative: t.narrative,
      original: t.isOriginal,
      // Published through the translation workflow (reviewed); null for the original and earlier translations.
      translation: t.translation
        ? {
            translators: t.translation.translators,
            reviewers: t.translation.reviewers,
            outdated: t.translation.outdated,
            published_at: t.translation.publishedAt,
          }
        : null,
    })),
    version: row.version,
    graded_revision: row.gradedRevision,
    grade_outdated: row.gradeOutdated,
    changes_since_grade: row.changesSinceGrade,
    revisions: row.revisions.map((r) => ({ revision: r.revision, at: r.createdAt, changes: r.changes })),
    created_at: row.createdAt,
    sources: row.sources.map((s) => ({
      id: s.id,
      kind: s.kind,
      type: s.sourceType,
      independence: s.independence,
      statement: s.statementId ? { id: s.statementId, url: `${baseUrl}/en/statements/${s.statementId}`, title: s.statementTitle } : null,
      url: s.url,
      archive: s.archiveSha256
        ? { sha256: s.archiveSha256, mime: s.archiveMime, archived_at: s.archivedAt, download: `${baseUrl}/evidence/${s.archiveSha256}` }
        : null,
      media: s.mediaSha256
        ? {
            sha256: s.mediaSha256,
            mime: s.mediaMime,
            size: s.mediaSize,
            captured_at: s.capturedAt,
            device_notes: s.deviceNotes,
            download: `${baseUrl}/evidence/${s.mediaSha256}`,
          }
        : null,
      description: s.description,
      added_at: s.createdAt,
    })),
    grade_history: row.grades.map((g) => ({
      grade: g.grade,
      previous: g.previousGrade,
      rationale: g.rationale,
      by: g.gradedBy,
      at: g.createdAt,
      revision: g.revision,
    })),
    mentioned_by: row.mentions.map((m) => ({ id: m.id, url: `${baseUrl}/en/statements/${m.id}`, title: m.title })),
  };
}
