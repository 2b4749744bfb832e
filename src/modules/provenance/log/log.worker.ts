import { BackgroundJob } from "../../../platform/background-job";
import type { Clock } from "../../../platform/clock";
import { log } from "../../../platform/log";
import type { DbContext } from "../../database";
import { APPEND_BATCH, appendPending, issueCheckpoint, type CheckpointSigner } from "./log.appender";

export interface LogWorkerOptions {
  ctx: DbContext;
  clock: Clock;
  signer: CheckpointSigner;
  /** Longest wait between new entries and a checkpoint covering them. */
  checkpointMs: number;
  /** How often to look for queued entries written by other processes. */
  pollMs?: number;
}

/**
 * The log's appender job: moves queued entries into the tree and signs checkpoints, off the
 * request path (requests only queue entries in their own transaction and call `wake()`).
 */
export class LogWorker extends BackgroundJob {
  constructor(opts: LogWorkerOptions) {
    super({
      pollMs: opts.pollMs ?? 500,
      onError: (e) => log.error("log", "append failed", { error: e instanceof Error ? e.message : String(e) }),
      // Appends everything queued and signs a checkpoint when one is due.
      round: async () => {
        while ((await appendPending(opts.ctx)) === APPEND_BATCH) {
          // a full batch: there may be more
        }
        await issueCheckpoint(opts.ctx, opts.clock, opts.signer, opts.checkpointMs);
      },
    });
  }
}

/** Appends everything queued and signs a checkpoint now (CLI, tests, shutdown). */
export async function flushLog(ctx: DbContext, clock: Clock, signer: CheckpointSigner): Promise<void> {
  while ((await appendPending(ctx)) > 0) {
    // until the queue is empty
  }
  await issueCheckpoint(ctx, clock, signer, 0);
}
