import { isoNow, type Clock } from "../../platform/clock";
import { newId } from "../../platform/ids";
import { err, ok, type Result } from "../../platform/result";
import type { Viewer } from "../accounts/account.model";
import type { DbContext } from "../database";
import { canPublishAsGroup, groupPermissions, membershipOf, type GroupStatus } from "../groups";
import { indexDocument } from "../search";
import { markdownToText } from "./markdown";
import type { CreateStatementCommand, RetractStatementCommand, ReviseStatementCommand } from "./statement.commands";
import { canonicalForm, canonicalText, revisionHash, type RevisionContent, type StatementKind } from "./statement.model";
import { statementRepo } from "./statement.repo";
import type { StatementsTable } from "./statement.schema";

/** Raised inside the transaction that writes a revision (an edit, not a retraction). */
export interface RevisionWrittenEvent {
  statementId: string;
  groupId: string;
  revision: number;
  lang: string;
  title: string;
  body: string;
  authorId: string;
}

export type RevisionListener = (tx: DbContext & { clock: Clock }, event: RevisionWrittenEvent) => Promise<void>;

/** A revision about to be written, as the provenance module signs (or checks) and logs it. */
export interface RevisionToSeal {
  statementId: string;
  groupId: string;
  number: number;
  canonical: string;
  hash: string;
  createdAt: string;
  retraction: boolean;
  /** A signature the group made offline over `canonical`, when it keeps its own key. */
  signature: string | null;
  /** The writer chose the time (and the id of a new statement): only groups that sign offline may. */
  writerChosen: boolean;
}

export type SealError = { type: "signature-required" } | { type: "signature-invalid"; reason: string };

/** Signs a revision (or checks the group's own signature) inside the revision's transaction. */
export type RevisionSealer = (tx: DbContext & { clock: Clock }, revision: RevisionToSeal) => Promise<Result<void, SealError>>;

export interface StatementDeps extends DbContext {
  clock: Clock;
  /** Other modules' reactions to a new revision (segmentation for translation), run in the same transaction. */
  revisionListeners?: RevisionListener[];
  /** Provenance: every revision, retractions included, is signed and logged before it is stored. */
  sealRevision?: RevisionSealer;
}

/** Thrown inside a revision's transaction to undo it when the seal is refused. */
class SealRefused extends Error {
  constructor(readonly error: SealError) {
    super(error.type);
  }
}

/** Runs a write transaction, turning a refused seal into an error result after the rollback. */
async function sealed<T>(run: () => Promise<Result<T, StatementError>>): Promise<Result<T, StatementError>> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof SealRefused) {
      return err(e.error);
    }
    throw e;
  }
}

async function emitRevisionWritten(tx: StatementDeps, event: RevisionWrittenEvent): Promise<void> {
  for (const listener of tx.revisionListeners ?? []) {
    await listener(tx, event);
  }
}

export type StatementError =
  | { type: "group-not-found" }
  | { type: "not-found" }
  | { type: "forbidden" }
  | { type: "group-not-publishing"; status: GroupStatus }
  | { type: "retracted" }
  | { type: "stale"; currentHash: string }
  | SealError;

/** Statement ids as newId() makes them (a writer who signs offline sends one back). */
const STATEMENT_ID = /^[0-9a-hjkmnp-tv-z]{16}$/;

const SIGNED_AT_REASON =
  "The time in a signed revision (signedAt) must be an ISO 8601 UTC time with milliseconds, within the last 24 hours, not in the future and after the previous revision.";

/** How far a group's offline signing time may lie from the server's clock. */
const SIGNED_AT_PAST_MS = 24 * 3600_000;
const SIGNED_AT_FUTURE_MS = 5 * 60_000;

/**
 * The revision time: now, or the time a group put in the canonical form it signed offline,
 * which must be recent and after the previous revision.
 */
function revisionTime(clock: Clock, signedAt: string | undefined, after: string | null): string | null {
  const now = isoNow(clock);
  if (signedAt === undefined) {
    return now;
  }
  const t = Date.parse(signedAt);
  const n = clock.now().getTime();
  if (new Date(t).toISOString() !== signedAt || t < n - SIGNED_AT_PAST_MS || t > n + SIGNED_AT_FUTURE_MS || (after !== null && signedAt <= after)) {
    return null;
  }
  return signedAt;
}

