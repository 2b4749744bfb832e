import type { Result } from "../../../platform/result";
import { exhaustiveCheck } from "../../../platform/result";

/**
 * Why a machine translation could not be produced. None of the variants carries segment
 * text, so an error can be logged or shown to an operator without leaking a statement.
 */
export type MtError =
  | { type: "unavailable"; message: string }
  | { type: "unsupported-pair"; source: string; target: string }
  | { type: "bad-response"; message: string }
  | { type: "timeout" }
  | { type: "rejected"; status: number; message: string };

/**
 * A machine-translation engine that produces drafts for translators. Texts are segment
 * texts with numbered placeholders (`{1}…{/1}`, `{2/}`, `{{`, `}}`); a provider returns
 * one translation per input, in order, with every placeholder kept, or an error for the
 * whole batch. Language codes are Sada's content language codes (`ar`, `ckb`, `kmr`, …).
 */
export interface MtProvider {
  /** Short engine name, recorded with drafts and shown to translators. */
  readonly name: string;
  translate(texts: string[], sourceLang: string, targetLang: string): Promise<Result<string[], MtError>>;
}

/**
 * One English line per error for logs and the operator, because MT failures are an
 * operator concern (a server to fix), not something translators can act on.
 */
export function describeMtError(e: MtError): string {
  switch (e.type) {
    case "unavailable":
      return `machine translation is unavailable: ${e.message}`;
    case "unsupported-pair":
      return `machine translation does not support ${e.source} → ${e.target}`;
    case "bad-response":
      return `machine translation returned an unusable response: ${e.message}`;
    case "timeout":
      return "machine translation timed out";
    case "rejected":
      return `machine translation rejected the request (HTTP ${e.status}): ${e.message}`;
    default:
      return exhaustiveCheck(e);
  }
}
