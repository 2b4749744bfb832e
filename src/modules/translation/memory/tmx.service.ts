import type { DbContext } from "../../database";
import type { Clock } from "../../../platform/clock";
import { err, ok, type Result } from "../../../platform/result";
import { describeXmlError, parseUntrustedXml } from "../../../platform/xml/safe-xml";
import type { NewTmUnit } from "./memory.model";
import { addUnits, unitsOfPair } from "./memory.repo";
import { readTmx, TMX_PARSE_OPTIONS, TMX_TAIL, tmxHead, tmxRoot, tmxUnit } from "./tmx.model";

export type TmxImportError = { type: "xml"; message: string } | { type: "not-tmx"; message: string };

export interface TmxImportSummary {
  /** Units new to the memory. */
  added: number;
  /** Units the memory already had (or that the file repeats). */
  skipped: number;
  /** Segment pairs found in the file. */
  units: number;
  /** Translation units that could not be read; the others were imported. */
  errors: string[];
}

const UNITS_PER_STEP = 1000;

/**
 * Imports a TMX 1.4b file (from Sada or another CAT tool) into the memory. The XML is parsed
 * as untrusted (no DTD, size limit) and the whole file is checked before anything is written,
 * so a malformed or hostile file adds nothing. Units already in the memory are skipped, which
 * makes a repeated import harmless. Broken `<tu>`s are reported, not fatal.
 */
export async function importTmx(
  ctx: DbContext,
  xml: string | Buffer,
  opts: { onProgress?: (done: number, total: number) => void; sourceLang?: string; clock?: Clock } = {},
): Promise<Result<TmxImportSummary, TmxImportError>> {
  const parsed = parseUntrustedXml(xml, TMX_PARSE_OPTIONS);
  if (!parsed.ok) {
    return err({ type: "xml", message: describeXmlError(parsed.error) });
  }
  const root = tmxRoot(parsed.value);
  if (!root) {
    return err({ type: "not-tmx", message: "The file is XML but not TMX: its root element is not <tmx>." });
  }
  const read = readTmx(root, opts.sourceLang);
  if ("notTmx" in read) {
    return err({ type: "not-tmx", message: read.notTmx });
  }
  const units: NewTmUnit[] = read.pairs.map((p) => ({ ...p, origin: "tmx-import" }));
  let added = 0;
  opts.onProgress?.(0, units.length);
  for (let i = 0; i < units.length; i += UNITS_PER_STEP) {
    const step = await addUnits(ctx, units.slice(i, i + UNITS_PER_STEP), { clock: opts.clock });
    added += step.added;
    opts.onProgress?.(Math.min(i + UNITS_PER_STEP, units.length), units.length);
  }
  return ok({ added, skipped: units.length - added, units: units.length, errors: read.errors });
}

/**
 * The memory of one language pair as a TMX 1.4b document, for other CAT tools and for moving a
 * memory between Sada instances. Placeholders become inline codes and the context key and
 * origin travel as `<prop>`s, so importing the export gives back the same units.
 */
export async function exportTmx(ctx: DbContext, pair: { sourceLang: string; targetLang: string }, opts: { clock?: Clock } = {}): Promise<string> {
  const now = (opts.clock?.now() ?? new Date()).toISOString();
  const parts: string[] = [tmxHead(pair.sourceLang, now)];
  for await (const u of unitsOfPair(ctx, pair.sourceLang, pair.targetLang)) {
    parts.push(tmxUnit(u, pair.sourceLang, pair.targetLang));
  }
  parts.push(TMX_TAIL);
  return parts.join("");
}
