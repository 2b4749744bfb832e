/** The one source of "now", so tests can move time without touching the system clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** ISO-8601 UTC timestamp with milliseconds: sortable as text on SQLite and PostgreSQL alike. */
export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
