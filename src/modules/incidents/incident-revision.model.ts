import { canonicalJson } from "../../platform/canonical-json";
import { sha256Hex } from "../../platform/hash";
import type { IncidentCasualtiesTable, IncidentsTable } from "./incidents.schema";

/**
 * One saved state of an incident: the facts a grade rests on, and the SHA-256 of the original
 * title and narrative. Kept for every save (`incident_revisions`), so readers see what changed
 * after a grade was given. The text itself is not kept: a correction that takes a dangerous
 * detail out of a narrative (a name, a street) must really take it out, while the hash still
 * shows that, and when, the text changed. Coordinates are decimal strings (canonical JSON holds
 * no floats).
 */
export interface IncidentSnapshot {
  type: string;
  date_precision: string;
  date_start: string;
  date_end: string | null;
  place_code: string;
  latitude: string | null;
  longitude: string | null;
  precision_m: number | null;
  coords_public: boolean;
  /** Alleged actors by name, sorted. */
  actors: string[];
  casualties: Array<{ category: string; subgroup: string; min: number; max: number }>;
  lang: string;
  /** SHA-256 (hex) of the original title and narrative at this revision. */
  title_sha256: string;
  narrative_sha256: string;
}

/** What a revision changed, in the words the page uses. */
export const SNAPSHOT_FIELDS = ["type", "date", "place", "coordinates", "casualties", "actors", "title", "narrative"] as const;
export type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];

export function incidentSnapshot(
  row: Pick<IncidentsTable, "type" | "date_precision" | "date_start" | "date_end" | "place_code" | "latitude" | "longitude" | "precision_m" | "coords_public">,
  actors: string[],
  casualties: Array<Pick<IncidentCasualtiesTable, "category" | "subgroup" | "min" | "max">>,
  original: { lang: string; title: string; narrative: string },
): IncidentSnapshot {
  return {
    type: row.type,
    date_precision: row.date_precision,
    date_start: row.date_start,
    date_end: row.date_end,
    place_code: row.place_code,
    latitude: row.latitude === null ? null : String(row.latitude),
    longitude: row.longitude === null ? null : String(row.longitude),
    precision_m: row.precision_m,
    coords_public: row.coords_public === 1,
    actors: [...actors].sort(),
    casualties: casualties
      .map((c) => ({ category: c.category, subgroup: c.subgroup, min: c.min, max: c.max }))
      .sort((a, b) => `${a.category}/${a.subgroup}`.localeCompare(`${b.category}/${b.subgroup}`)),
    lang: original.lang,
    title_sha256: sha256Hex(original.title),
    narrative_sha256: sha256Hex(original.narrative),
  };
}

export function encodeSnapshot(s: IncidentSnapshot): string {
  return canonicalJson({ ...s, casualties: s.casualties.map((c) => ({ ...c })) });
}

export function decodeSnapshot(text: string): IncidentSnapshot {
  return JSON.parse(text) as IncidentSnapshot;
}

/** The fields that differ between two snapshots; every field for the first revision. */
export function changedFields(before: IncidentSnapshot | null, after: IncidentSnapshot): SnapshotField[] {
  if (before === null) {
    return [...SNAPSHOT_FIELDS];
  }
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const parts: Record<SnapshotField, (s: IncidentSnapshot) => unknown> = {
    type: (s) => s.type,
    date: (s) => [s.date_precision, s.date_start, s.date_end],
    place: (s) => s.place_code,
    coordinates: (s) => [s.latitude, s.longitude, s.precision_m, s.coords_public],
    casualties: (s) => s.casualties,
    actors: (s) => s.actors,
    title: (s) => s.title_sha256,
    narrative: (s) => s.narrative_sha256,
  };
  return SNAPSHOT_FIELDS.filter((f) => !same(parts[f](before), parts[f](after)));
}

/**
 * Whether the current grade was given on an earlier state: something changed between the graded
 * revision and the current one. Grades given before revisions were kept (revision null) cannot be
 * compared and are not flagged.
 */
export function gradeOutdated(gradedRevision: number | null, changesSinceGrade: SnapshotField[]): boolean {
  return gradedRevision !== null && changesSinceGrade.length > 0;
}
