// "Show translation" of a comment: machine translation by the operator's server, rate-limited
// per reader and for the whole site, with a small in-memory cache.
import { sha256Hex } from "../../platform/hash";
import type { RateLimiter } from "../../platform/http/rate-limit";
import { err, ok, type Result } from "../../platform/result";
import { createMtProvider, type MtConfig, type MtError, type MtProvider } from "../translation/mt";
import { commentPlainText } from "./comment.markdown";

/** What "show translation" needs: the operator's MT server and the limits on calling it. */
export interface MachineTranslationDeps {
  config: { mt: MtConfig };
  limits: { commentMtPerClient: RateLimiter; commentMtTotal: RateLimiter };
}

export type MachineTranslationError = { type: "unavailable" } | { type: "rate-limited"; seconds: number } | { type: "failed"; error: MtError };

/**
 * Machine translations already made, in memory only: by comment, target language and a hash of
 * the text (an edited comment is translated afresh). Bounded and short-lived, and dropped for a
 * comment when its author edits or deletes it or a moderator acts on it.
 */
class MachineTranslations {
  private readonly entries = new Map<string, { at: number; text: string }>();
  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
  ) {}
  private key(commentId: string, to: string, body: string): string {
    return `${commentId}|${to}|${sha256Hex(body)}`;
  }
  get(commentId: string, to: string, body: string, now: number): string | null {
    const k = this.key(commentId, to, body);
    const e = this.entries.get(k);
    if (!e || now - e.at >= this.ttlMs) {
      this.entries.delete(k);
      return null;
    }
    return e.text;
  }
  set(commentId: string, to: string, body: string, text: string, now: number): void {
    this.entries.set(this.key(commentId, to, body), { at: now, text });
    for (const k of this.entries.keys()) {
      if (this.entries.size <= this.max) {
        break;
      }
      this.entries.delete(k);
    }
  }
  forget(commentId: string): void {
    for (const k of this.entries.keys()) {
      if (k.startsWith(`${commentId}|`)) {
        this.entries.delete(k);
      }
    }
  }
}

const machineTranslations = new MachineTranslations(1_000, 10 * 60_000);

/** Drops the machine translations kept for a comment (its text changed or went away). */
export function forgetMachineTranslations(commentId: string): void {
  machineTranslations.forget(commentId);
}

// One provider per configured server, so its cached language list is reused between requests.
const providers = new Map<string, MtProvider | null>();
function providerFor(config: MtConfig): MtProvider | null {
  const key = `${config.url ?? ""}\u0000${config.apiKey ?? ""}`;
  if (!providers.has(key)) {
    providers.set(key, createMtProvider(config));
  }
  return providers.get(key) ?? null;
}

/**
 * "Show translation": a machine translation of a published comment from the operator's own MT
 * server, for anyone, signed in or not. Each call to that server counts against the asker's limit
 * (`asker`: "a:<account id>" or "c:<client key>", hashed by the limiter and kept in memory only)
 * and a limit for the whole site; a repeated request is answered from memory without a call.
 */
export async function machineTranslation(
  deps: MachineTranslationDeps,
  comment: { id: string; lang: string; body: string },
  to: string,
  asker: string,
  now = Date.now(),
): Promise<Result<string, MachineTranslationError>> {
  const mt = providerFor(deps.config.mt);
  if (!mt) {
    return err({ type: "unavailable" });
  }
  const cached = machineTranslations.get(comment.id, to, comment.body, now);
  if (cached !== null) {
    return ok(cached);
  }
  // The asker's own limit first: refused requests do not use up the site's.
  const wait = deps.limits.commentMtPerClient.hit(asker) || deps.limits.commentMtTotal.hit("site");
  if (wait > 0) {
    return err({ type: "rate-limited", seconds: wait });
  }
  // Braces are placeholders for the MT module: a literal one is written twice.
  const source = commentPlainText(comment.body).replace(/\{/g, "{{").replace(/\}/g, "}}");
  const result = await mt.translate([source], comment.lang, to);
  if (!result.ok) {
    return err({ type: "failed", error: result.error });
  }
  const text = (result.value[0] ?? "").replace(/\{\{/g, "{").replace(/\}\}/g, "}");
  machineTranslations.set(comment.id, to, comment.body, text, now);
  return ok(text);
}
