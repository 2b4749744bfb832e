import { isoNow, type Clock } from "../../platform/clock";
import { err, ok, type Result } from "../../platform/result";
import type { Viewer } from "../accounts/account.model";
import type { DbContext } from "../database";
import type { RevisionWrittenEvent } from "../statements/statement.service";
import { termsForPair } from "./glossary";
import { addUnits } from "./memory";
import { prefillExactMatches } from "./translation.prefill";
import { runQaChecks, type QaIssue } from "./qa";
import { escapeBraces, segmentId, segmentStatement } from "./segments";
import type { ReviewSegmentCommand, SaveSegmentCommand } from "./translation.commands";
import { DEFAULT_TARGETS, translationPermissions } from "./translation.model";
import { translationRepo } from "./translation.repo";

export interface TranslationDeps extends DbContext {
  clock: Clock;
  /** How long a claim on a statement and language holds before others see it free again. */
  claimHours: number;
  /** Provenance: signs and logs each publication, inside its transaction. */
  translationPublished?: (tx: DbContext & { clock: Clock }, published: PublishedTranslation) => Promise<void>;
}

/** A target language whose every segment of a revision is approved. */
export interface PublishedTranslation {
  /** The document's id: a statement's, or an incident's when `document` says so. */
  statementId: string;
  document: "statement" | "incident";
  lang: string;
  revision: number;
}

export type TranslationError =
  | { type: "forbidden" }
  | { type: "not-found" }
  | { type: "conflict"; current: { text: string; version: number; status: string; translator: string | null } }
  | { type: "claimed"; by: string; until: string }
  | { type: "qa-blocking"; issues: QaIssue[] }
  | { type: "machine-unconfirmed" }
  | { type: "not-translated" };

/**
 * What a document's owner tells us after it writes a revision (inside its transaction): the
 * statements module for a statement revision, the incidents module for every save of an
 * incident (its version), with the original title and narrative as `title` and `body`.
 */
export type RevisionWritten = Omit<RevisionWrittenEvent, "groupId" | "authorId"> & { groupId: string | null; authorId: string | null };

/** The title is translated too: it is segment 0, in a block of its own kind. */
export const TITLE_BLOCK_KIND = "title";

/**
 * Splits the new revision into segments. Unchanged sentences keep their segment id, so their
 * translations carry over; only changed ones need translating. The first revision also gets
 * the instance's default target languages.
 */
export async function onRevisionWritten(tx: TranslationDeps, event: RevisionWritten): Promise<void> {
  const now = isoNow(tx.clock);
  const drafts = [
    { block: 0, blockKind: TITLE_BLOCK_KIND, source: escapeBraces(event.title), markup: [] },
    ...segmentStatement(event.body, event.lang).map((d) => ({ ...d, block: d.block + 1 })),
  ];
  const seen = new Map<string, number>();
  const rows = drafts.map((d, position) => {
    const occurrence = seen.get(d.source) ?? 0;
    seen.set(d.source, occurrence + 1);
    // The markup (link targets) is part of the identity: a changed link makes a new segment.
    return { ...d, position, id: segmentId(event.statementId, d.markup.length === 0 ? d.source : `${d.source}\u0000${JSON.stringify(d.markup)}`, occurrence) };
  });
  await translationRepo.ensureSegments(
    tx.db,
    [...new Map(rows.map((r) => [r.id, r])).values()].map((r) => ({
      id: r.id,
      statement_id: event.statementId,
      lang: event.lang,
      source: r.source,
      markup: JSON.stringify(r.markup),
      created_at: now,
    })),
  );
  await translationRepo.insertRevisionSegments(
    tx.db,
    rows.map((r) => ({
      statement_id: event.statementId,
      revision: event.revision,
      position: r.position,
      segment_id: r.id,
      block: r.block,
      block_kind: r.blockKind,
    })),
  );
  // The first revision offers the default languages (an incident saved before incidents were
  // translated gets them at its first kept revision).
  const hasTargets = await tx.db.selectFrom("translation_targets").select("lang").where("statement_id", "=", event.statementId).limit(1).executeTakeFirst();
  if (!hasTargets) {
    await translationRepo.ensureTargets(
      tx.db,
      event.statementId,
      DEFAULT_TARGETS.filter((l) => l !== event.lang),
      event.authorId,
      now,
    );
  }
  await prefillExactMatches(tx, event, rows, now);
  // A revision that only removed sentences may leave every segment approved: publish again.
  const targets = await tx.db
    .selectFrom("translation_targets")
    .select("lang")
    .where("statement_id", "=", event.statementId)
    .where("published_revision", "is not", null)
    .execute();
  for (const t of targets) {
    await publishIfComplete(tx, event.statementId, event.revision, t.lang);
  }
}

