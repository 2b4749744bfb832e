import type { Translator } from "../../../platform/i18n/translator";

// Labels of the module's enumerations. Each key is written out so the catalog checker sees it.

export function typeLabel(i: Translator, type: string): string {
  switch (type) {
    case "air_strike":
      return i.t("incident_type.air_strike");
    case "shelling":
      return i.t("incident_type.shelling");
    case "ground_attack":
      return i.t("incident_type.ground_attack");
    case "chemical_attack":
      return i.t("incident_type.chemical_attack");
    case "attack_on_medical":
      return i.t("incident_type.attack_on_medical");
    case "attack_on_school":
      return i.t("incident_type.attack_on_school");
    case "siege":
      return i.t("incident_type.siege");
    case "detention":
      return i.t("incident_type.detention");
    case "disappearance":
      return i.t("incident_type.disappearance");
    case "displacement":
      return i.t("incident_type.displacement");
    default:
      return i.t("incident_type.other");
  }
}

export function gradeLabel(i: Translator, grade: string | null): string {
  switch (grade) {
    case "confirmed":
      return i.t("incident_grade.confirmed");
    case "fair":
      return i.t("incident_grade.fair");
    case "weak":
      return i.t("incident_grade.weak");
    case "contested":
      return i.t("incident_grade.contested");
    case "discounted":
      return i.t("incident_grade.discounted");
    default:
      return i.t("incident_grade.ungraded");
  }
}

/** The published rule of each grade, shown on the methodology page and next to the grade form. */
export function gradeRule(i: Translator, grade: string): string {
  switch (grade) {
    case "confirmed":
      return i.t("incident_grade_rule.confirmed");
    case "fair":
      return i.t("incident_grade_rule.fair");
    case "weak":
      return i.t("incident_grade_rule.weak");
    case "contested":
      return i.t("incident_grade_rule.contested");
    default:
      return i.t("incident_grade_rule.discounted");
  }
}

export function sourceTypeLabel(i: Translator, type: string): string {
  switch (type) {
    case "eyewitness":
      return i.t("source_type.eyewitness");
    case "local_group":
      return i.t("source_type.local_group");
    case "medical_record":
      return i.t("source_type.medical_record");
    case "media_report":
      return i.t("source_type.media_report");
    case "official_statement":
      return i.t("source_type.official_statement");
    case "satellite_imagery":
      return i.t("source_type.satellite_imagery");
    default:
      return i.t("source_type.other");
  }
}

export function sourceKindLabel(i: Translator, kind: string): string {
  switch (kind) {
    case "statement":
      return i.t("source_kind.statement");
    case "url":
      return i.t("source_kind.url");
    default:
      return i.t("source_kind.media");
  }
}

export function independenceLabel(i: Translator, independence: string): string {
  return independence === "independent" ? i.t("source_independence.independent") : i.t("source_independence.same_origin");
}

export function precisionLabel(i: Translator, precision: string): string {
  switch (precision) {
    case "exact":
      return i.t("date_precision.exact");
    case "day":
      return i.t("date_precision.day");
    case "month":
      return i.t("date_precision.month");
    default:
      return i.t("date_precision.range");
  }
}

export function subgroupLabel(i: Translator, subgroup: string): string {
  switch (subgroup) {
    case "civilians":
      return i.t("casualty.civilians");
    case "children":
      return i.t("casualty.children");
    case "women":
      return i.t("casualty.women");
    default:
      return i.t("casualty.total");
  }
}

export function categoryLabel(i: Translator, category: string): string {
  return category === "killed" ? i.t("casualty.killed") : i.t("casualty.injured");
}

export function archiveFailure(i: Translator, reason: string): string {
  switch (reason) {
    case "address-blocked":
      return i.t("archive.failed_blocked");
    case "too-large":
      return i.t("archive.failed_too_large");
    case "http-error":
      return i.t("archive.failed_http");
    default:
      return i.t("archive.failed_network");
  }
}

/** The date as readers should see it, with its precision: "March 2026", "3–5 March 2026"… */
export function incidentDate(i: Translator, precision: string, start: string, end: string | null): string {
  switch (precision) {
    case "exact":
      return i.dateTime(`${start}:00Z`).replace(/\s*(UTC|GMT|\+00:00)$/, "");
    case "month":
      return new Intl.DateTimeFormat(i.lang, { year: "numeric", month: "long", timeZone: "UTC" }).format(new Date(`${start}T00:00:00Z`));
    case "range":
      return i.t("incident.date_range", { from: i.date(`${start}T00:00:00Z`), to: i.date(`${end ?? start}T00:00:00Z`) });
    default:
      return i.date(`${start}T00:00:00Z`);
  }
}
