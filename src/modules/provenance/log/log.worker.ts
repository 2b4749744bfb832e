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
 * request path. Requests only queue entries in their own transaction and call `wake()`; a
 * timer also polls, so entries queued by another app node or a CLI are appended too.
 */
export class LogWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly opts: LogWorkerOptions) {}

  start(): void {
    if (!this.timer) {
      this.timer = setInterval(() => this.wake(), this.opts.pollMs ?? 500);
      this.timer.unref();
      this.wake();
    }
  }

  /** Runs a round soon (once started, until stopped); rounds never overlap, and a wake during a round causes one more. */
  wake(): void {
    if (!this.timer) {
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round()
      .catch((e: unknown) => log.error("log", "append failed", { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        this.running = null;
        if (this.again && this.timer) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Appends everything queued and signs a checkpoint when one is due. */
  async round(): Promise<void> {
    while ((await appendPending(this.opts.ctx)) === APPEND_BATCH) {
      // a full batch: there may be more
    }
    await issueCheckpoint(this.opts.ctx, this.opts.clock, this.opts.signer, this.opts.checkpointMs);
  }

  /** Stops polling and waits for a round in progress. */
  async stop(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    this.again = false;
    await this.running;
  }
}

/** Appends everything queued and signs a checkpoint now (CLI, tests, shutdown). */
export async function flushLog(ctx: DbContext, clock: Clock, signer: CheckpointSigner): Promise<void> {
  while ((await appendPending(ctx)) > 0) {
    // until the queue is empty
  }
  await issueCheckpoint(ctx, clock, signer, 0);
}
