/**
 * A job that runs off the request path: requests queue rows in their own transaction and call
 * `wake()`; a timer also polls, so rows queued by another app node or a CLI (and retries that
 * come due) are handled too. Rounds never overlap, and a wake during a round causes one more.
 */
export class BackgroundJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly job: {
      /** One round of work: everything that is due now. */
      round: () => Promise<void>;
      pollMs: number;
      onError: (error: unknown) => void;
    },
  ) {}

  start(): void {
    if (!this.timer) {
      this.timer = setInterval(() => this.wake(), this.job.pollMs);
      this.timer.unref();
      this.wake();
    }
  }

  /** Runs a round soon (once started, until stopped). */
  wake(): void {
    if (!this.timer) {
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round()
      .catch((e: unknown) => this.job.onError(e))
      .finally(() => {
        this.running = null;
        if (this.again && this.timer) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** One round now, whether or not the job was started (tests, CLI, shutdown). */
  round(): Promise<void> {
    return this.job.round();
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
