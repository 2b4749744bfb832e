import { systemClock, type Clock } from "../platform/clock";
import type { Config } from "../platform/config";
import { connect } from "../platform/db/connect";
import { migrateToLatest } from "../platform/db/migrator";
import type { Database } from "../modules/database";
import { onRevisionWritten } from "../modules/translation/translation.service";
import { defaultLimits, type AppDeps } from "./deps";

export interface Runtime {
  deps: AppDeps;
  close(): Promise<void>;
}

/** Connects the database, brings it to the latest schema and assembles the dependencies. */
export async function createRuntime(config: Config, opts: { clock?: Clock; migrate?: boolean } = {}): Promise<Runtime> {
  const handle = connect<Database>(config.database);
  if (opts.migrate !== false) {
    await migrateToLatest(handle.db as never);
  }
  const claimHours = config.claimHours;
  const deps: AppDeps = {
    db: handle.db,
    dialect: handle.dialect,
    clock: opts.clock ?? systemClock,
    config,
    claimHours,
    limits: defaultLimits(),
    revisionListeners: [(tx, event) => onRevisionWritten({ ...tx, claimHours }, event)],
  };
  return { deps, close: () => handle.close() };
}