/** The segment, its statement's current revision and the target, if the segment is in that revision. */
async function segmentInCurrentRevision(tx: TranslationDeps, segmentIdValue: string, lang: string) {
  // The document's id first: a filter on the view's id reaches both of its tables' primary keys,
  // where a join alone would make SQLite read the whole view.
  const document = await tx.db.selectFrom("segments").select("statement_id").where("id", "=", segmentIdValue).executeTakeFirst();
  if (!document) {
    return null;
  }
  const row = await tx.db
    .selectFrom("segments")
    .innerJoin("translatable_documents as docs", "docs.id", "segments.statement_id")
    .innerJoin("revision_segments", (j) =>
      j
        .onRef("revision_segments.segment_id", "=", "segments.id")
        .onRef("revision_segments.statement_id", "=", "docs.id")
        .onRef("revision_segments.revision", "=", "docs.current_revision"),
    )
    .innerJoin("translation_targets", (j) => j.onRef("translation_targets.statement_id", "=", "docs.id").on("translation_targets.lang", "=", lang))
    .select([
      "segments.id",
      "segments.source",
      "segments.lang as source_lang",
      "docs.id as statement_id",
      "docs.document",
      "docs.group_id",
      "docs.current_revision",
      "docs.status",
    ])
    .where("segments.id", "=", segmentIdValue)
    .where("docs.id", "=", document.statement_id)
    .executeTakeFirst();
  return row ?? null;
}

/** The pseudonym of an account, for credits and conflict messages. */
async function handleOf(db: DbContext["db"], userId: string | null): Promise<string | null> {
  if (userId === null) {
    return null;
  }
  return (await db.selectFrom("users").select("handle").where("id", "=", userId).executeTakeFirst())?.handle ?? null;
}

async function qaFor(tx: TranslationDeps, source: string, target: string, sourceLang: string, targetLang: string): Promise<QaIssue[]> {
  const glossary = await termsForPair(tx, sourceLang, targetLang);
  return runQaChecks({ source, target, sourceLang, targetLang, glossary });
}

/** Publishes the target language when every segment of the current revision is approved. */
async function publishIfComplete(tx: TranslationDeps, statementId: string, revision: number, lang: string): Promise<boolean> {
  const doc = await tx.db.selectFrom("translatable_documents").select("document").where("id", "=", statementId).executeTakeFirst();
  const rows = await tx.db
    .selectFrom("revision_segments")
    .leftJoin("segment_translations", (j) =>
      j.onRef("segment_translations.segment_id", "=", "revision_segments.segment_id").on("segment_translations.lang", "=", lang),
    )
    .select(["segment_translations.status"])
    .where("revision_segments.statement_id", "=", statementId)
    .where("revision_segments.revision", "=", revision)
    .execute();
  if (rows.length === 0 || rows.some((r) => r.status !== "approved")) {
    return false;
  }
  await translationRepo.markPublished(tx.db, statementId, lang, revision, isoNow(tx.clock));
  await tx.translationPublished?.(tx, { statementId, document: doc?.document ?? "statement", lang, revision });
  return true;
}

