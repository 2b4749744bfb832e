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

export interface StatementDeps extends DbContext {
  clock: Clock;
  /** Other modules' reactions to a new revision (segmentation for translation), run in the same transaction. */
  revisionListeners?: RevisionListener[];
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
  | { type: "stale"; currentHash: string };

export interface PublishedRevision {
  statementId: string;
  number: number;
  hash: string;
}

async function writeRevision(ctx: StatementDeps, content: RevisionContent, authorId: string, kind: "edit" | "retraction"): Promise<string> {
  const canonical = canonicalForm(content);
  const hash = revisionHash(canonical);
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
  next: { title: string; body: string; retractionReason: string | null },
): Promise<PublishedRevision> {
  const now = isoNow(tx.clock);
  const number = s.current_revision + 1;
  const content: RevisionContent = {
    statementId: s.id,
    groupId: s.group_id,
    number,
    kind: s.kind as StatementKind,
    lang: s.lang,
    ...next,
    prevHash: s.current_hash,
    createdAt: now,
  };
  const hash = await writeRevision(tx, content, viewer.id, next.retractionReason === null ? "edit" : "retraction");
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

export const statementService = {
  /** A member of a vouched or verified group publishes; revision 1 is hashed and indexed. */
  async publish(deps: StatementDeps, viewer: Viewer, groupSlug: string, cmd: CreateStatementCommand): Promise<Result<PublishedRevision, StatementError>> {
    return deps.db.transaction().execute(async (trx) => {
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
      const id = newId();
      const now = isoNow(deps.clock);
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
      await writeRevision(tx, content, viewer.id, "edit");
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
    });
  },

  /** A new immutable revision, accepted only on top of the revision the writer saw. */
  async revise(deps: StatementDeps, viewer: Viewer, id: string, cmd: ReviseStatementCommand): Promise<Result<PublishedRevision, StatementError>> {
    return deps.db.transaction().execute(async (trx) => {
      const tx = { ...deps, db: trx };
      const found = await writable(tx, viewer, id, "revise");
      if (!found.ok) {
        return found;
      }
      const s = found.value;
      if (s.current_hash !== cmd.baseHash) {
        return err({ type: "stale" as const, currentHash: s.current_hash });
      }
      const published = await appendRevision(tx, viewer, s, { title: cmd.title, body: cmd.body, retractionReason: null });
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
    });
  },

  /** Retraction is a revision with a reason: the text stays readable, marked retracted. */
  async retract(deps: StatementDeps, viewer: Viewer, id: string, cmd: RetractStatementCommand): Promise<Result<PublishedRevision, StatementError>> {
    return deps.db.transaction().execute(async (trx) => {
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
      return ok(await appendRevision(tx, viewer, s, { title: last.title, body: last.body, retractionReason: cmd.reason }));
    });
  },
};
