import { isoNow, type Clock } from "../../../platform/clock";
import { newId } from "../../../platform/ids";
import { err, ok, type Result } from "../../../platform/result";
import type { Viewer } from "../../accounts/account.model";
import type { DbContext } from "../../database";
import type { GlossaryTermsTable } from "../translation.schema";
import type { GlossaryTermCommand } from "./glossary.commands";
import { glossaryPermissions, normalizeTerm, termFromRow, type GlossaryTerm } from "./glossary.model";
import { glossaryRepo } from "./glossary.repo";

export interface GlossaryDeps extends DbContext {
  clock: Clock;
}

export type GlossaryError = { type: "forbidden" } | { type: "not-found" } | { type: "duplicate"; existingId: string };

/** The stored form of a validated command; `term_norm` is derived here and nowhere else. */
export function glossaryRow(id: string, cmd: GlossaryTermCommand, updatedAt: string): GlossaryTermsTable {
  return {
    id,
    source_lang: cmd.sourceLang,
    target_lang: cmd.targetLang,
    term: cmd.term,
    term_norm: normalizeTerm(cmd.term, cmd.sourceLang),
    preferred: JSON.stringify(cmd.preferred),
    forbidden: JSON.stringify(cmd.forbidden),
    do_not_translate: cmd.doNotTranslate ? 1 : 0,
    note: cmd.note,
    updated_at: updatedAt,
  };
}

/** When a write failed, tells a lost race on the unique (pair, term_norm) key from an outage. */
async function duplicateAfterFailure(deps: GlossaryDeps, row: GlossaryTermsTable, e: unknown): Promise<Result<never, GlossaryError>> {
  const existing = await glossaryRepo.findByNorm(deps.db, row.source_lang, row.target_lang, row.term_norm);
  if (existing && existing.id !== row.id) {
    return err({ type: "duplicate", existingId: existing.id });
  }
  throw e;
}

export const glossaryService = {
  /** Adds a term to a pair; a term that folds to one already there is a `duplicate`, not a second entry. */
  async create(deps: GlossaryDeps, viewer: Viewer | null, cmd: GlossaryTermCommand): Promise<Result<GlossaryTerm, GlossaryError>> {
    if (!glossaryPermissions.edit(viewer)) {
      return err({ type: "forbidden" });
    }
    const row = glossaryRow(newId(), cmd, isoNow(deps.clock));
    try {
      return await deps.db.transaction().execute(async (trx) => {
        const existing = await glossaryRepo.findByNorm(trx, row.source_lang, row.target_lang, row.term_norm);
        if (existing) {
          return err({ type: "duplicate" as const, existingId: existing.id });
        }
        await glossaryRepo.insert(trx, row);
        return ok(termFromRow(row));
      });
    } catch (e) {
      return duplicateAfterFailure(deps, row, e);
    }
  },

  /** Replaces an entry's fields; renaming it onto another entry of the pair is a `duplicate`. */
  async update(deps: GlossaryDeps, viewer: Viewer | null, id: string, cmd: GlossaryTermCommand): Promise<Result<GlossaryTerm, GlossaryError>> {
    if (!glossaryPermissions.edit(viewer)) {
      return err({ type: "forbidden" });
    }
    const row = glossaryRow(id, cmd, isoNow(deps.clock));
    try {
      return await deps.db.transaction().execute(async (trx) => {
        if (!(await glossaryRepo.findById(trx, id))) {
          return err({ type: "not-found" as const });
        }
        const clash = await glossaryRepo.findByNorm(trx, row.source_lang, row.target_lang, row.term_norm);
        if (clash && clash.id !== id) {
          return err({ type: "duplicate" as const, existingId: clash.id });
        }
        const { id: _id, ...patch } = row;
        await glossaryRepo.update(trx, id, patch);
        return ok(termFromRow(row));
      });
    } catch (e) {
      return duplicateAfterFailure(deps, row, e);
    }
  },

  /** Removes an entry; translations already written are not touched. */
  async remove(deps: GlossaryDeps, viewer: Viewer | null, id: string): Promise<Result<void, GlossaryError>> {
    if (!glossaryPermissions.edit(viewer)) {
      return err({ type: "forbidden" });
    }
    const deleted = await glossaryRepo.delete(deps.db, id);
    return deleted ? ok(undefined) : err({ type: "not-found" });
  },
};