export interface PublishedRevision {
  statementId: string;
  number: number;
  hash: string;
}

async function writeRevision(
  ctx: StatementDeps,
  content: RevisionContent,
  authorId: string,
  kind: "edit" | "retraction",
  signed: { signature: string | null; writerChosen: boolean },
): Promise<string> {
  const canonical = canonicalForm(content);
  const hash = revisionHash(canonical);
  if (ctx.sealRevision) {
    const seal = await ctx.sealRevision(ctx, {
      statementId: content.statementId,
      groupId: content.groupId,
      number: content.number,
      canonical,
      hash,
      createdAt: content.createdAt,
      retraction: kind === "retraction",
      signature: signed.signature,
      writerChosen: signed.writerChosen,
    });
    if (!seal.ok) {
      throw new SealRefused(seal.error);
    }
  } else if (signed.signature !== null || signed.writerChosen) {
    throw new SealRefused({ type: "signature-invalid", reason: "This instance does not take signatures." });
  }
  await statementRepo.insertRevision(ctx.db, {
    statement_id: content.statementId,
    number: content.number,
    kind,
    lang: content.lang,
    title: canonicalText(content.title),
    body: canonicalText(content.body),
    retraction_reason: content.retractionReason === null ? null : canonicalText(content.retractionReason),
    prev_hash: content.prevHash,
    hash,
    canonical,
    author_id: authorId,
    created_at: content.createdAt,
  });
  return hash;
}

/**
 * Loads a statement and checks the viewer may write for its group, inside the transaction.
 * A new revision also needs the group to be publishing; a retraction stays possible for a
 * suspended group, so it can always take back what it said.
 */
async function writable(tx: StatementDeps, viewer: Viewer, id: string, purpose: "revise" | "retract") {
  const statement = await statementRepo.findById(tx.db, id);
  if (!statement) {
    return err({ type: "not-found" as const });
  }
  const group = await tx.db.selectFrom("groups").select("status").where("id", "=", statement.group_id).executeTakeFirstOrThrow();
  const status = group.status as GroupStatus;
  if (purpose === "revise" && !canPublishAsGroup(status)) {
    return err({ type: "group-not-publishing" as const, status });
  }
  if (!groupPermissions.publish(await membershipOf(tx, statement.group_id, viewer.id))) {
    return err({ type: "forbidden" as const });
  }
  if (statement.status === "retracted") {
    return err({ type: "retracted" as const });
  }
  return ok(statement);
}

/**
 * Writes the next revision on top of the statement's current head and moves the head, inside
 * the caller's transaction. A retraction reason makes it a retraction.
 */
async function appendRevision(
  tx: StatementDeps,
  viewer: Viewer,
  s: StatementsTable,
  next: { title: string; body: string; retractionReason: string | null; signature?: string; signedAt?: string },
): Promise<PublishedRevision> {
  const previous = await tx.db
    .selectFrom("statement_revisions")
    .select("created_at")
    .where("statement_id", "=", s.id)
    .where("number", "=", s.current_revision)
    .executeTakeFirstOrThrow();
  const now = revisionTime(tx.clock, next.signedAt, previous.created_at);
  if (now === null) {
    throw new SealRefused({ type: "signature-invalid", reason: SIGNED_AT_REASON });
  }
  const number = s.current_revision + 1;
  const content: RevisionContent = {
    statementId: s.id,
    groupId: s.group_id,
    number,
    kind: s.kind as StatementKind,
    lang: s.lang,
    title: next.title,
    body: next.body,
    retractionReason: next.retractionReason,
    prevHash: s.current_hash,
    createdAt: now,
  };
  const hash = await writeRevision(tx, content, viewer.id, next.retractionReason === null ? "edit" : "retraction", {
    signature: next.signature ?? null,
    writerChosen: next.signedAt !== undefined,
  });
  const status = next.retractionReason === null ? "published" : "retracted";
  if (
    !(await statementRepo.advanceHead(tx.db, s.id, s.current_hash, {
      current_revision: number,
      current_hash: hash,
      title: canonicalText(next.title),
      status,
      updated_at: now,
    }))
  ) {
    throw new Error("statement head moved inside a transaction");
  }
  return { statementId: s.id, number, hash };
}

