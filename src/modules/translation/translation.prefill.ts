import type { RevisionWritten } from "./translation.service";
import { normalizeForTm, sourceKey } from "./memory";
import { translationRepo } from "./translation.repo";
import type { TranslationDeps } from "./translation.service";

/**
 * Segments the memory already knows word for word (a 100% match on normalised text) start as
 * drafts in every target language, so translators only confirm them. One query per language.
 */
export async function prefillExactMatches(
  tx: TranslationDeps,
  event: RevisionWritten,
  rows: Array<{ id: string; source: string }>,
  now: string,
): Promise<void> {
  const targets = await tx.db.selectFrom("translation_targets").select("lang").where("statement_id", "=", event.statementId).execute();
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) {
    return;
  }
  const byNorm = new Map<string, string[]>();
  for (const r of rows) {
    const norm = normalizeForTm(r.source, event.lang);
    byNorm.set(norm, [...(byNorm.get(norm) ?? []), r.id]);
  }
  const norms = [...byNorm.keys()].filter((n) => n.length > 0);
  for (const { lang } of targets) {
    const existing = new Set(
      (await tx.db.selectFrom("segment_translations").select("segment_id").where("lang", "=", lang).where("segment_id", "in", ids).execute()).map(
        (r) => r.segment_id,
      ),
    );
    const found = new Map<string, string>();
    for (let i = 0; i < norms.length; i += 200) {
      const units = await tx.db
        .selectFrom("tm_units")
        .select(["source_norm", "target"])
        .where(
          "source_key",
          "in",
          norms.slice(i, i + 200).map((n) => sourceKey(event.lang, lang, n)),
        )
        .orderBy("id", "desc")
        .execute();
      for (const u of units) {
        if (!found.has(u.source_norm)) {
          found.set(u.source_norm, u.target);
        }
      }
    }
    for (const [norm, target] of found) {
      for (const segmentIdValue of byNorm.get(norm) ?? []) {
        if (!existing.has(segmentIdValue)) {
          existing.add(segmentIdValue);
          await translationRepo.insertSegmentTranslation(tx.db, {
            segment_id: segmentIdValue,
            lang,
            text: target,
            status: "draft",
            approved_text: null,
            version: 1,
            machine: 0,
            translator_id: null,
            reviewer_id: null,
            comment: null,
            updated_at: now,
          });
        }
      }
    }
  }
}
