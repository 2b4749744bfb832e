import { z } from "zod";
import type { Result } from "../../../platform/result";
import { err, ok } from "../../../platform/result";
import { htmlToSegment, segmentToHtml } from "./mt.html";
import type { MtError, MtProvider } from "./mt.provider";

export interface LibreTranslateOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:5000`; `/translate` and `/languages` are appended. */
  url: string;
  apiKey?: string | null;
  /** Per request (the language list and each batch); default 10 s. */
  timeoutMs?: number;
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** How long the server's language list is trusted; servers gain models rarely. */
const LANGUAGES_TTL_MS = 60 * 60 * 1000;
/** Server error messages are quoted in MtError, so they are cut short and kept single-line. */
const MAX_SERVER_MESSAGE = 200;

/**
 * LibreTranslate codes to try for a Sada content language, best first. Most are the same
 * ISO 639-1 code; LibreTranslate has one "ku" for Kurdish, used for Sorani or Kurmanji only
 * when the server lists it, and never in preference to an exact code.
 */
const LANGUAGE_CANDIDATES: Record<string, readonly string[]> = {
  ckb: ["ckb", "ku"],
  kmr: ["kmr", "ku"],
};

const languagesSchema = z.array(z.object({ code: z.string(), targets: z.array(z.string()).optional() }));
const translateSchema = z.object({ translatedText: z.union([z.string(), z.array(z.string())]) });
const errorSchema = z.object({ error: z.string() });

type LanguagePairs = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * A provider for a LibreTranslate server, which an operator can host next to Sada so that
 * statements never reach a third party. Placeholders travel as HTML tags (`format: "html"`)
 * and are checked on the way back.
 *
 * A batch in which any translation lost, repeated, invented or unclosed a placeholder
 * fails as a whole with `bad-response` naming the item and the placeholder: a draft with
 * silently repaired or appended markup would look right to a translator and be wrong, and
 * the caller can retry the other segments one by one if it wants partial drafts.
 * The pair is checked against the server's `/languages` (cached for an hour) before any
 * text is sent. Redirects are refused so text only goes to the configured URL, and no
 * text is ever logged or quoted in an error.
 */
export function createLibreTranslateProvider(opts: LibreTranslateOptions): MtProvider {
  const base = opts.url.replace(/\/+$/, "");
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = opts.fetch ?? fetch;
  const apiKey = opts.apiKey == null || opts.apiKey === "" ? null : opts.apiKey;
  let cached: { at: number; pairs: LanguagePairs } | null = null;

  async function request(path: string, init: RequestInit): Promise<Result<unknown, MtError>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status = 0;
    let body = "";
    try {
      const res = await doFetch(`${base}${path}`, { ...init, signal: controller.signal, redirect: "error" });
      status = res.status;
      body = await res.text();
    } catch (e) {
      if (controller.signal.aborted) {
        return err({ type: "timeout" });
      }
      return err({ type: "unavailable", message: `could not reach ${base} (${networkReason(e)})` });
    } finally {
      clearTimeout(timer);
    }
    const json = parseJson(body);
    if (status < 200 || status > 299) {
      // 4xx is the server refusing this request (bad key, limit, input); 5xx is an outage.
      const parsed = errorSchema.safeParse(json);
      const reason = parsed.success ? clip(parsed.data.error) : null;
      if (status >= 500) {
        return err({ type: "unavailable", message: reason === null ? `HTTP ${status}` : `HTTP ${status}: ${reason}` });
      }
      return err({ type: "rejected", status, message: reason ?? `HTTP ${status}` });
    }
    if (json === undefined) {
      return err({ type: "bad-response", message: `${path} did not return JSON` });
    }
    return ok(json);
  }

  async function languagePairs(): Promise<Result<LanguagePairs, MtError>> {
    if (cached !== null && Date.now() - cached.at < LANGUAGES_TTL_MS) {
      return ok(cached.pairs);
    }
    const res = await request("/languages", { method: "GET", headers: { accept: "application/json" } });
    if (!res.ok) {
      return res;
    }
    const parsed = languagesSchema.safeParse(res.value);
    if (!parsed.success) {
      return err({ type: "bad-response", message: "/languages is not a list of languages" });
    }
    const all = parsed.data.map((l) => l.code);
    const pairs = new Map(parsed.data.map((l) => [l.code, new Set(l.targets ?? all.filter((c) => c !== l.code))]));
    cached = { at: Date.now(), pairs };
    return ok(pairs);
  }

  return {
    name: "libretranslate",
    async translate(texts, sourceLang, targetLang) {
      if (texts.length === 0) {
        return ok([]);
      }
      const segments = texts.map(segmentToHtml);
      const pairs = await languagePairs();
      if (!pairs.ok) {
        return pairs;
      }
      const pair = resolvePair(pairs.value, sourceLang, targetLang);
      if (pair === null) {
        return err({ type: "unsupported-pair", source: sourceLang, target: targetLang });
      }
      // A single text goes as a string: servers with a batch limit still accept it.
      const q = segments.length === 1 && segments[0] !== undefined ? segments[0].html : segments.map((s) => s.html);
      const payload = { q, source: pair.source, target: pair.target, format: "html", ...(apiKey === null ? {} : { api_key: apiKey }) };
      const res = await request("/translate", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(payload),
      });
      if (!res.ok) {
        return res;
      }
      const parsed = translateSchema.safeParse(res.value);
      if (!parsed.success) {
        return err({ type: "bad-response", message: "/translate returned no translatedText" });
      }
      const translated = typeof parsed.data.translatedText === "string" ? [parsed.data.translatedText] : parsed.data.translatedText;
      if (translated.length !== segments.length) {
        return err({ type: "bad-response", message: `sent ${segments.length} texts, got ${translated.length} translations` });
      }
      const out: string[] = [];
      for (const [i, s] of segments.entries()) {
        const back = htmlToSegment(translated[i] ?? "", s.placeholders);
        if (!back.ok) {
          return err({ type: "bad-response", message: `item ${i} of the batch: ${back.error}` });
        }
        out.push(back.value);
      }
      return ok(out);
    },
  };
}

function resolvePair(pairs: LanguagePairs, source: string, target: string): { source: string; target: string } | null {
  for (const s of LANGUAGE_CANDIDATES[source] ?? [source]) {
    const targets = pairs.get(s);
    const t = (LANGUAGE_CANDIDATES[target] ?? [target]).find((c) => c !== s && targets?.has(c) === true);
    if (t !== undefined) {
      return { source: s, target: t };
    }
  }
  return null;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function clip(message: string): string {
  const line = message.replace(/\s+/g, " ").trim();
  return line.length > MAX_SERVER_MESSAGE ? `${line.slice(0, MAX_SERVER_MESSAGE)}…` : line;
}

/** The system error code (ECONNREFUSED, ENOTFOUND…) under fetch's generic "fetch failed". */
function networkReason(e: unknown): string {
  if (e instanceof Error) {
    const cause: unknown = e.cause;
    if (typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string") {
      return cause.code;
    }
    return clip(e.message);
  }
  return "unknown error";
}
