// Rules of delivery to remote inboxes: how often to retry, when to give up on one activity,
// and when an inbox counts as dead (no new deliveries until its server shows signs of life).

/** Waits before attempt n+1 after n failed attempts: 1 min, 5 min, 30 min, 2 h, 12 h. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000] as const;

/** One first attempt plus one retry per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** An inbox that has failed this many times in a row, over at least DEAD_AFTER_MS, is dead. */
export const DEAD_AFTER_FAILURES = 10;
export const DEAD_AFTER_MS = 3 * 24 * 3_600_000;

export type AttemptOutcome = { status: "delivered" } | { status: "pending"; nextAttemptAt: string } | { status: "failed" };

/** What becomes of a delivery after attempt number `attempts` (1-based) succeeded or failed. */
export function afterAttempt(opts: { ok: boolean; attempts: number; now: Date; delays?: readonly number[] }): AttemptOutcome {
  if (opts.ok) {
    return { status: "delivered" };
  }
  const delays = opts.delays ?? RETRY_DELAYS_MS;
  const wait = delays[opts.attempts - 1];
  if (wait === undefined) {
    return { status: "failed" };
  }
  return { status: "pending", nextAttemptAt: new Date(opts.now.getTime() + wait).toISOString() };
}

/** Whether an inbox with this failure record counts as dead now. */
export function isDeadInbox(record: { consecutiveFailures: number; firstFailureAt: string | null }, now: Date): boolean {
  if (record.consecutiveFailures < DEAD_AFTER_FAILURES || record.firstFailureAt === null) {
    return false;
  }
  return now.getTime() - Date.parse(record.firstFailureAt) >= DEAD_AFTER_MS;
}

/** Status codes worth a retry: server errors, throttling and timeouts. A 4xx other than these will not get better. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}
