import type { XmlError } from "../../../platform/xml/safe-xml";
import type { Markup } from "./segment-text.model";

/** The XLIFF 2.0 core namespace; XLIFF 2.1 keeps it, only the version attribute changes. */
export const XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0";
/** XLIFF 2.2 moved core to a new namespace; its inline elements are unchanged, so we read it too. */
export const XLIFF22_NS = "urn:oasis:names:tc:xliff:document:2.2";
export const XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2";

/** Workflow state of a segment, with the XLIFF 2 names (lowest to highest). */
export type SegmentState = "initial" | "translated" | "reviewed" | "final";
export const SEGMENT_STATES: readonly SegmentState[] = ["initial", "translated", "reviewed", "final"];

export interface XliffExportSegment {
  id: string;
  source: string;
  markup: Markup[];
  target: string | null;
  state: SegmentState;
  /** Glossary hints for the translator. */
  notes?: string[];
}

/** One statement revision in one target language, as handed to a translation tool. */
export interface XliffExportDoc {
  statementId: string;
  revision: number;
  /** ISO time of the export, written into `original` and read back on import. */
  exportedAt?: string;
  title?: string;
  sourceLang: string;
  targetLang: string;
  segments: XliffExportSegment[];
}

export interface XliffImportUnit {
  /** The unit id, which Sada's export sets to the segment id. */
  segmentId: string;
  /** Target in the segment text format; null when the tool left (part of) the unit untranslated. */
  target: string | null;
  /** The segment's `state` attribute as written by the tool (not validated); null when absent. */
  state: string | null;
}

export interface XliffImport {
  srcLang: string;
  trgLang: string;
  /** From `<file original="sada:statement/<id>/revision/<n>">`; null for files Sada did not write. */
  statementId: string | null;
  revision: number | null;
  /** When Sada exported the file (from `original`), so an import can tell later edits in Sada apart. */
  exportedAt: string | null;
  units: XliffImportUnit[];
}

export type XliffError =
  | { type: "xml"; cause: XmlError; message: string }
  | { type: "not-xliff"; reason: "xliff-1" | "other-version" | "other-root"; root: string; version: string | null }
  | { type: "bad-inline"; unitId: string; element: string; problem: "unknown-element" | "bad-id" | "bad-code-point" }
  | { type: "languages"; missing: Array<"srcLang" | "trgLang"> };

/** A one-line English explanation of an import failure, for the CLI, the API and logs. */
export function describeXliffError(e: XliffError): string {
  switch (e.type) {
    case "xml":
      return e.message;
    case "not-xliff":
      return describeNotXliff(e.reason, e.root, e.version);
    case "bad-inline":
      return describeBadInline(e.problem, e.unitId, e.element);
    case "languages":
      return `The <xliff> element lacks ${e.missing.join(" and ")}; both the source and the target language are required.`;
  }
}

function describeNotXliff(reason: "xliff-1" | "other-version" | "other-root", root: string, version: string | null): string {
  switch (reason) {
    case "xliff-1":
      return `This is an XLIFF ${version ?? "1.x"} file. Only XLIFF 2.x (2.0 or 2.1) is supported: export the file from your tool as XLIFF 2.`;
    case "other-version":
      return `Unsupported XLIFF version ${version ?? "(none given)"} or namespace. Only XLIFF 2.x (2.0 or 2.1, namespace ${XLIFF2_NS}) is supported.`;
    case "other-root":
      return `The file is XML but not XLIFF: its root element is <${root}>, not <xliff>.`;
  }
}

function describeBadInline(problem: "unknown-element" | "bad-id" | "bad-code-point", unitId: string, element: string): string {
  switch (problem) {
    case "unknown-element":
      return `Unit ${unitId}: the target contains <${element}>, which is not an XLIFF 2 inline element Sada can read.`;
    case "bad-id":
      return `Unit ${unitId}: the inline code <${element}> has a missing or non-numeric id; only the numbered codes from the export can be used.`;
    case "bad-code-point":
      return `Unit ${unitId}: the inline <${element}> element has an invalid code point.`;
  }
}
