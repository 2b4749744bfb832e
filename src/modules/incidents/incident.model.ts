import { hasRole, type Viewer } from "../accounts/account.model";

export const INCIDENT_TYPES = [
  "air_strike",
  "shelling",
  "ground_attack",
  "chemical_attack",
  "attack_on_medical",
  "attack_on_school",
  "siege",
  "detention",
  "disappearance",
  "displacement",
  "other",
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const DATE_PRECISIONS = ["exact", "day", "month", "range"] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/** The Airwars civilian-harm grading scale, strongest first. */
export const GRADES = ["confirmed", "fair", "weak", "contested", "discounted"] as const;
export type Grade = (typeof GRADES)[number];

export const SOURCE_KINDS = ["statement", "url", "media"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const SOURCE_TYPES = ["eyewitness", "local_group", "medical_record", "media_report", "official_statement", "satellite_imagery", "other"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const INDEPENDENCE = ["independent", "same_origin"] as const;
export type Independence = (typeof INDEPENDENCE)[number];

export const CASUALTY_CATEGORIES = ["killed", "injured"] as const;
export const CASUALTY_SUBGROUPS = ["total", "civilians", "children", "women"] as const;
export type CasualtyCategory = (typeof CASUALTY_CATEGORIES)[number];
export type CasualtySubgroup = (typeof CASUALTY_SUBGROUPS)[number];

export interface CasualtyRange {
  category: CasualtyCategory;
  subgroup: CasualtySubgroup;
  min: number;
  max: number;
}

/** Where a date stands in time, for sorting and charts: its first day (or moment). */
export interface IncidentDate {
  precision: DatePrecision;
  start: string;
  end: string | null;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const MINUTE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

function realDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900 && y <= 2200;
}

/**
 * Normalises a date with its precision, or returns the translation key of the problem.
 * "exact" takes YYYY-MM-DDTHH:MM (local time of the place, as witnesses give it), "day"
 * YYYY-MM-DD, "month" YYYY-MM (stored as the first day) and "range" two days, in order.
 */
export function normaliseDate(precision: DatePrecision, start: string, end: string | null): IncidentDate | { error: string } {
  const s = start.trim();
  switch (precision) {
    case "exact": {
      const m = MINUTE.exec(s);
      if (!m || !realDay(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[4]) > 23 || Number(m[5]) > 59) {
        return { error: "error.incident_date_invalid" };
      }
      return { precision, start: s, end: null };
    }
    case "day": {
      const m = DAY.exec(s);
      return m && realDay(Number(m[1]), Number(m[2]), Number(m[3])) ? { precision, start: s, end: null } : { error: "error.incident_date_invalid" };
    }
    case "month": {
      const m = MONTH.exec(s) ?? DAY.exec(s);
      if (!m || !realDay(Number(m[1]), Number(m[2]), 1)) {
        return { error: "error.incident_date_invalid" };
      }
      return { precision, start: `${m[1]}-${m[2]}-01`, end: null };
    }
    case "range": {
      const a = DAY.exec(s);
      const e = (end ?? "").trim();
      const b = DAY.exec(e);
      if (!a || !realDay(Number(a[1]), Number(a[2]), Number(a[3]))) {
        return { error: "error.incident_date_invalid" };
      }
      if (!b || !realDay(Number(b[1]), Number(b[2]), Number(b[3]))) {
        return { error: "error.incident_date_end_invalid" };
      }
      if (e < s) {
        return { error: "error.incident_date_range_order" };
      }
      return { precision, start: s, end: e };
    }
  }
}

/** The month (YYYY-MM) an incident is counted in: the month its date starts. */
export function monthOf(date: Pick<IncidentDate, "start">): string {
  return date.start.slice(0, 7);
}

/** The governorate of a gazetteer code: "SY-RD-douma" → "SY-RD". */
export function governorateOf(placeCode: string): string {
  return placeCode.slice(0, 5);
}

/**
 * Checks casualty ranges: min ≤ max, and no sub-count above the total of its category
 * (children or women cannot exceed the civilians when both are known).
 * Returns the translation key of the first problem, or null.
 */
export function casualtyProblem(ranges: CasualtyRange[]): string | null {
  const get = (category: CasualtyCategory, subgroup: CasualtySubgroup) => ranges.find((r) => r.category === category && r.subgroup === subgroup);
  for (const r of ranges) {
    if (!Number.isInteger(r.min) || !Number.isInteger(r.max) || r.min < 0 || r.max > 1_000_000) {
      return "error.casualty_invalid";
    }
    if (r.min > r.max) {
      return "error.casualty_range_order";
    }
  }
  for (const category of CASUALTY_CATEGORIES) {
    const total = get(category, "total");
    const civilians = get(category, "civilians");
    for (const sub of ["civilians", "children", "women"] as const) {
      const part = get(category, sub);
      if (part && total && part.min > total.max) {
        return "error.casualty_exceeds_total";
      }
      if (part && sub !== "civilians" && civilians && part.min > civilians.max) {
        return "error.casualty_exceeds_total";
      }
    }
  }
  return null;
}

/** "12", "10–15" or "—" for an unknown figure. */
export function formatRange(r: { min: number; max: number } | undefined): string {
  if (!r) {
    return "—";
  }
  return r.min === r.max ? String(r.min) : `${r.min}–${r.max}`;
}

/**
 * How many independent sources support the claim. A source marked "same origin" repeats
 * another listed source and adds nothing; still, an incident with any source has at least one
 * origin. So: the number of sources marked independent, and at least 1 when there are sources.
 */
export function independentSourceCount(sources: Array<{ independence: string }>): number {
  const independent = sources.filter((s) => s.independence === "independent").length;
  return sources.length > 0 ? Math.max(1, independent) : 0;
}

/**
 * The published rules of the scale (the methodology page explains them in words):
 * confirmed — a party to the conflict accepted responsibility: needs an official-statement source;
 * fair — two or more independent sources; weak — a single source; contested — competing claims,
 * at least one source; discounted — no source minimum (the rationale says why it was dismissed).
 */
export const GRADE_MIN_SOURCES: Record<Grade, number> = {
  confirmed: 1,
  fair: 2,
  weak: 1,
  contested: 1,
  discounted: 0,
};

/** Null when the grade fits the evidence, else the translation key of the problem. */
export function gradeProblem(grade: Grade, sources: Array<{ independence: string; source_type: string }>): string | null {
  if (independentSourceCount(sources) < GRADE_MIN_SOURCES[grade]) {
    return "error.grade_needs_sources";
  }
  if (grade === "confirmed" && !sources.some((s) => s.source_type === "official_statement")) {
    return "error.grade_confirmed_needs_acknowledgement";
  }
  return null;
}

export interface IncidentOwnership {
  groupId: string | null;
  createdBy: string | null;
}

// Permissions of the incidents module, all in one place. `memberOf` says whether the viewer
// is an accepted member (publisher or admin) of the group in question.
export const incidentPermissions = {
  /** Record for a group: its members; editors and admins may record without a group. */
  record: (viewer: Viewer | null, memberOfGroup: boolean) => viewer !== null && (hasRole(viewer, "editor") || memberOfGroup),
  /** Edit facts, add sources, link statements: the recording group's members, editors, admins. */
  edit: (viewer: Viewer | null, memberOfIncidentGroup: boolean, incident: IncidentOwnership) =>
    viewer !== null && (hasRole(viewer, "editor") || memberOfIncidentGroup || (incident.groupId === null && incident.createdBy === viewer.id)),
  grade: (viewer: Viewer | null) => hasRole(viewer, "editor"),
  manageActors: (viewer: Viewer | null) => hasRole(viewer, "editor"),
  translate: (viewer: Viewer | null) => hasRole(viewer, "translator"),
  settings: (viewer: Viewer | null) => hasRole(viewer, "admin"),
};
