// The shared parts of the signed-statement verifier (statement-verify.ts): the report's types,
// reading untrusted JSON, canonical form, and the list of checks being made.
import { createHash } from "node:crypto";
import { canonicalJson, type CanonicalValue } from "../../../platform/canonical-json";
import { fromBase64Strict } from "../signing";

/** One check: `what` names the thing checked, `detail` says why it failed (or adds context). */
export interface VerifyCheck {
  ok: boolean;
  what: string;
  detail?: string;
  /** A remark that never fails the report (e.g. the log key was not pinned). */
  note?: true;
}

export interface VerifyReport {
  /** True when every check passed. */
  valid: boolean;
  /** The statement id the document names, when it names one. */
  statement: string | null;
  checks: VerifyCheck[];
}

export interface VerifyOptions {
  /** A checkpoint note obtained independently (a witness, an earlier download): the bundle's log must extend it or be extended by it. */
  trustedCheckpoint?: string;
  /** The log's verifier key ("origin+hash+base64"), pinned: the bundle's own `log_key` is then only compared with it. */
  logKey?: string;
  /** Fetches the RFC 9162 consistency proof between two tree sizes (base64 hashes); absent when offline. */
  fetchConsistency?: (from: number, to: number) => Promise<string[]>;
  /** Every revision and translation must already be in the checkpoint (no grace for recent ones). */
  requireLogged?: boolean;
  /** The statement id that was asked for (from the URL): the document must be of this statement. */
  statement?: string;
}

export const utf8 = new TextEncoder();

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const str = (o: Obj, k: string): string | null => (typeof o[k] === "string" ? o[k] : null);
export const int = (o: Obj, k: string): number | null => (Number.isSafeInteger(o[k]) ? (o[k] as number) : null);
export const sha256Hex = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");
export const short = (hash: string | null): string => (hash === null ? "null" : hash.length > 16 ? `${hash.slice(0, 16)}…` : hash);
export const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Whether a text is exactly the canonical JSON of what it parses to (keys sorted, no white space, no
 * repeated keys, strings as JSON.stringify writes them, integers only): the form everything signed or
 * logged is written in (platform/canonical-json.ts). Another spelling of the same data would hash
 * differently, and a repeated key means different things to different parsers.
 */
export function isCanonicalText(text: string): boolean {
  try {
    return canonicalJson(JSON.parse(text) as CanonicalValue) === text;
  } catch {
    return false;
  }
}

/** What is wrong with the set of fields of a parsed canonical object, if anything. */
export function fieldsWrong(parsed: Obj, expected: string[]): string | null {
  const missing = expected.filter((k) => !(k in parsed));
  const extra = Object.keys(parsed).filter((k) => !expected.includes(k));
  if (missing.length === 0 && extra.length === 0) {
    return null;
  }
  return [missing.length > 0 ? `missing ${missing.join(", ")}` : "", extra.length > 0 ? `unexpected ${extra.join(", ")}` : ""].filter(Boolean).join("; ");
}

export const NOT_CANONICAL = "the text is not in canonical form (keys sorted, no white space, no repeated keys, integers only)";

export function parseJsonObject(text: string): Obj | null {
  try {
    const v: unknown = JSON.parse(text);
    return isObj(v) ? v : null;
  } catch {
    return null;
  }
}

export function decodePath(value: unknown): Uint8Array[] | null {
  if (!Array.isArray(value)) {
    return null;
  }
  const out: Uint8Array[] = [];
  for (const item of value) {
    const bytes = typeof item === "string" ? fromBase64Strict(item) : null;
    if (bytes === null) {
      return null;
    }
    out.push(bytes);
  }
  return out;
}

export class Checks {
  readonly list: VerifyCheck[] = [];

  add(ok: boolean, what: string, detail?: string): boolean {
    this.list.push(detail === undefined ? { ok, what } : { ok, what, detail });
    return ok;
  }

  note(what: string, detail: string): void {
    this.list.push({ ok: true, what, detail, note: true });
  }
}

/** The "hash" check of a revision or translation: SHA-256 of its canonical text against the claimed hash. */
export function checkHash(checks: { add(ok: boolean, what: string, detail?: string): void }, label: string, canonical: string, claimed: string | null): string {
  const actual = sha256Hex(canonical);
  checks.add(
    actual === claimed,
    `${label}: hash`,
    actual === claimed ? short(actual) : `SHA-256 of the canonical text is ${actual}, the document says ${claimed ?? "nothing"}`,
  );
  return actual;
}

/** A time for comparisons: an unreadable one sorts before every other (so it counts as "already happened"). */
export const timeOf = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? -Infinity : t;
};
