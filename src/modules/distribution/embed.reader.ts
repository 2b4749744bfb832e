import { directionOf } from "../../platform/i18n/languages";
import type { Translator } from "../../platform/i18n/translator";
import type { DbContext } from "../database";
import { groupDisplayName } from "../groups";
import { getStatement, renderMarkdown } from "../statements";
import { translationForReader } from "../translation";
import { embedSnippet } from "./embed.model";
import { statementUrl } from "./links";
import { firstParagraphText } from "./text";

/**
 * A statement's embed snippet for readers of the interface language `i`, quoting what its
 * page shows them: the translation asked for (`requested`, as `?tl=`), else the interface
 * language's published translation, else the original. Null when there is no such statement.
 */
export async function readEmbed(
  ctx: DbContext,
  opts: { i: Translator; baseUrl: string; statementId: string; requested: string | null },
): Promise<{ snippet: string; title: string; link: string } | null> {
  const { i } = opts;
  const statement = await getStatement(ctx, opts.statementId);
  const current = statement?.revisions[statement.revisions.length - 1];
  if (!statement || !current) {
    return null;
  }
  const [reader, groupName] = await Promise.all([
    translationForReader(ctx, statement.id, opts.requested, i.lang),
    groupDisplayName(ctx, statement.groupId, i.lang),
  ]);
  const shown = reader.shown ?? { lang: statement.lang, title: current.title, html: renderMarkdown(current.body) };
  const link = statementUrl(opts.baseUrl, i.lang, statement.id, opts.requested ?? i.lang);
  const snippet = embedSnippet({
    url: link,
    lang: shown.lang,
    dir: directionOf(shown.lang),
    title: shown.title,
    paragraph: firstParagraphText(shown.html),
    groupName: groupName ?? statement.groupSlug,
    publishedAt: statement.publishedAt,
    ui: { lang: i.lang, dir: i.dir },
    dateLabel: i.date(statement.publishedAt),
    readMore: i.t("embed.read_more", { site: i.t("site.name") }),
    retracted: current.kind === "retraction" ? i.t("statement.retracted_on", { date: i.date(current.createdAt) }) : null,
  });
  return { snippet, title: shown.title, link };
}
