import { canonicalJson } from "../../platform/canonical-json";
import { isoNow, type Clock } from "../../platform/clock";
import { sha256Hex } from "../../platform/hash";
import type { DbContext } from "../database";
import { workspaceSegments } from "../translation";
import { activeKeyRow, keyService, type KeyVault } from "./keys.service";
import { logRepo } from "./log/log.repo";
import { sign, toBase64 } from "./signing";

type Tx = DbContext & { clock: Clock };

export interface TranslationCanonicalInput {
  statementId: string;
  lang: string;
  number: number;
  sourceRevision: number;
  sourceHash: string;
  segments: Array<{ id: string; text: string }>;
  translators: string[];
  reviewers: string[];
  publishedAt: string;
}

/**
 * The signed form of a published translation (docs/formats.md, "Translation, version 1"): the
 * approved text of every segment in order, the source revision it translates, and who
 * translated and reviewed it, as canonical JSON.
 */
export function translationCanonical(t: TranslationCanonicalInput): string {
  return canonicalJson({
    v: 1,
    statement: t.statementId,
    lang: t.lang,
    number: t.number,
    source_revision: t.sourceRevision,
    source_hash: t.sourceHash,
    segments: t.segments.map((s) => ({ id: s.id, text: s.text })),
    translators: t.translators,
    reviewers: t.reviewers,
    published_at: t.publishedAt,
  });
}

/**
 * Signs a translation publication with the instance key and queues its log entry, inside the
 * publishing transaction. Handles of translators and reviewers are their public pseudonyms.
 */
export async function sealTranslation(tx: Tx, vault: KeyVault, p: { statementId: string; lang: string; revision: number }): Promise<void> {
  const keyRow = await activeKeyRow(tx.db, null);
  if (!keyRow) {
    throw new Error("the instance key is missing: start the server once to create it");
  }
  const segments = await workspaceSegments(tx, p.statementId, p.revision, p.lang);
  const source = await tx.db
    .selectFrom("statement_revisions")
    .select("hash")
    .where("statement_id", "=", p.statementId)
    .where("number", "=", p.revision)
    .executeTakeFirstOrThrow();
  const previous = await tx.db
    .selectFrom("translation_publications")
    .select((eb) => eb.fn.max("number").as("n"))
    .where("statement_id", "=", p.statementId)
    .where("lang", "=", p.lang)
    .executeTakeFirst();
  const number = Number(previous?.n ?? 0) + 1;
  const uniq = (xs: Array<string | null>) => [...new Set(xs.filter((x): x is string => x !== null))].sort();
  const at = isoNow(tx.clock);
  const canonical = translationCanonical({
    statementId: p.statementId,
    lang: p.lang,
    number,
    sourceRevision: p.revision,
    sourceHash: source.hash,
    segments: segments.map((s) => ({ id: s.id, text: s.approvedText ?? s.text })),
    translators: uniq(segments.map((s) => s.translator)),
    reviewers: uniq(segments.map((s) => s.reviewer)),
    publishedAt: at,
  });
  const hash = sha256Hex(canonical);
  const key = keyService.open(vault, keyRow);
  const signature = toBase64(sign(key.privateKey, new TextEncoder().encode(canonical)));
  await tx.db
    .insertInto("translation_publications")
    .values({ statement_id: p.statementId, lang: p.lang, number, source_revision: p.revision, canonical, hash, key_id: keyRow.id, signature, created_at: at })
    .execute();
  await logRepo.enqueue(
    tx.db,
    { type: "translation", statement: p.statementId, lang: p.lang, number, hash, source: source.hash, key: keyRow.fingerprint, at },
    at,
  );
}
