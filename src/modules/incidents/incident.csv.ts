import { csvRow, CSV_BOM } from "../portability/csv.model";
import { placeByCode, placeName } from "../places/gazetteer";
import { createIncidentCommand, type CreateIncidentCommand } from "./incident.commands";
import {
  CASUALTY_CATEGORIES,
  CASUALTY_SUBGROUPS,
  casualtyProblem,
  DATE_PRECISIONS,
  governorateOf,
  normaliseDate,
  type CasualtyRange,
  type DatePrecision,
} from "./incident.model";
import type { IncidentSummary } from "./incident.queries";

/** Column name of a casualty bound: killed_min, killed_civilians_max, injured_children_min… */
function casualtyColumn(category: string, subgroup: string, bound: "min" | "max"): string {
  return subgroup === "total" ? `${category}_${bound}` : `${category}_${subgroup}_${bound}`;
}

const CASUALTY_COLUMNS = CASUALTY_CATEGORIES.flatMap((c) => CASUALTY_SUBGROUPS.flatMap((s) => [casualtyColumn(c, s, "min"), casualtyColumn(c, s, "max")]));

/** The columns of the incidents CSV export, in order (docs/data.md, "Incidents"). */
export const EXPORT_COLUMNS = [
  "id",
  "type",
  "date_precision",
  "date_start",
  "date_end",
  "place_code",
  "governorate",
  "place_name",
  "latitude",
  "longitude",
  "precision_m",
  ...CASUALTY_COLUMNS,
  "actors",
  "grade",
  "sources",
  "independent_sources",
  "lang",
  "title",
  "group",
  "url",
  "updated_at",
];

/** The columns `sada incidents import` reads; others (such as an export's id) are ignored. */
export const IMPORT_COLUMNS = [
  "type",
  "date_precision",
  "date_start",
  "date_end",
  "place_code",
  "latitude",
  "longitude",
  "precision_m",
  "coords_public",
  ...CASUALTY_COLUMNS,
  "actors",
  "lang",
  "title",
  "narrative",
  "group",
];
const REQUIRED_COLUMNS = ["type", "date_precision", "date_start", "place_code", "lang", "title"];

/** One incident as a CSV record; withheld coordinates stay empty. */
export function incidentCsvRecord(row: IncidentSummary, baseUrl: string): string {
  const cas = (category: string, subgroup: string, bound: "min" | "max") => {
    const r = row.casualties.find((c) => c.category === category && c.subgroup === subgroup);
    return r ? String(r[bound]) : "";
  };
  return csvRow([
    row.id,
    row.type,
    row.datePrecision,
    row.dateStart,
    row.dateEnd ?? "",
    row.placeCode,
    governorateOf(row.placeCode),
    placeName(row.placeCode, "en"),
    row.latitude === null ? "" : String(row.latitude),
    row.longitude === null ? "" : String(row.longitude),
    row.precisionM === null ? "" : String(row.precisionM),
    ...CASUALTY_CATEGORIES.flatMap((c) => CASUALTY_SUBGROUPS.flatMap((s) => [cas(c, s, "min"), cas(c, s, "max")])),
    row.actors.join("; "),
    row.grade ?? "",
    String(row.sourceCount),
    String(row.independentSources),
    row.text.lang,
    row.text.title,
    row.groupSlug ?? "",
    `${baseUrl}/en/incidents/${row.id}`,
    row.updatedAt,
  ]);
}

export function csvHeader(): string {
  return CSV_BOM + csvRow(EXPORT_COLUMNS);
}

/** A parsed CSV record with the line number (1-based) where it starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * RFC 4180 parsing: quoted fields may hold commas, doubled quotes and line breaks; a leading
 * BOM is dropped. A quote left open at the end is an error with the line it opened on.
 */
export function parseCsv(text: string): { records: CsvRecord[] } | { error: { line: number; reason: string } } {
  const src = text.startsWith(CSV_BOM) ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoteLine = 1;
  let fieldStarted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        if (ch === "\n") {
          line++;
        }
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      inQuotes = true;
      quoteLine = line;
      fieldStarted = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
      fieldStarted = false;
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && src[i + 1] === "\n") {
        i++;
      }
      fields.push(field);
      if (!(fields.length === 1 && fields[0] === "")) {
        records.push({ line: recordLine, fields });
      }
      fields = [];
      field = "";
      fieldStarted = false;
      line++;
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (inQuotes) {
    return { error: { line: quoteLine, reason: "unclosed quote" } };
  }
  if (field !== "" || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return { records };
}

export interface RowProblem {
  line: number;
  field: string;
  /** A translation key (error.*) or a short English reason. */
  reason: string;
}

export interface ValidatedRow {
  line: number;
  command: CreateIncidentCommand;
}

const num = (v: string | undefined) => (v === undefined || v.trim() === "" ? null : Number(v.trim()));

