// A statement as an ActivityPub Article: the original and every published translation in
// `nameMap`/`contentMap`, addressed to the public and to the group's followers.
import { Temporal } from "@js-temporal/polyfill";
import { Article, Tombstone } from "@fedify/fedify/vocab";
import { LanguageString } from "@fedify/fedify/runtime";
import { isUiLang } from "../../platform/i18n/languages";
import type { DbContext } from "../database";
import { getStatement, renderMarkdown } from "../statements";
import { targetsOf, translationForReader } from "../translation";

export interface StatementTexts {
  id: string;
  groupId: string;
  groupSlug: string;
  lang: string;
  retracted: boolean;
  publishedAt: string;
  /** The latest of the current revision and the publications of its translations. */
  updatedAt: string;
  /** The original first, then each published translation. */
  texts: Array<{ lang: string; title: string; html: string }>;
}

/** The statement's texts in every language readers may see, or null when there is no such statement. */
export async function statementTexts(ctx: DbContext, statementId: string): Promise<StatementTexts | null> {
  const statement = await getStatement(ctx, statementId);
  const current = statement?.revisions[statement.revisions.length - 1];
  if (!statement || !current) {
    return null;
  }
  const texts = [{ lang: statement.lang, title: current.title, html: renderMarkdown(current.body) }];
  // Last changed by a revision or by a translation that was published after it.
  let updatedAt = current.createdAt;
  for (const target of await targetsOf(ctx, statementId)) {
    if (target.publishedRevision === null || target.lang === statement.lang) {
      continue;
    }
    const shown = (await translationForReader(ctx, statementId, target.lang, target.lang)).shown;
    if (shown) {
      texts.push({ lang: target.lang, title: shown.title, html: shown.html });
      if (target.publishedAt && target.publishedAt > updatedAt) {
        updatedAt = target.publishedAt;
      }
    }
  }
  return {
    id: statement.id,
    groupId: statement.groupId,
    groupSlug: statement.groupSlug,
    lang: statement.lang,
    retracted: current.kind === "retraction",
    publishedAt: statement.publishedAt,
    updatedAt,
    texts,
  };
}

export interface ObjectUris {
  object: URL;
  actor: URL;
  followers: URL;
  page: URL;
}

/** The page of the statement in its own language when the interface has it, else in English. */
export function statementPageUrl(baseUrl: string, statement: Pick<StatementTexts, "id" | "lang">): URL {
  const ui = isUiLang(statement.lang) ? statement.lang : "en";
  return new URL(`${baseUrl}/${ui}/statements/${statement.id}`);
}

const PUBLIC = new URL("https://www.w3.org/ns/activitystreams#Public");

/** The federated form of a statement: an Article, or a Tombstone once it is retracted. */
export function statementObject(s: StatementTexts, uris: ObjectUris): Article | Tombstone {
  if (s.retracted) {
    return new Tombstone({ id: uris.object, deleted: Temporal.Instant.from(s.updatedAt) });
  }
  const original = s.texts[0];
  return new Article({
    id: uris.object,
    attribution: uris.actor,
    url: uris.page,
    to: PUBLIC,
    cc: uris.followers,
    published: Temporal.Instant.from(s.publishedAt),
    updated: Temporal.Instant.from(s.updatedAt),
    names: [original?.title ?? "", ...s.texts.map((t) => new LanguageString(t.title, t.lang))],
    contents: [original?.html ?? "", ...s.texts.map((t) => new LanguageString(t.html, t.lang))],
  });
}
