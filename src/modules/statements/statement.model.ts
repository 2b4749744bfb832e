import { sha256Hex } from "../../platform/hash";

export const STATEMENT_KINDS = ["statement", "appeal", "report", "interview", "call_to_action"] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];
export type StatementStatus = "published" | "retracted";
export type RevisionKind = "edit" | "retraction";

/** What a revision says, before it is hashed. See docs/formats.md. */
export interface RevisionContent {
  statementId: string;
  groupId: string;
  number: number;
  kind: StatementKind;
  lang: string;
  title: string;
  body: string;
  prevHash: string | null;
  retractionReason: string | null;
  createdAt: string;
}

/** Text as it is hashed and stored: Unicode NFC, LF line ends, no trailing spaces at the end. */
export function canonicalText(text: string): string {
  return text.normalize("NFC").replace(/\r\n?/g, "\n").replace(/\s+$/u, "");
}

/**
 * The canonical form of a revision: a JSON object with keys in code-point order, no
 * insignificant white space, UTF-8 (RFC 8785 compatible for these string and integer
 * values). Its SHA-256 is the revision hash that chains revisions together.
 */
export function canonicalForm(r: RevisionContent): string {
  const object: Record<string, string | number | null> = {
    body: canonicalText(r.body),
    created_at: r.createdAt,
    group: r.groupId,
    kind: r.kind,
    lang: r.lang,
    number: r.number,
    prev: r.prevHash,
    retraction: r.retractionReason === null ? null : canonicalText(r.retractionReason),
    statement: r.statementId,
    title: canonicalText(r.title),
    v: 1,
  };
  const keys = Object.keys(object).sort();
  return "{" + keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(object[k])}`).join(",") + "}";
}

export function revisionHash(canonical: string): string {
  return sha256Hex(canonical);
}
