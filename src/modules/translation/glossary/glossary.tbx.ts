import { isoNow } from "../../../platform/clock";
import { CONTENT_LANG_CODES } from "../../../platform/i18n/languages";
import { newId } from "../../../platform/ids";
import { err, ok, type Result } from "../../../platform/result";
import { describeXmlError, parseUntrustedXml } from "../../../platform/xml/safe-xml";
import type { Viewer } from "../../accounts/account.model";
import { glossaryTermCommand, type GlossaryTermCommand } from "./glossary.commands";
import { glossaryPermissions, normalizeTerm, parseStringList, type GlossaryTerm } from "./glossary.model";
import { glossaryRepo } from "./glossary.repo";
import { glossaryRow, type GlossaryDeps } from "./glossary.service";
import { langMatches, readEntries, TBX_REPEATABLE, type RawEntry } from "./glossary.tbx-reader";

/*
 * TBX mapping (TBX-Basic, ISO 30042:2019 DCA style; TBX 2008 <martif> is read too):
 *   one glossary term      → one <conceptEntry id="sada-{id}">
 *   note                   → <note> directly in <conceptEntry>
 *   term                   → <langSec xml:lang={source}><termSec><term>, administrativeStatus preferredTerm-admn-sts
 *   do not translate       → <note>do-not-translate</note> in that source <termSec> (TBX-Basic has no
 *                            data category for it; a note stays readable in any TBX tool)
 *   preferred renderings   → <langSec xml:lang={target}> termSecs with preferredTerm-admn-sts, in order
 *   forbidden renderings   → termSecs in the same langSec with deprecatedTerm-admn-sts
 * On import, admitted terms (and terms without a status) count as preferred, superseded ones as
 * forbidden; language tags match on their primary subtag ("en-US" is en; "ku" is kmr unless Arabic script).
 */

/** The marker for a do-not-translate term, as written and as recognised (case-insensitively). */
export const DNT_NOTE = "do-not-translate";
/** Glossaries are small; a larger upload is refused before it is parsed. */
export const MAX_TBX_BYTES = 5 * 1024 * 1024;
const MAX_REPORTED_ERRORS = 100;

