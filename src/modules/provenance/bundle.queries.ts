import type { DbContext } from "../database";
import { inclusionProof } from "./merkle";
import { hexToBytes, logRepo, nodeReader } from "./log/log.repo";
import { parseEntry } from "./log/log.model";
import { publicKeyOf } from "./keys.service";
import { revisionsWithSignatures, translationPublications } from "./provenance.queries";
import type { KeyCustody, KeyStatus, SignatureFormat } from "./provenance.schema";
import { toBase64, toOpenSshPublicKey, verifierKey } from "./signing";

/** Version tag of the signed statement document (docs/provenance.md). */
export const BUNDLE_FORMAT = "sada-signed-statement/1";

export interface LogProof {
  /** The entry's exact text: its UTF-8 bytes are the Merkle leaf. */
  entry: string;
  index: number;
  tree_size: number;
  inclusion_path: string[];
}

export interface BundleKey {
  fingerprint: string;
  public_key: string;
  openssh: string;
  custody: KeyCustody;
  status: KeyStatus;
  owner: "group" | "instance";
  created_at: string;
  retired_at: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
  /** The key as the group registered it (minisign needs its key id). */
  registered_as: string | null;
}

export interface SignedStatement {
  format: typeof BUNDLE_FORMAT;
  statement: string;
  group: string;
  url: string;
  revisions: Array<{
    number: number;
    canonical: string;
    hash: string;
    signature: { format: SignatureFormat; key: string; value: string } | null;
    /** null while the entry waits for the next checkpoint. */
    log: LogProof | null;
  }>;
  translations: Array<{
    lang: string;
    number: number;
    canonical: string;
    hash: string;
    signature: { format: "ed25519"; key: string; value: string };
    log: LogProof | null;
  }>;
  keys: BundleKey[];
  /** The signed checkpoint every proof above is relative to; null before the first one. */
  checkpoint: string | null;
  /** The C2SP verifier key of the log (checks the checkpoint and translation signatures). */
  log_key: string;
  log_url: string;
}

/**
 * Everything needed to check a statement without trusting this server: every revision's
 * canonical form and signature, the keys that signed (with their rotation and revocation),
 * published translations, and for each a log entry with its inclusion proof against the
 * latest signed checkpoint, which is included.
 */
export async function signedStatement(
  ctx: DbContext,
  id: string,
  opts: { baseUrl: string; instance: { origin: string; publicKey: Uint8Array } },
): Promise<SignedStatement | null> {
  const statement = await ctx.db.selectFrom("statements").select(["id", "group_id"]).where("id", "=", id).executeTakeFirst();
  if (!statement) {
    return null;
  }
  const revisions = await revisionsWithSignatures(ctx, id);
  const translations = await translationPublications(ctx, id);
  const keyRows = await ctx.db
    .selectFrom("signing_keys")
    .selectAll()
    .where((eb) => eb.or([eb("group_id", "=", statement.group_id), eb("group_id", "is", null)]))
    .orderBy("created_at")
    .execute();

  const checkpoint = await logRepo.latestCheckpoint(ctx.db);
  const entries = await logRepo.entriesAbout(ctx.db, `statement:${id}`);
  const reader = nodeReader(ctx.db);
  const proofFor = async (match: (e: ReturnType<typeof parseEntry>) => boolean): Promise<LogProof | null> => {
    const row = entries.find((e) => match(parseEntry(e.entry)));
    if (!row || !checkpoint || row.idx >= checkpoint.size) {
      return null;
    }
    const path = await inclusionProof(reader, row.idx, checkpoint.size);
    return { entry: row.entry, index: row.idx, tree_size: checkpoint.size, inclusion_path: path.map(toBase64) };
  };

  return {
    format: BUNDLE_FORMAT,
    statement: id,
    group: statement.group_id,
    url: `${opts.baseUrl}/api/v1/statements/${id}/signed`,
    revisions: await Promise.all(
      revisions.map(async (r) => ({
        number: r.number,
        canonical: r.canonical,
        hash: r.hash,
        signature: r.format && r.signature && r.fingerprint ? { format: r.format, key: r.fingerprint, value: r.signature } : null,
        log: await proofFor((e) => e.type === "revision" && e.number === r.number && e.hash === r.hash),
      })),
    ),
    translations: await Promise.all(
      translations.map(async (t) => ({
        lang: t.lang,
        number: t.number,
        canonical: t.canonical,
        hash: t.hash,
        signature: { format: "ed25519" as const, key: t.fingerprint, value: t.signature },
        log: await proofFor((e) => e.type === "translation" && e.lang === t.lang && e.number === t.number && e.hash === t.hash),
      })),
    ),
    keys: keyRows.map((k) => ({
      fingerprint: k.fingerprint,
      public_key: k.public_key,
      openssh: toOpenSshPublicKey(publicKeyOf(k), k.group_id === null ? "sada-instance" : `sada-group-${k.group_id}`),
      custody: k.custody,
      status: k.status,
      owner: k.group_id === null ? "instance" : "group",
      created_at: k.created_at,
      retired_at: k.retired_at,
      revoked_at: k.revoked_at,
      revoked_reason: k.revoked_reason,
      registered_as: k.public_key_text,
    })),
    checkpoint: checkpoint?.note ?? null,
    log_key: verifierKey(opts.instance.origin, opts.instance.publicKey),
    log_url: `${opts.baseUrl}/log/v1`,
  };
}

export { hexToBytes };