/** Turns one record into the command the web form would send, or lists its problems. */
function rowToInput(get: (name: string) => string | undefined): { input: Record<string, unknown>; problems: Array<{ field: string; reason: string }> } {
  const problems: Array<{ field: string; reason: string }> = [];
  const casualties: CasualtyRange[] = [];
  for (const category of CASUALTY_CATEGORIES) {
    for (const subgroup of CASUALTY_SUBGROUPS) {
      const minName = casualtyColumn(category, subgroup, "min");
      const maxName = casualtyColumn(category, subgroup, "max");
      const min = num(get(minName));
      const max = num(get(maxName));
      if (min === null && max === null) {
        continue;
      }
      if ((min !== null && !Number.isInteger(min)) || (max !== null && !Number.isInteger(max))) {
        problems.push({ field: min !== null && !Number.isInteger(min) ? minName : maxName, reason: "error.casualty_invalid" });
        continue;
      }
      casualties.push({ category, subgroup, min: min ?? max ?? 0, max: max ?? min ?? 0 });
    }
  }
  const coordsPublic = (get("coords_public") ?? "").trim().toLowerCase();
  if (!["", "0", "1", "true", "false", "yes", "no"].includes(coordsPublic)) {
    problems.push({ field: "coords_public", reason: "error.validation" });
  }
  const numberOrNaN = (name: string) => {
    const v = num(get(name));
    if (v !== null && Number.isNaN(v)) {
      problems.push({ field: name, reason: name === "precision_m" ? "error.precision_invalid" : "error.coordinates_invalid" });
    }
    return v;
  };
  const input = {
    type: get("type")?.trim(),
    datePrecision: get("date_precision")?.trim(),
    dateStart: get("date_start")?.trim() ?? "",
    dateEnd: get("date_end")?.trim() || null,
    placeCode: get("place_code")?.trim(),
    latitude: numberOrNaN("latitude"),
    longitude: numberOrNaN("longitude"),
    precisionM: numberOrNaN("precision_m"),
    coordsPublic: ["1", "true", "yes"].includes(coordsPublic),
    casualties,
    actors: (get("actors") ?? "")
      .split(";")
      .map((a) => a.trim())
      .filter((a) => a !== ""),
    lang: get("lang")?.trim(),
    title: get("title") ?? "",
    narrative: get("narrative") ?? "",
    group: get("group")?.trim() || null,
  };
  return { input, problems };
}

/** Maps a command's field path back to the CSV column a person would fix. */
function columnOf(path: string): string {
  const map: Record<string, string> = {
    type: "type",
    datePrecision: "date_precision",
    dateStart: "date_start",
    dateEnd: "date_end",
    placeCode: "place_code",
    latitude: "latitude",
    longitude: "longitude",
    precisionM: "precision_m",
    casualties: "casualties",
    actors: "actors",
    lang: "lang",
    title: "title",
    narrative: "narrative",
    group: "group",
  };
  return map[path.split(".")[0] ?? ""] ?? path;
}

/**
 * Checks every row of an incidents CSV before anything is written. Each problem carries the
 * line number of its record (line 1 is the header), so a person can fix the file in one pass.
 */
export function validateIncidentCsv(text: string): { rows: ValidatedRow[]; problems: RowProblem[] } {
  const parsed = parseCsv(text);
  if ("error" in parsed) {
    return { rows: [], problems: [{ line: parsed.error.line, field: "", reason: parsed.error.reason }] };
  }
  const [header, ...records] = parsed.records;
  if (!header) {
    return { rows: [], problems: [{ line: 1, field: "", reason: "empty file" }] };
  }
  const names = header.fields.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    return { rows: [], problems: missing.map((c) => ({ line: header.line, field: c, reason: "missing column" })) };
  }
  const rows: ValidatedRow[] = [];
  const problems: RowProblem[] = [];
  for (const record of records) {
    if (record.fields.length !== names.length) {
      problems.push({ line: record.line, field: "", reason: `expected ${names.length} fields, found ${record.fields.length}` });
      continue;
    }
    const get = (name: string) => {
      const i = names.indexOf(name);
      return i < 0 ? undefined : record.fields[i];
    };
    const { input, problems: own } = rowToInput(get);
    const parsedRow = createIncidentCommand.safeParse(input);
    const all = [...own];
    if (!parsedRow.success) {
      for (const issue of parsedRow.error.issues) {
        const field = columnOf(issue.path.map(String).join("."));
        if (!all.some((p) => p.field === field)) {
          all.push({ field, reason: issue.message.startsWith("error.") ? issue.message : "error.validation" });
        }
      }
    }
    // Zod skips the cross-field checks when another field already failed: run them here too,
    // so a row's every problem is reported at once.
    const add = (field: string, reason: string) => {
      if (!all.some((p) => p.field === field)) {
        all.push({ field, reason });
      }
    };
    if (placeByCode(String(input.placeCode ?? "")) === undefined) {
      add("place_code", "error.place_invalid");
    }
    const precision = String(input.datePrecision ?? "");
    if ((DATE_PRECISIONS as readonly string[]).includes(precision)) {
      const date = normaliseDate(precision as DatePrecision, String(input.dateStart ?? ""), (input.dateEnd as string | null) ?? null);
      if ("error" in date) {
        add(date.error === "error.incident_date_invalid" ? "date_start" : "date_end", date.error);
      }
    }
    const casualtyError = casualtyProblem(input.casualties as CasualtyRange[]);
    if (casualtyError) {
      add("casualties", casualtyError);
    }
    if (all.length > 0 || !parsedRow.success) {
      problems.push(...all.map((p) => ({ line: record.line, ...p })));
      continue;
    }
    rows.push({ line: record.line, command: parsedRow.data });
  }
  return { rows, problems };
}