/** A revision laid out for a group to sign offline: the exact text, and what to send back with the signature. */
export interface PreparedRevision {
  statementId: string;
  number: number;
  signedAt: string;
  canonical: string;
  hash: string;
}

export type PrepareInput = (
  | { type: "publish"; groupSlug: string; cmd: Pick<CreateStatementCommand, "kind" | "lang" | "title" | "body">; statementId?: string }
  | { type: "revise"; statementId: string; title: string; body: string }
  | { type: "retract"; statementId: string; reason: string }
) & {
  /** Rebuild a form prepared earlier (same time, same id) instead of a new one. */
  signedAt?: string;
};

export const statementService = {
  /**
   * The canonical form a revision would have if written now, for a group that signs offline.
   * Nothing is stored: the group signs the text and sends title, body, signedAt (and the
   * statement id for a new statement) with the signature within 24 hours.
   */
  async prepare(deps: StatementDeps, viewer: Viewer, input: PrepareInput): Promise<Result<PreparedRevision, StatementError>> {
    const signedAt = input.signedAt ?? isoNow(deps.clock);
    if (input.type === "publish") {
      const group = await deps.db.selectFrom("groups").select(["id", "status"]).where("slug", "=", input.groupSlug).executeTakeFirst();
      if (!group) {
        return err({ type: "group-not-found" });
      }
      if (!groupPermissions.publish(await membershipOf(deps, group.id, viewer.id))) {
        return err({ type: "forbidden" });
      }
      const statementId = input.statementId ?? newId();
      const canonical = canonicalForm({
        statementId,
        groupId: group.id,
        number: 1,
        kind: input.cmd.kind,
        lang: input.cmd.lang,
        title: input.cmd.title,
        body: input.cmd.body,
        prevHash: null,
        retractionReason: null,
        createdAt: signedAt,
      });
      return ok({ statementId, number: 1, signedAt, canonical, hash: revisionHash(canonical) });
    }
    const found = await writable(deps, viewer, input.statementId, input.type);
    if (!found.ok) {
      return found;
    }
    const s = found.value;
    const last = await deps.db
      .selectFrom("statement_revisions")
      .select(["title", "body"])
      .where("statement_id", "=", s.id)
      .where("number", "=", s.current_revision)
      .executeTakeFirstOrThrow();
    const canonical = canonicalForm({
      statementId: s.id,
      groupId: s.group_id,
      number: s.current_revision + 1,
      kind: s.kind as StatementKind,
      lang: s.lang,
      title: input.type === "revise" ? input.title : last.title,
      body: input.type === "revise" ? input.body : last.body,
      prevHash: s.current_hash,
      retractionReason: input.type === "retract" ? input.reason : null,
      createdAt: signedAt,
    });
    return ok({ statementId: s.id, number: s.current_revision + 1, signedAt, canonical, hash: revisionHash(canonical) });
  },

  /** A member of a vouched or verified group publishes; revision 1 is hashed and indexed. */
  async publish(deps: StatementDeps, viewer: Viewer, groupSlug: string, cmd: CreateStatementCommand): Promise<Result<PublishedRevision, StatementError>> {
    return sealed(() =>
      deps.db.transaction().execute(async (trx) => {
        const tx = { ...deps, db: trx };
        const group = await trx.selectFrom("groups").select(["id", "status"]).where("slug", "=", groupSlug).executeTakeFirst();
        if (!group) {
          return err({ type: "group-not-found" as const });
        }
        if (!groupPermissions.publish(await membershipOf(tx, group.id, viewer.id))) {
          return err({ type: "forbidden" as const });
        }
        const status = group.status as GroupStatus;
        if (!canPublishAsGroup(status)) {
          return err({ type: "group-not-publishing" as const, status });
        }
        // A group that signs offline chose the id and time in the canonical form it signed.
        const id = cmd.statementId ?? newId();
        const now = revisionTime(deps.clock, cmd.signedAt, null);
        if (now === null) {
          return err({ type: "signature-invalid" as const, reason: SIGNED_AT_REASON });
        }
        if (cmd.statementId !== undefined && !STATEMENT_ID.test(cmd.statementId)) {
          return err({ type: "signature-invalid" as const, reason: "statementId must be the 16-character id from the prepared revision." });
        }
        if (cmd.statementId !== undefined && (await statementRepo.findById(trx, cmd.statementId))) {
          return err({ type: "signature-invalid" as const, reason: "A statement with this id exists already: prepare a new canonical form and sign that." });
        }
        const content: RevisionContent = {
          statementId: id,
          groupId: group.id,
          number: 1,
          kind: cmd.kind,
          lang: cmd.lang,
          title: cmd.title,
          body: cmd.body,
          prevHash: null,
          retractionReason: null,
          createdAt: now,
        };
        const canonical = canonicalForm(content);
        const hash = revisionHash(canonical);
        await statementRepo.insertStatement(trx, {
          id,
          group_id: group.id,
          kind: cmd.kind,
          lang: cmd.lang,
          status: "published",
          current_revision: 1,
          current_hash: hash,
          title: canonicalText(cmd.title),
          created_by: viewer.id,
          published_at: now,
          updated_at: now,
        });
        await writeRevision(tx, content, viewer.id, "edit", {
          signature: cmd.signature ?? null,
          writerChosen: cmd.signedAt !== undefined || cmd.statementId !== undefined,
        });
        await indexDocument(tx, { refType: "statement", refId: id, lang: cmd.lang, text: `${cmd.title}\n${markdownToText(cmd.body)}` });
        await emitRevisionWritten(tx, {
          statementId: id,
          groupId: group.id,
          revision: 1,
          lang: cmd.lang,
          title: canonicalText(cmd.title),
          body: canonicalText(cmd.body),
          authorId: viewer.id,
        });
        return ok({ statementId: id, number: 1, hash });
      }),
    );
  },

  /** A new immutable revision, accepted only on top of the revision the writer saw. */
  async revise(deps: StatementDeps, viewer: Viewer, id: string, cmd: ReviseStatementCommand): Promise<Result<PublishedRevision, StatementError>> {
    return sealed(() =>
      deps.db.transaction().execute(async (trx) => {
        const tx = { ...deps, db: trx };
        const found = await writable(tx, viewer, id, "revise");
        if (!found.ok) {
          return found;
        }
        const s = found.value;
        if (s.current_hash !== cmd.baseHash) {
          return err({ type: "stale" as const, currentHash: s.current_hash });
        }
        const published = await appendRevision(tx, viewer, s, {
          title: cmd.title,
          body: cmd.body,
          retractionReason: null,
          signature: cmd.signature,
          signedAt: cmd.signedAt,
        });
        await emitRevisionWritten(tx, {
          statementId: id,
          groupId: s.group_id,
          revision: published.number,
          lang: s.lang,
          title: canonicalText(cmd.title),
          body: canonicalText(cmd.body),
          authorId: viewer.id,
        });
        await indexDocument(tx, { refType: "statement", refId: id, lang: s.lang, text: `${cmd.title}\n${markdownToText(cmd.body)}` });
        return ok(published);
      }),
    );
  },

  /** Retraction is a revision with a reason: the text stays readable, marked retracted. */
  async retract(deps: StatementDeps, viewer: Viewer, id: string, cmd: RetractStatementCommand): Promise<Result<PublishedRevision, StatementError>> {
    return sealed(() =>
      deps.db.transaction().execute(async (trx) => {
        const tx = { ...deps, db: trx };
        const found = await writable(tx, viewer, id, "retract");
        if (!found.ok) {
          return found;
        }
        const s = found.value;
        if (cmd.baseHash !== undefined && s.current_hash !== cmd.baseHash) {
          return err({ type: "stale" as const, currentHash: s.current_hash });
        }
        const last = await trx
          .selectFrom("statement_revisions")
          .select(["title", "body"])
          .where("statement_id", "=", id)
          .where("number", "=", s.current_revision)
          .executeTakeFirstOrThrow();
        return ok(
          await appendRevision(tx, viewer, s, {
            title: last.title,
            body: last.body,
            retractionReason: cmd.reason,
            signature: cmd.signature,
            signedAt: cmd.signedAt,
          }),
        );
      }),
    );
  },
};
