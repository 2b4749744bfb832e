import { isoNow, type Clock } from "../../platform/clock";
import { err, ok, type Result } from "../../platform/result";
import type { DbContext } from "../database";
import type { RevisionSealer, RevisionToSeal, SealError } from "../statements/statement.service";
import { keyService, publicKeyOf, type KeyVault } from "./keys.service";
import { logRepo } from "./log/log.repo";
import type { SignatureFormat } from "./provenance.schema";
import { sign, toBase64, verifyMinisign, verifySshSignature } from "./signing";

const utf8 = new TextEncoder();

type Tx = DbContext & { clock: Clock };

/**
 * Signs a revision with the group's server-held key, or checks the signature the group made
 * offline with its own key; then stores the signature and queues the log entry, all in the
 * revision's transaction, so no revision exists unsigned or unlogged.
 */
export async function sealRevision(tx: Tx, vault: KeyVault, r: RevisionToSeal): Promise<Result<void, SealError>> {
  const key = await keyService.groupKey(tx, vault, r.groupId);
  if (!key) {
    return err({
      type: "signature-invalid",
      reason: "The group's signing key was revoked. A group admin must register a new key, or choose a server-held key, on the group's Signing keys page.",
    });
  }
  const message = utf8.encode(r.canonical);
  let format: SignatureFormat;
  let signature: string;
  if (key.custody === "server") {
    if (r.signature !== null || r.writerChosen) {
      return err({
        type: "signature-invalid",
        reason: "The server holds this group's key and signs for it: send no signature, signedAt or statementId (they are for groups that sign offline).",
      });
    }
    format = "ed25519";
    signature = toBase64(sign(keyService.open(vault, key).privateKey, message));
  } else {
    if (r.signature === null) {
      return err({ type: "signature-required" });
    }
    const check =
      key.custody === "ssh"
        ? verifySshSignature({ armored: r.signature, message, publicKey: publicKeyOf(key) })
        : verifyMinisign({ signatureFile: r.signature, message, publicKey: key.public_key_text ?? "" });
    if (!check.ok) {
      return err({ type: "signature-invalid", reason: check.reason });
    }
    format = key.custody === "ssh" ? "sshsig" : "minisign";
    signature = r.signature.trim() + "\n";
  }
  const at = isoNow(tx.clock);
  await tx.db
    .insertInto("revision_signatures")
    .values({ statement_id: r.statementId, number: r.number, key_id: key.id, format, signature, created_at: at })
    .execute();
  await logRepo.enqueue(
    tx.db,
    {
      type: "revision",
      statement: r.statementId,
      group: r.groupId,
      number: r.number,
      hash: r.hash,
      key: key.fingerprint,
      retraction: r.retraction,
      at: r.createdAt,
    },
    at,
  );
  return ok(undefined);
}

/** The sealer the statements module calls, bound to this instance's key vault. */
export function revisionSealer(vault: KeyVault, afterCommit: () => void): RevisionSealer {
  return async (tx, revision) => {
    const result = await sealRevision(tx, vault, revision);
    if (result.ok) {
      // The appender polls as well; this only shortens the wait once the transaction commits.
      setTimeout(afterCommit, 0);
    }
    return result;
  };
}