export const translationService = {
  /** Claims a statement for one language so others see it is being worked on; claims expire. */
  async claim(deps: TranslationDeps, viewer: Viewer, statementId: string, lang: string): Promise<Result<{ until: string }, TranslationError>> {
    if (!translationPermissions.translate(viewer)) {
      return err({ type: "forbidden" });
    }
    return deps.db.transaction().execute(async (trx) => {
      const target = await translationRepo.findTarget(trx, statementId, lang);
      if (!target) {
        return err({ type: "not-found" as const });
      }
      const now = deps.clock.now();
      if (target.claimed_by && target.claimed_by !== viewer.id && target.claim_expires_at && target.claim_expires_at > now.toISOString()) {
        return err({ type: "claimed" as const, by: (await handleOf(trx, target.claimed_by)) ?? "?", until: target.claim_expires_at });
      }
      const until = new Date(now.getTime() + deps.claimHours * 3_600_000).toISOString();
      await translationRepo.setClaim(trx, statementId, lang, viewer.id, until);
      return ok({ until });
    });
  },

  async release(deps: TranslationDeps, viewer: Viewer, statementId: string, lang: string): Promise<Result<void, TranslationError>> {
    const target = await translationRepo.findTarget(deps.db, statementId, lang);
    if (!target) {
      return err({ type: "not-found" });
    }
    if (target.claimed_by !== viewer.id && !translationPermissions.review(viewer)) {
      return err({ type: "forbidden" });
    }
    await translationRepo.setClaim(deps.db, statementId, lang, null, null);
    return ok(undefined);
  },

  /**
   * Saves a draft or a finished translation of one segment. The save carries the version it
   * edited; if someone saved in between, nothing is written and both texts come back.
   */
  async saveSegment(
    deps: TranslationDeps,
    viewer: Viewer,
    cmd: SaveSegmentCommand,
  ): Promise<Result<{ version: number; status: string; qa: QaIssue[] }, TranslationError>> {
    if (!translationPermissions.translate(viewer)) {
      return err({ type: "forbidden" });
    }
    return deps.db.transaction().execute(async (trx) => {
      const tx = { ...deps, db: trx };
      const seg = await segmentInCurrentRevision(tx, cmd.segmentId, cmd.lang);
      if (!seg || seg.status !== "published") {
        return err({ type: "not-found" as const });
      }
      const status = cmd.text.trim() === "" ? "untranslated" : cmd.status;
      const now = isoNow(deps.clock);
      const existing = await translationRepo.findSegmentTranslation(trx, cmd.segmentId, cmd.lang);
      // Machine output stays marked until a person changes the text.
      const machine = cmd.machine || (existing?.machine === 1 && existing.text === cmd.text) ? 1 : 0;
      const patch = { text: cmd.text, status, machine, translator_id: viewer.id, reviewer_id: null, comment: null, updated_at: now };
      if (!existing) {
        if (cmd.version !== 0) {
          return err({ type: "not-found" as const });
        }
        if (!(await translationRepo.insertSegmentTranslation(trx, { segment_id: cmd.segmentId, lang: cmd.lang, version: 1, approved_text: null, ...patch }))) {
          // Two first saves at once (PostgreSQL runs them side by side): the later one is a conflict.
          const winner = await translationRepo.findSegmentTranslation(trx, cmd.segmentId, cmd.lang);
          return err({
            type: "conflict" as const,
            current: {
              text: winner?.text ?? "",
              version: winner?.version ?? 1,
              status: winner?.status ?? "draft",
              translator: await handleOf(trx, winner?.translator_id ?? null),
            },
          });
        }
      } else if (!(await translationRepo.updateSegmentTranslationIfVersion(trx, cmd.segmentId, cmd.lang, cmd.version, patch))) {
        return err({
          type: "conflict" as const,
          current: { text: existing.text, version: existing.version, status: existing.status, translator: await handleOf(trx, existing.translator_id) },
        });
      }
      const qa = status === "untranslated" ? [] : await qaFor(tx, seg.source, cmd.text, seg.source_lang, cmd.lang);
      return ok({ version: existing ? cmd.version + 1 : 1, status, qa });
    });
  },

  /**
   * A reviewer approves or rejects a segment. Approval needs a translated text without
   * blocking QA issues, and a human edit or explicit confirmation for machine output.
   * Approved pairs enter the translation memory; the last approval publishes the language.
   */
  async reviewSegment(
    deps: TranslationDeps,
    viewer: Viewer,
    cmd: ReviewSegmentCommand,
  ): Promise<Result<{ status: string; published: boolean }, TranslationError>> {
    if (!translationPermissions.review(viewer)) {
      return err({ type: "forbidden" });
    }
    return deps.db.transaction().execute(async (trx) => {
      const tx = { ...deps, db: trx };
      const seg = await segmentInCurrentRevision(tx, cmd.segmentId, cmd.lang);
      const existing = await translationRepo.findSegmentTranslation(trx, cmd.segmentId, cmd.lang);
      if (!seg || !existing) {
        return err({ type: "not-found" as const });
      }
      if (existing.version !== cmd.version) {
        return err({ type: "conflict" as const, current: { text: existing.text, version: existing.version, status: existing.status, translator: null } });
      }
      const now = isoNow(deps.clock);
      if (cmd.decision === "reject") {
        await translationRepo.updateSegmentTranslationIfVersion(trx, cmd.segmentId, cmd.lang, cmd.version, {
          status: "rejected",
          reviewer_id: viewer.id,
          comment: cmd.comment || null,
          updated_at: now,
        });
        return ok({ status: "rejected", published: false });
      }
      if (existing.status !== "translated" && existing.status !== "draft") {
        return err({ type: "not-translated" as const });
      }
      if (existing.machine === 1 && !cmd.confirmMachine) {
        return err({ type: "machine-unconfirmed" as const });
      }
      const qa = await qaFor(tx, seg.source, existing.text, seg.source_lang, cmd.lang);
      const blocking = qa.filter((i) => i.blocking);
      if (blocking.length > 0) {
        return err({ type: "qa-blocking" as const, issues: blocking });
      }
      await translationRepo.updateSegmentTranslationIfVersion(trx, cmd.segmentId, cmd.lang, cmd.version, {
        status: "approved",
        approved_text: existing.text,
        reviewer_id: viewer.id,
        comment: cmd.comment || null,
        updated_at: now,
      });
      await addUnits(tx, [
        {
          sourceLang: seg.source_lang,
          targetLang: cmd.lang,
          source: seg.source,
          target: existing.text,
          context: seg.statement_id,
          statementId: seg.document === "statement" ? seg.statement_id : null,
          groupId: seg.group_id,
          translator: await handleOf(trx, existing.translator_id),
          origin: "approved",
        },
      ]);
      const published = await publishIfComplete(tx, seg.statement_id, seg.current_revision, cmd.lang);
      return ok({ status: "approved", published });
    });
  },

  /** Translators declare the language pairs they work in; the queue follows them. */
  async setTranslatorPairs(deps: TranslationDeps, viewer: Viewer, pairs: Array<{ source: string; target: string }>): Promise<void> {
    await deps.db.transaction().execute((trx) => translationRepo.replaceTranslatorPairs(trx, viewer.id, pairs));
  },

  /** Adds a target language to a statement (editors, or members of the statement's group). */
  async addTarget(deps: TranslationDeps, viewer: Viewer, statementId: string, lang: string, isGroupMember: boolean): Promise<Result<void, TranslationError>> {
    if (!translationPermissions.addTarget(viewer, isGroupMember)) {
      return err({ type: "forbidden" });
    }
    const statement = await deps.db.selectFrom("translatable_documents").select(["id", "lang"]).where("id", "=", statementId).executeTakeFirst();
    if (!statement || statement.lang === lang) {
      return err({ type: "not-found" });
    }
    await translationRepo.ensureTargets(deps.db, statementId, [lang], viewer.id, isoNow(deps.clock));
    return ok(undefined);
  },
};
