import { err, ok, type Result } from "../../platform/result";
import type { Viewer } from "../accounts/account.model";
import { findTermsInSegment, termsForPair } from "./glossary";
import { workspaceSegments } from "./translation.queries";
import { translationService, type TranslationDeps } from "./translation.service";
import { describeXliffError, exportXliff, parseXliff, type Markup, type SegmentState } from "./xliff";

const STATE_OF: Record<string, SegmentState> = {
  untranslated: "initial",
  draft: "initial",
  rejected: "initial",
  translated: "translated",
  approved: "reviewed",
};

/** The XLIFF 2.1 file of a statement's current revision for one target language, glossary hints as notes. */
export async function xliffDownload(deps: TranslationDeps, statementId: string, target: string): Promise<{ xml: string; filename: string } | null> {
  const statement = await deps.db
    .selectFrom("translatable_documents")
    .select(["id", "title", "lang", "current_revision"])
    .where("id", "=", statementId)
    .executeTakeFirst();
  const hasTarget = await deps.db
    .selectFrom("translation_targets")
    .select("lang")
    .where("statement_id", "=", statementId)
    .where("lang", "=", target)
    .executeTakeFirst();
  if (!statement || !hasTarget) {
    return null;
  }
  const [segments, terms] = await Promise.all([
    workspaceSegments(deps, statementId, statement.current_revision, target),
    termsForPair(deps, statement.lang, target),
  ]);
  const xml = exportXliff({
    statementId,
    revision: statement.current_revision,
    exportedAt: deps.clock.now().toISOString(),
    title: statement.title,
    sourceLang: statement.lang,
    targetLang: target,
    segments: segments.map((s) => ({
      id: s.id,
      source: s.source,
      markup: JSON.parse(s.markup) as Markup[],
      target: s.text === "" ? null : s.text,
      state: STATE_OF[s.status] ?? "initial",
      notes: findTermsInSegment(terms, s.source, statement.lang).map((h) =>
        h.term.doNotTranslate
          ? `${h.term.term}: do not translate`
          : `${h.term.term} → ${h.term.preferred.join(" / ")}${h.term.forbidden.length ? ` (not: ${h.term.forbidden.join(", ")})` : ""}`,
      ),
    })),
  });
  return { xml, filename: `sada-${statementId}-r${statement.current_revision}-${statement.lang}-${target}.xlf` };
}

/**
 * Imports an XLIFF file edited in another tool. The whole file is parsed and checked first, so
 * a malformed or hostile file changes nothing; then only segments whose text changed are saved
 * (as translated, through the same path as the workspace, so versions and QA apply).
 */
export async function importXliffUpload(
  deps: TranslationDeps,
  viewer: Viewer,
  statementId: string,
  target: string,
  file: Buffer,
): Promise<Result<{ updated: number; unchanged: number; ignored: number; conflicts: number }, string>> {
  const parsed = parseXliff(file);
  if (!parsed.ok) {
    return err(describeXliffError(parsed.error));
  }
  const statement = await deps.db
    .selectFrom("translatable_documents")
    .select(["id", "lang", "current_revision"])
    .where("id", "=", statementId)
    .executeTakeFirst();
  if (!statement) {
    return err("There is no such statement.");
  }
  const doc = parsed.value;
  if (doc.statementId !== null && doc.statementId !== statementId) {
    return err(`This file belongs to another statement (${doc.statementId}).`);
  }
  if (doc.trgLang.toLowerCase().split("-")[0] !== target || doc.srcLang.toLowerCase().split("-")[0] !== statement.lang) {
    return err(`This file translates ${doc.srcLang} → ${doc.trgLang}, not ${statement.lang} → ${target}.`);
  }
  const current = new Map((await workspaceSegments(deps, statementId, statement.current_revision, target)).map((s) => [s.id, s]));
  let updated = 0;
  let unchanged = 0;
  let ignored = 0;
  let conflicts = 0;
  for (const unit of doc.units) {
    const seg = current.get(unit.segmentId);
    if (!seg || unit.target === null) {
      ignored += 1;
      continue;
    }
    if (unit.target === seg.text) {
      unchanged += 1;
      continue;
    }
    // Someone saved this segment in Sada after the file was exported: never overwrite that work.
    if (doc.exportedAt !== null && seg.updatedAt !== null && seg.updatedAt > doc.exportedAt) {
      conflicts += 1;
      continue;
    }
    const saved = await translationService.saveSegment(deps, viewer, {
      segmentId: seg.id,
      lang: target,
      text: unit.target,
      version: seg.version,
      status: "translated",
      machine: false,
    });
    if (!saved.ok) {
      return err(
        saved.error.type === "forbidden" ? "You may not translate." : `Segment ${seg.id} was changed by someone else meanwhile; download the file again.`,
      );
    }
    updated += 1;
  }
  return ok({ updated, unchanged, ignored, conflicts });
}
