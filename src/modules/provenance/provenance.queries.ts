import type { DbContext } from "../database";
import { parseEntry } from "./log/log.model";
import { logRepo } from "./log/log.repo";
import type { KeyCustody, KeyStatus } from "./provenance.schema";

export interface KeySummary {
  fingerprint: string;
  custody: KeyCustody;
  status: KeyStatus;
  revokedAt: string | null;
  revokedReason: string | null;
}

export interface LogStatus {
  index: number;
  /** True when a signed checkpoint covers the entry; false while it waits for the next one. */
  included: boolean;
}

export interface ProvenanceSummary {
  revisions: Array<{ number: number; hash: string; prevHash: string | null; key: KeySummary | null; log: LogStatus | null }>;
  translations: Array<{ lang: string; number: number; sourceRevision: number; hash: string; keyFingerprint: string; log: LogStatus | null }>;
  checkpoint: { size: number; createdAt: string } | null;
}

/** Every revision of a statement with its signature and the key that made it, in order. */
export function revisionsWithSignatures(ctx: DbContext, statementId: string) {
  return ctx.db
    .selectFrom("statement_revisions")
    .leftJoin("revision_signatures", (j) =>
      j
        .onRef("revision_signatures.statement_id", "=", "statement_revisions.statement_id")
        .onRef("revision_signatures.number", "=", "statement_revisions.number"),
    )
    .leftJoin("signing_keys", "signing_keys.id", "revision_signatures.key_id")
    .select([
      "statement_revisions.number",
      "statement_revisions.canonical",
      "statement_revisions.hash",
      "statement_revisions.prev_hash",
      "revision_signatures.format",
      "revision_signatures.signature",
      "signing_keys.fingerprint",
      "signing_keys.custody",
      "signing_keys.status",
      "signing_keys.revoked_at",
      "signing_keys.revoked_reason",
    ])
    .where("statement_revisions.statement_id", "=", statementId)
    .orderBy("statement_revisions.number")
    .execute();
}

/** Every publication of a statement's translations with the key that signed it, by language then number. */
export function translationPublications(ctx: DbContext, statementId: string) {
  return ctx.db
    .selectFrom("translation_publications")
    .innerJoin("signing_keys", "signing_keys.id", "translation_publications.key_id")
    .select([
      "translation_publications.lang",
      "translation_publications.number",
      "translation_publications.source_revision",
      "translation_publications.canonical",
      "translation_publications.hash",
      "translation_publications.signature",
      "signing_keys.fingerprint",
    ])
    .where("translation_publications.statement_id", "=", statementId)
    .orderBy("translation_publications.lang")
    .orderBy("translation_publications.number")
    .execute();
}

/** What the provenance panel shows: who signed each revision and translation, and where the log holds them. */
export async function provenanceSummary(ctx: DbContext, statementId: string): Promise<ProvenanceSummary> {
  const revisions = await revisionsWithSignatures(ctx, statementId);
  const translations = (await translationPublications(ctx, statementId)).reverse();
  const checkpoint = await logRepo.latestCheckpoint(ctx.db);
  const entries = (await logRepo.entriesAbout(ctx.db, `statement:${statementId}`)).map((e) => ({ idx: e.idx, entry: parseEntry(e.entry) }));
  const status = (idx: number | undefined): LogStatus | null =>
    idx === undefined ? null : { index: idx, included: checkpoint !== null && idx < checkpoint.size };
  return {
    revisions: revisions.map((r) => ({
      number: r.number,
      hash: r.hash,
      prevHash: r.prev_hash,
      key:
        r.fingerprint && r.custody && r.status
          ? { fingerprint: r.fingerprint, custody: r.custody, status: r.status, revokedAt: r.revoked_at, revokedReason: r.revoked_reason }
          : null,
      log: status(entries.find((e) => e.entry.type === "revision" && e.entry.number === r.number && e.entry.hash === r.hash)?.idx),
    })),
    // Only the latest publication per language.
    translations: translations
      .filter((t, n) => translations.findIndex((o) => o.lang === t.lang) === n)
      .map((t) => ({
        lang: t.lang,
        number: t.number,
        sourceRevision: t.source_revision,
        hash: t.hash,
        keyFingerprint: t.fingerprint,
        log: status(entries.find((e) => e.entry.type === "translation" && e.entry.lang === t.lang && e.entry.number === t.number)?.idx),
      })),
    checkpoint: checkpoint ? { size: checkpoint.size, createdAt: checkpoint.created_at } : null,
  };
}
