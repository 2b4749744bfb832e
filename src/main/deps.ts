import type { Clock } from "../platform/clock";
import type { Config } from "../platform/config";
import { RateLimiter } from "../platform/http/rate-limit";
import type { DbContext } from "../modules/database";
import type { Provenance } from "../modules/provenance";
import type { FederationService } from "../modules/federation/federation.service";
import type { RevisionListener, RevisionSealer } from "../modules/statements/statement.service";
import type { TranslationDeps } from "../modules/translation/translation.service";
import type { IncidentRevisionListener } from "../modules/incidents/incident.service";

/** Everything route handlers need, built once in the composition root. */
export interface AppDeps extends DbContext {
  clock: Clock;
  config: Config;
  /** SADA_SECRET, or the data folder's secret file: seals secrets kept at rest. */
  secret: string;
  /** How long translation claims hold (from config). */
  claimHours: number;
  /** Reactions to a new statement revision, run in its transaction. */
  revisionListeners: RevisionListener[];
  /** Signatures, keys and the transparency log. */
  provenance: Provenance;
  /** ActivityPub: actors, delivery to followers, what other servers send. */
  federation: FederationService;
  /** The provenance hooks other modules call inside their transactions. */
  sealRevision: RevisionSealer;
  /** A target language of a statement or an incident was published (every segment approved). */
  translationPublished: NonNullable<TranslationDeps["translationPublished"]>;
  /** Incidents call this in every saving transaction: the original text goes to the translation workflow. */
  incidentRevisionWritten: IncidentRevisionListener;
  groupStatusChanged: Provenance["groupStatusChanged"];
  /** Incidents call this in the grading transaction: grade changes go into the transparency log. */
  gradeChanged: Provenance["incidentGraded"];
  limits: {
    /** Failed sign-ins per handle and client (together: no lockout of the real person). */
    signinPerHandle: RateLimiter;
    /** Sign-in and sign-up attempts per client (keyed by a hash of the address, in memory). */
    authPerClient: RateLimiter;
    /** Wrong second-factor codes and passwords of signed-in people, per account, whatever the client. */
    perAccount: RateLimiter;
    /** Comments per account and per session: a short burst, and a day's total (discussion). */
    commentBurst: RateLimiter;
    commentDaily: RateLimiter;
    /** "Show translation" calls to the MT server per reader (account, or hashed client address) and for the whole site. */
    commentMtPerClient: RateLimiter;
    commentMtTotal: RateLimiter;
  };
}

export function defaultLimits(): AppDeps["limits"] {
  return {
    signinPerHandle: new RateLimiter(5, 15 * 60_000),
    authPerClient: new RateLimiter(30, 15 * 60_000),
    perAccount: new RateLimiter(10, 15 * 60_000),
    commentBurst: new RateLimiter(5, 60_000),
    commentDaily: new RateLimiter(50, 24 * 60 * 60_000),
    commentMtPerClient: new RateLimiter(30, 10 * 60_000),
    commentMtTotal: new RateLimiter(600, 60 * 60_000),
  };
}