/** Escapes text for XML and drops characters XML 1.0 cannot carry at all. */
function esc(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function termSec(text: string, status: "preferredTerm-admn-sts" | "deprecatedTerm-admn-sts", dnt = false): string {
  return [
    "          <termSec>",
    `            <term>${esc(text)}</term>`,
    `            <termNote type="administrativeStatus">${status}</termNote>`,
    ...(dnt ? [`            <note>${DNT_NOTE}</note>`] : []),
    "          </termSec>",
  ].join("\n");
}

/**
 * Writes a pair's glossary as TBX-Basic, so it can be shared with other organisations and
 * opened in CAT tools (memoQ, Trados, OmegaT, Weblate). Terms of other pairs are left out.
 */
export function exportTbx(terms: GlossaryTerm[], sourceLang: string, targetLang: string): string {
  const entries = terms
    .filter((t) => t.sourceLang === sourceLang && t.targetLang === targetLang)
    .map((t) => {
      const target = [...t.preferred.map((p) => termSec(p, "preferredTerm-admn-sts")), ...t.forbidden.map((f) => termSec(f, "deprecatedTerm-admn-sts"))];
      return [
        `      <conceptEntry id="sada-${esc(t.id)}">`,
        ...(t.note.trim() === "" ? [] : [`        <note>${esc(t.note)}</note>`]),
        `        <langSec xml:lang="${esc(sourceLang)}">`,
        termSec(t.term, "preferredTerm-admn-sts", t.doNotTranslate),
        "        </langSec>",
        ...(target.length === 0 ? [] : [`        <langSec xml:lang="${esc(targetLang)}">`, ...target, "        </langSec>"]),
        "      </conceptEntry>",
      ].join("\n");
    });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<tbx type="TBX-Basic" style="dca" xml:lang="${esc(sourceLang)}" xmlns="urn:iso:std:iso:30042:ed-2">`,
    "  <tbxHeader>",
    "    <fileDesc>",
    "      <sourceDesc>",
    `        <p>Sada glossary, ${esc(sourceLang)} to ${esc(targetLang)}</p>`,
    "      </sourceDesc>",
    "    </fileDesc>",
    "  </tbxHeader>",
    "  <text>",
    "    <body>",
    ...entries,
    "    </body>",
    "  </text>",
    "</tbx>",
    "",
  ].join("\n");
}

export interface TbxImportSummary {
  added: number;
  updated: number;
  /** Entries already in the glossary exactly as the file has them. */
  unchanged: number;
  /** One English line per entry that was skipped, e.g. `entry "c7" (مستشفى): no preferred translation…`. */
  errors: string[];
}

export type TbxImportError =
  | { type: "forbidden" }
  | { type: "invalid-pair" }
  | { type: "invalid-file"; reason: "too-large" | "doctype-forbidden" | "malformed" | "not-tbx"; message: string };

/** English for the command's message keys, for the import report (CLI and API). */
const ISSUE_TEXT: Record<string, string> = {
  "error.term_required": "the term is empty",
  "error.term_too_long": "the term is longer than 200 characters",
  "error.rendering_too_long": "a translation is longer than 200 characters",
  "error.renderings_too_many": "more than 10 preferred or more than 10 deprecated translations",
  "error.preferred_required": "no preferred translation, and not marked do-not-translate",
  "error.note_too_long": "the note is longer than 1,000 characters",
  "error.rendering_conflict": "the same translation is both preferred and deprecated",
};

function isDnt(note: string): boolean {
  return /^(do[- ]not[- ]translate|dnt)$/i.test(note.trim());
}

/** Turns the file's entries into validated commands, collecting one error line per bad entry. */
function toCommands(entries: RawEntry[], sourceLang: string, targetLang: string): { commands: GlossaryTermCommand[]; errors: string[] } {
  const commands: GlossaryTermCommand[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  let withSource = 0;
  entries.forEach((entry, index) => {
    const label = entry.id ? `entry "${entry.id}"` : `entry ${index + 1}`;
    const source = entry.langs.filter((l) => langMatches(l.lang, sourceLang));
    const target = entry.langs.filter((l) => langMatches(l.lang, targetLang));
    const sourceTerms = source.flatMap((l) => l.terms).filter((t) => !t.deprecated);
    if (sourceTerms.length === 0) {
      return;
    }
    withSource += 1;
    const targetTerms = target.flatMap((l) => l.terms);
    const allNotes = [...entry.notes, ...source.flatMap((l) => [...l.notes, ...l.terms.flatMap((t) => t.notes)])];
    const input = {
      sourceLang,
      targetLang,
      preferred: targetTerms.filter((t) => !t.deprecated).map((t) => t.text),
      forbidden: targetTerms.filter((t) => t.deprecated).map((t) => t.text),
      doNotTranslate: allNotes.some(isDnt),
      note: entry.notes.filter((n) => !isDnt(n) && n !== "").join("\n"),
    };
    for (const t of sourceTerms) {
      const parsed = glossaryTermCommand.safeParse({ ...input, term: t.text });
      if (!parsed.success) {
        const key = parsed.error.issues[0]?.message ?? "error.validation";
        errors.push(`${label} (${t.text}): ${ISSUE_TEXT[key] ?? key}`);
        continue;
      }
      const norm = normalizeTerm(parsed.data.term, sourceLang);
      if (seen.has(norm)) {
        errors.push(`${label} (${t.text}): repeats a term of an earlier entry`);
        continue;
      }
      seen.add(norm);
      commands.push(parsed.data);
    }
  });
  if (entries.length > 0 && withSource === 0) {
    errors.push(`No entry has a term in the source language "${sourceLang}".`);
  }
  return { commands, errors };
}

function sameContent(row: { term: string; preferred: string; forbidden: string; do_not_translate: number; note: string }, cmd: GlossaryTermCommand): boolean {
  return (
    row.term === cmd.term &&
    JSON.stringify(parseStringList(row.preferred)) === JSON.stringify(cmd.preferred) &&
    JSON.stringify(parseStringList(row.forbidden)) === JSON.stringify(cmd.forbidden) &&
    Number(row.do_not_translate) === (cmd.doNotTranslate ? 1 : 0) &&
    row.note === cmd.note
  );
}

/**
 * Loads a TBX file (TBX-Basic 2019 or TBX 2008 `<martif>`) into a pair's glossary, so
 * terminology agreed elsewhere can be reused. Entries are matched on the normalised term, so
 * importing the same file again adds nothing and changes nothing. Hostile or broken files
 * (DOCTYPE or entities, over `MAX_TBX_BYTES`, not well-formed, not TBX) are refused before
 * anything is written; valid entries are written in one transaction, bad ones are reported.
 */
export async function importTbx(
  deps: GlossaryDeps,
  viewer: Viewer | null,
  xml: string | Buffer,
  opts: { sourceLang: string; targetLang: string; maxBytes?: number },
): Promise<Result<TbxImportSummary, TbxImportError>> {
  if (!glossaryPermissions.edit(viewer)) {
    return err({ type: "forbidden" });
  }
  const { sourceLang, targetLang } = opts;
  if (sourceLang === targetLang || !CONTENT_LANG_CODES.includes(sourceLang) || !CONTENT_LANG_CODES.includes(targetLang)) {
    return err({ type: "invalid-pair" });
  }
  const parsed = parseUntrustedXml(
    xml,
    { isArray: (name) => TBX_REPEATABLE.has(name), stopNodes: ["*.term", "*.note"], parseTagValue: false, parseAttributeValue: false },
    opts.maxBytes ?? MAX_TBX_BYTES,
  );
  if (!parsed.ok) {
    return err({ type: "invalid-file", reason: parsed.error.type, message: describeXmlError(parsed.error) });
  }
  const entries = readEntries(parsed.value);
  if (entries === null) {
    return err({ type: "invalid-file", reason: "not-tbx", message: "The file is not TBX: its root element must be <tbx> or <martif>." });
  }
  const { commands, errors } = toCommands(entries, sourceLang, targetLang);
  const now = isoNow(deps.clock);
  const counts = await deps.db.transaction().execute(async (trx) => {
    const existing = new Map((await glossaryRepo.listPair(trx, sourceLang, targetLang)).map((r) => [r.term_norm, r]));
    const c = { added: 0, updated: 0, unchanged: 0 };
    for (const cmd of commands) {
      const row = existing.get(normalizeTerm(cmd.term, sourceLang));
      if (!row) {
        await glossaryRepo.insert(trx, glossaryRow(newId(), cmd, now));
        c.added += 1;
      } else if (sameContent(row, cmd)) {
        c.unchanged += 1;
      } else {
        const { id: _id, ...patch } = glossaryRow(row.id, cmd, now);
        await glossaryRepo.update(trx, row.id, patch);
        c.updated += 1;
      }
    }
    return c;
  });
  const shown = errors.slice(0, MAX_REPORTED_ERRORS);
  if (errors.length > shown.length) {
    shown.push(`…and ${errors.length - shown.length} more.`);
  }
  return ok({ ...counts, errors: shown });
}
