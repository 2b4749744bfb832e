import { z } from "zod";
import { CONTENT_LANG_CODES } from "../../platform/i18n/languages";
import { PLACE_CODES } from "../places/gazetteer";
import {
  CASUALTY_CATEGORIES,
  CASUALTY_SUBGROUPS,
  casualtyProblem,
  DATE_PRECISIONS,
  GRADES,
  INCIDENT_TYPES,
  INDEPENDENCE,
  normaliseDate,
  SOURCE_KINDS,
  SOURCE_TYPES,
} from "./incident.model";

const lang = z.enum(CONTENT_LANG_CODES, { error: "error.lang_invalid" });
const text = (max: number, key: string) => z.string({ error: key }).trim().min(1, key).max(max, key);
const optionalText = (max: number, key: string) =>
  z
    .string({ error: key })
    .trim()
    .max(max, key)
    .nullish()
    .transform((v) => (v ? v : null));

const casualty = z.object({
  category: z.enum(CASUALTY_CATEGORIES, { error: "error.casualty_invalid" }),
  subgroup: z.enum(CASUALTY_SUBGROUPS, { error: "error.casualty_invalid" }),
  min: z.number({ error: "error.casualty_invalid" }).int("error.casualty_invalid").min(0, "error.casualty_invalid").max(1_000_000, "error.casualty_invalid"),
  max: z.number({ error: "error.casualty_invalid" }).int("error.casualty_invalid").min(0, "error.casualty_invalid").max(1_000_000, "error.casualty_invalid"),
});

/** The facts of an incident: what, when, where, how many, by whom (alleged). */
const incidentFacts = z
  .object({
    type: z.enum(INCIDENT_TYPES, { error: "error.incident_type_invalid" }),
    datePrecision: z.enum(DATE_PRECISIONS, { error: "error.incident_date_precision_invalid" }),
    dateStart: z.string({ error: "error.incident_date_invalid" }).trim().max(20, "error.incident_date_invalid"),
    dateEnd: optionalText(20, "error.incident_date_end_invalid"),
    placeCode: z.enum(PLACE_CODES, { error: "error.place_invalid" }),
    latitude: z
      .number({ error: "error.coordinates_invalid" })
      .min(-90, "error.coordinates_invalid")
      .max(90, "error.coordinates_invalid")
      .nullish()
      .default(null),
    longitude: z
      .number({ error: "error.coordinates_invalid" })
      .min(-180, "error.coordinates_invalid")
      .max(180, "error.coordinates_invalid")
      .nullish()
      .default(null),
    precisionM: z
      .number({ error: "error.precision_invalid" })
      .int("error.precision_invalid")
      .min(1, "error.precision_invalid")
      .max(500_000, "error.precision_invalid")
      .nullish()
      .default(null),
    coordsPublic: z.boolean().default(false),
    casualties: z.array(casualty).max(8, "error.casualty_invalid").default([]),
    actors: z.array(z.string().trim().min(1).max(200)).max(20, "error.actor_unknown").default([]),
  })
  .superRefine((v, ctx) => {
    const date = normaliseDate(v.datePrecision, v.dateStart, v.dateEnd ?? null);
    if ("error" in date) {
      ctx.addIssue({ code: "custom", message: date.error, path: [date.error === "error.incident_date_invalid" ? "dateStart" : "dateEnd"] });
    }
    if ((v.latitude === null) !== (v.longitude === null)) {
      ctx.addIssue({ code: "custom", message: "error.coordinates_invalid", path: ["latitude"] });
    }
    const seen = new Set<string>();
    for (const c of v.casualties) {
      const key = `${c.category}.${c.subgroup}`;
      if (seen.has(key)) {
        ctx.addIssue({ code: "custom", message: "error.casualty_invalid", path: ["casualties"] });
      }
      seen.add(key);
    }
    const problem = casualtyProblem(v.casualties);
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem, path: ["casualties"] });
    }
  });

export const createIncidentCommand = incidentFacts.and(
  z.object({
    lang,
    title: text(300, "error.incident_title_required"),
    narrative: z.string().trim().max(20_000, "error.incident_narrative_too_long").default(""),
    /** The documenting group the incident is recorded for (its slug); editors may leave it out. */
    group: optionalText(60, "error.group_not_found"),
  }),
);
export type CreateIncidentCommand = z.infer<typeof createIncidentCommand>;

export const updateIncidentCommand = incidentFacts.and(z.object({ version: z.number({ error: "error.validation" }).int().min(1) }));
export type UpdateIncidentCommand = z.infer<typeof updateIncidentCommand>;

export const addSourceCommand = z
  .object({
    kind: z.enum(SOURCE_KINDS, { error: "error.source_kind_invalid" }),
    sourceType: z.enum(SOURCE_TYPES, { error: "error.source_type_invalid" }),
    independence: z.enum(INDEPENDENCE, { error: "error.source_independence_invalid" }),
    statementId: optionalText(40, "error.statement_not_found"),
    url: optionalText(2000, "error.url_invalid").refine((v) => v === null || /^https?:\/\/[^\s]+$/i.test(v), "error.url_invalid"),
    description: z.string().trim().max(2000, "error.description_too_long").default(""),
    capturedAt: optionalText(30, "error.captured_at_invalid").refine((v) => v === null || !Number.isNaN(Date.parse(v)), "error.captured_at_invalid"),
    deviceNotes: optionalText(1000, "error.description_too_long"),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "statement" && !v.statementId) {
      ctx.addIssue({ code: "custom", message: "error.statement_not_found", path: ["statementId"] });
    }
    if (v.kind === "url" && !v.url) {
      ctx.addIssue({ code: "custom", message: "error.url_invalid", path: ["url"] });
    }
  });
export type AddSourceCommand = z.infer<typeof addSourceCommand>;

export const gradeCommand = z.object({
  grade: z.enum(GRADES, { error: "error.grade_invalid" }),
  rationale: z.string({ error: "error.rationale_required" }).trim().min(10, "error.rationale_required").max(5000, "error.rationale_required"),
  /** The incident's version the editor saw (optional in the API): a save in between is a conflict. */
  version: z.coerce.number({ error: "error.validation" }).int("error.validation").min(1, "error.validation").optional(),
});
export type GradeCommand = z.infer<typeof gradeCommand>;

/** The original title and narrative, corrected by a recorder; `version` is the one they edited. */
export const incidentTextCommand = z.object({
  title: text(300, "error.incident_title_required"),
  narrative: z.string().trim().max(20_000, "error.incident_narrative_too_long").default(""),
  version: z.coerce.number({ error: "error.validation" }).int("error.validation").min(1, "error.validation"),
});

export const actorCommand = z.object({ name: text(200, "error.actor_name_required") });

export const linkStatementCommand = z.object({ statementId: text(40, "error.statement_not_found") });

/** Filters of the incident list, the map, the chart, the exports and the API. */
export const incidentFilter = z.object({
  type: z.enum(INCIDENT_TYPES).optional().catch(undefined),
  place: z.enum(PLACE_CODES).optional().catch(undefined),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  grade: z
    .enum([...GRADES, "ungraded"])
    .optional()
    .catch(undefined),
  actor: z.string().max(40).optional().catch(undefined),
  group: z.string().max(60).optional().catch(undefined),
});
export type IncidentFilter = z.infer<typeof incidentFilter>;
