import { log } from "../../platform/log";

/**
 * The federation job: fans statement changes out to follower inboxes and sends what is due,
 * off the request path. Requests only queue rows and call `wake()`; a timer also polls, so
 * retries come due and rows queued by another app node are sent too.
 */
export class FederationWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly opts: { round: () => Promise<void>; pollMs?: number }) {}

  start(): void {
    if (!this.timer) {
      this.timer = setInterval(() => this.wake(), this.opts.pollMs ?? 1000);
      this.timer.unref();
      this.wake();
    }
  }

  /** Runs a round soon (once started); rounds never overlap, and a wake during a round causes one more. */
  wake(): void {
    if (!this.timer) {
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round()
      .catch((e: unknown) => log.error("federation", "round failed", { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        this.running = null;
        if (this.again && this.timer) {
          this.again = false;
          this.wake();
        }
      });
  }

  round(): Promise<void> {
    return this.opts.round();
  }

  async stop(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    this.again = false;
    await this.running;
  }
}
