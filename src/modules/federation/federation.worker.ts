import { BackgroundJob } from "../../platform/background-job";
import { log } from "../../platform/log";

/**
 * The federation job: fans statement changes out to follower inboxes and sends what is due,
 * off the request path; its timer also brings retries due.
 */
export class FederationWorker extends BackgroundJob {
  constructor(opts: { round: () => Promise<void>; pollMs?: number }) {
    super({
      round: opts.round,
      pollMs: opts.pollMs ?? 1000,
      onError: (e) => log.error("federation", "round failed", { error: e instanceof Error ? e.message : String(e) }),
    });
  }
}
