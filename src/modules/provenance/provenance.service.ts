import type { Clock } from "../../platform/clock";
import type { DbContext } from "../database";
import type { GroupStatus } from "../groups";
import type { RevisionSealer } from "../statements/statement.service";
import { keyService, type KeyVault } from "./keys.service";
import type { CheckpointSigner } from "./log/log.appender";
import { logRepo } from "./log/log.repo";
import { flushLog, LogWorker } from "./log/log.worker";
import { revisionSealer } from "./seal.service";
import { deriveKey } from "./signing";
import { sealTranslation } from "./translation-seal.service";

type Tx = DbContext & { clock: Clock };

/** The provenance module as the rest of the app sees it: hooks for other modules' transactions, and the log job. */
export interface Provenance {
  vault: KeyVault;
  /** The instance key and the log's origin. */
  signer: CheckpointSigner & { fingerprint: string; keyId: string };
  worker: LogWorker;
  sealRevision: RevisionSealer;
  translationPublished: (tx: Tx, published: { statementId: string; lang: string; revision: number }) => Promise<void>;
  groupStatusChanged: (tx: Tx, change: { groupId: string; status: GroupStatus; at: string }) => Promise<void>;
  /** An incident's grade changed (in the grading transaction). */
  incidentGraded: (tx: Tx, change: { incidentId: string; grade: string; previous: string | null; rationaleSha256: string; at: string }) => Promise<void>;
  /** Appends everything queued and signs a checkpoint now. */
  flush(): Promise<void>;
}

/**
 * Opens the key vault, makes sure the instance key exists (its registration is the log's
 * first entry) and prepares the appender job; `worker.start()` runs it in the background.
 */
export async function createProvenance(
  ctx: DbContext,
  clock: Clock,
  opts: { secret: string; baseUrl: string; checkpointSeconds: number },
): Promise<Provenance> {
  const vault: KeyVault = { sealingKey: deriveKey(opts.secret, "sada signing keys v1") };
  let signer: Provenance["signer"];
  try {
    signer = await keyService.instanceSigner({ ...ctx, clock }, vault, opts.baseUrl);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith("Cannot open sealed value")) {
      throw new Error(
        "The instance signing key cannot be opened with this secret: SADA_SECRET (or the file 'secret' in SADA_DATA_DIR) is not the one this database was set up with. Restore the original secret (see docs/config.md).",
      );
    }
    throw e;
  }
  const worker = new LogWorker({ ctx, clock, signer, checkpointMs: opts.checkpointSeconds * 1000 });
  const wake = () => worker.wake();
  return {
    vault,
    signer,
    worker,
    sealRevision: revisionSealer(vault, wake),
    async translationPublished(tx, published) {
      await sealTranslation(tx, vault, published);
      setTimeout(wake, 0);
    },
    async groupStatusChanged(tx, change) {
      await logRepo.enqueue(tx.db, { type: "group-status", group: change.groupId, status: change.status, at: change.at }, change.at);
      setTimeout(wake, 0);
    },
    async incidentGraded(tx, change) {
      await logRepo.enqueue(
        tx.db,
        {
          type: "incident-grade",
          incident: change.incidentId,
          grade: change.grade,
          previous: change.previous,
          rationale_sha256: change.rationaleSha256,
          at: change.at,
        },
        change.at,
      );
      setTimeout(wake, 0);
    },
    flush: () => flushLog(ctx, clock, signer),
  };
}
