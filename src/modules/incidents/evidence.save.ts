// Evidence files as incidents record them: checked by their bytes and size, stored once under
// their SHA-256 (content-addressed), with who uploaded them and when.
import { isoNow } from "../../platform/clock";
import { err, ok, type Result } from "../../platform/result";
import type { Viewer } from "../accounts/account.model";
import { detectEvidenceType, EVIDENCE_MAX_BYTES, type EvidenceMime } from "./evidence.model";
import { evidenceStore } from "./evidence.store";
import type { IncidentDeps, IncidentError } from "./incident.service";

type Tx = IncidentDeps;

/** Checks and stores an uploaded evidence file; returns its hash and detected type. */
export async function storeEvidence(
  tx: Tx,
  viewer: Viewer,
  bytes: Uint8Array,
  allowed: EvidenceMime[],
  field: string,
): Promise<Result<{ sha256: string }, IncidentError>> {
  if (bytes.byteLength === 0 || bytes.byteLength > (tx.maxEvidenceBytes ?? EVIDENCE_MAX_BYTES)) {
    return err({ type: "invalid", key: "error.evidence_too_large", field });
  }
  const mime = detectEvidenceType(bytes);
  if (!mime || !allowed.includes(mime)) {
    return err({ type: "invalid", key: "error.evidence_type", field });
  }
  return ok(await saveEvidence(tx, viewer, bytes, mime));
}

export async function saveEvidence(tx: Tx, viewer: Viewer | null, bytes: Uint8Array, mime: EvidenceMime): Promise<{ sha256: string }> {
  const stored = evidenceStore(tx.dataDir).put(bytes);
  const existing = await tx.db.selectFrom("evidence_files").select("sha256").where("sha256", "=", stored.sha256).executeTakeFirst();
  if (!existing) {
    await tx.db
      .insertInto("evidence_files")
      .values({ sha256: stored.sha256, mime, size: stored.size, uploaded_by: viewer?.id ?? null, created_at: isoNow(tx.clock) })
      .execute();
  }
  return { sha256: stored.sha256 };
}
