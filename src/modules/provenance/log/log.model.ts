import { canonicalJson, type CanonicalValue } from "../../../platform/canonical-json";
import type { KeyCustody } from "../provenance.schema";

/**
 * What the transparency log records. Each entry is a small canonical JSON object (keys sorted,
 * no white space, `v: 1`); its bytes are the Merkle leaf. Entries point at signed data by hash,
 * so the log proves *that* and *when* something was published without repeating it.
 */
export type LogEntry =
  | {
      type: "revision";
      statement: string;
      group: string;
      number: number;
      /** The revision hash (SHA-256 of its canonical form). */
      hash: string;
      /** Fingerprint of the key that signed it. */
      key: string;
      retraction: boolean;
      at: string;
    }
  | {
      type: "translation";
      statement: string;
      lang: string;
      /** Publication number of this translation (1, 2, … for each republication). */
      number: number;
      hash: string;
      /** Hash of the source revision translated. */
      source: string;
      key: string;
      at: string;
    }
  | {
      type: "key";
      action: "registered" | "rotated" | "revoked";
      /** null for the instance key. */
      group: string | null;
      key: string;
      public_key: string;
      custody: KeyCustody;
      reason: string | null;
      at: string;
    }
  | { type: "group-status"; group: string; status: string; at: string }
  /** An editor graded an incident; the rationale is published on the incident page and logged by its SHA-256. */
  | { type: "incident-grade"; incident: string; grade: string; previous: string | null; rationale_sha256: string; at: string };

export type LogEntryType = LogEntry["type"];

/** The exact text of an entry: its UTF-8 bytes are the leaf. */
export function entryText(entry: LogEntry): string {
  return canonicalJson({ ...entry, v: 1 } as unknown as CanonicalValue);
}

/** What an entry is about, to find a statement's or group's entries by an index. */
export function entrySubject(entry: LogEntry): string {
  switch (entry.type) {
    case "revision":
    case "translation":
      return `statement:${entry.statement}`;
    case "key":
      return `key:${entry.key}`;
    case "group-status":
      return `group:${entry.group}`;
    case "incident-grade":
      return `incident:${entry.incident}`;
  }
}

/** Parses an entry's text back, checking it is one this log writes. */
export function parseEntry(text: string): LogEntry {
  const value = JSON.parse(text) as Record<string, unknown>;
  if (value.v !== 1 || typeof value.type !== "string" || !["revision", "translation", "key", "group-status", "incident-grade"].includes(value.type)) {
    throw new Error("not a Sada log entry (v 1)");
  }
  const { v: _v, ...entry } = value;
  return entry as unknown as LogEntry;
}
