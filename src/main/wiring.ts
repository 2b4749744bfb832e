import { systemClock, type Clock } from "../platform/clock";
import type { Config } from "../platform/config";
import { connect } from "../platform/db/connect";
import { migrateToLatest } from "../platform/db/migrator";
import type { Database } from "../modules/database";
import { createProvenance } from "../modules/provenance";
import { onRevisionWritten } from "../modules/translation/translation.service";
import { resolveSecret } from "../platform/secret";
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
  const clock = opts.clock ?? systemClock;
  const ctx = { db: handle.db, dialect: handle.dialect };
  let provenance;
  try {
    provenance = await createProvenance(ctx, clock, {
      secret: resolveSecret(config),
      baseUrl: config.baseUrl,
      checkpointSeconds: config.checkpointSeconds,
    });
  } catch (e) {
    await handle.close();
    throw e;
  }
  const deps: AppDeps = {
    ...ctx,
    clock,
    config,
    claimHours,
    limits: defaultLimits(),
    revisionListeners: [(tx, event) => onRevisionWritten({ ...tx, claimHours }, event)],
    provenance,
    sealRevision: provenance.sealRevision,
    translationPublished: provenance.translationPublished,
    groupStatusChanged: provenance.groupStatusChanged,
  };
  return {
    deps,
    close: async () => {
      await provenance.worker.stop();
      await handle.close();
    },
  };
}
