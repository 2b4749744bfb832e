import type { DbContext } from "../database";
import type { StatementKind, StatementStatus } from "./statement.model";

export interface StatementListItem {
  id: string;
  groupId: string;
  groupSlug: string;
  kind: StatementKind;
  lang: string;
  status: StatementStatus;
  title: string;
  publishedAt: string;
  updatedAt: string;
  revision: number;
}

export interface RevisionView {
  number: number;
  kind: "edit" | "retraction";
  lang: string;
  title: string;
  body: string;
  retractionReason: string | null;
  prevHash: string | null;
  hash: string;
  canonical: string;
  authorHandle: string | null;
  createdAt: string;
}

export interface StatementView extends StatementListItem {
  currentHash: string;
  revisions: RevisionView[];
}

function baseQuery(ctx: DbContext) {
  return ctx.db
    .selectFrom("statements")
    .innerJoin("groups", "groups.id", "statements.group_id")
    .select([
      "statements.id",
      "statements.group_id",
      "groups.slug",
      "statements.kind",
      "statements.lang",
      "statements.status",
      "statements.title",
      "statements.published_at",
      "statements.updated_at",
      "statements.current_revision",
      "statements.current_hash",
    ]);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;

function toItem(r: BaseRow): StatementListItem {
  return {
    id: r.id,
    groupId: r.group_id,
    groupSlug: r.slug,
    kind: r.kind as StatementKind,
    lang: r.lang,
    status: r.status as StatementStatus,
    title: r.title,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
    revision: r.current_revision,
  };
}

/** A statement with every revision, oldest first. */
export async function getStatement(ctx: DbContext, id: string): Promise<StatementView | null> {
  const row = await baseQuery(ctx).where("statements.id", "=", id).executeTakeFirst();
  if (!row) {
    return null;
  }
  const revisions = await ctx.db
    .selectFrom("statement_revisions")
    .leftJoin("users", "users.id", "statement_revisions.author_id")
    .selectAll("statement_revisions")
    .select("users.handle")
    .where("statement_id", "=", id)
    .orderBy("number")
    .execute();
  return {
    ...toItem(row),
    currentHash: row.current_hash,
    revisions: revisions.map((r) => {
      // Readers get the text that is hashed and signed, so that a change to the stored columns
      // cannot show one text while verifiers check another.
      const signed = JSON.parse(r.canonical) as { title: string; body: string; retraction: string | null };
      return {
        number: r.number,
        kind: r.kind as "edit" | "retraction",
        lang: r.lang,
        title: signed.title,
        body: signed.body,
        retractionReason: signed.retraction,
        prevHash: r.prev_hash,
        hash: r.hash,
        canonical: r.canonical,
        authorHandle: r.handle ?? null,
        createdAt: r.created_at,
      };
    }),
  };
}

/** Latest statements of listed groups (or of one group), newest first. */
export async function listStatements(ctx: DbContext, opts: { groupId?: string; limit: number; listedOnly: boolean }): Promise<StatementListItem[]> {
  let q = baseQuery(ctx);
  if (opts.groupId) {
    q = q.where("statements.group_id", "=", opts.groupId);
  }
  if (opts.listedOnly) {
    q = q.where("groups.status", "in", ["vouched", "verified"]);
  }
  const rows = await q.orderBy("statements.published_at", "desc").orderBy("statements.id").limit(opts.limit).execute();
  return rows.map(toItem);
}

export async function statementsByIds(ctx: DbContext, ids: string[]): Promise<StatementListItem[]> {
  if (ids.length === 0) {
    return [];
  }
  const rows = await baseQuery(ctx).where("statements.id", "in", ids).where("groups.status", "in", ["vouched", "verified"]).execute();
  return rows.map(toItem);
}
