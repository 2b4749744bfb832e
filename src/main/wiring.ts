import { systemClock, type Clock } from "../platform/clock";
import type { Config } from "../platform/config";
import { connect } from "../platform/db/connect";
import { migrateToLatest } from "../platform/db/migrator";
import type { Database } from "../modules/database";
import { createProvenance } from "../modules/provenance";
import { createFederation } from "../modules/federation/federation.service";
import { onRevisionWritten } from "../modules/translation/translation.service";
import { resolveSecret } from "../platform/secret";
import { incidentTextsToTranslation } from "./incident-translation";
import { keepMissingIncidentRevisions } from "../modules/incidents/incident-revisions";
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
  const secret = resolveSecret(config);
  let provenance;
  try {
    provenance = await createProvenance(ctx, clock, {
      secret,
      baseUrl: config.baseUrl,
      checkpointSeconds: config.checkpointSeconds,
    });
  } catch (e) {
    await handle.close();
    throw e;
  }
  const federation = createFederation(ctx, clock, {
    enabled: config.federation.enabled,
    allowPrivate: config.federation.allowPrivate,
    baseUrl: config.baseUrl,
    secret,
  });
  const deps: AppDeps = {
    ...ctx,
    clock,
    config,
    secret,
    claimHours,
    limits: defaultLimits(),
    revisionListeners: [(tx, event) => onRevisionWritten({ ...tx, claimHours }, event), (tx, event) => federation.onRevision(tx, event)],
    provenance,
    federation,
    // A retraction is not a "revision written" event; the federated copy learns of it here.
    sealRevision: async (tx, revision) => {
      const sealed = await provenance.sealRevision(tx, revision);
      if (sealed.ok && revision.retraction) {
        await federation.onRetraction(tx, { statementId: revision.statementId });
      }
      return sealed;
    },
    translationPublished: async (tx, published) => {
      // Statement translations are signed, logged and federated; incident texts are not statements.
      if (published.document === "statement") {
        await provenance.translationPublished(tx, published);
        await federation.onTranslationPublished(tx, published);
      }
    },
    groupStatusChanged: provenance.groupStatusChanged,
    gradeChanged: provenance.incidentGraded,
    incidentRevisionWritten: incidentTextsToTranslation(claimHours),
  };
  // Incidents saved before revisions were kept get their first kept revision (and go to translation).
  await keepMissingIncidentRevisions(deps);
  return {
    deps,
    close: async () => {
      await federation.worker.stop();
      await provenance.worker.stop();
      await handle.close();
    },
  };
}
