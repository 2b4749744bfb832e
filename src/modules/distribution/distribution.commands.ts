import { z } from "zod";
import { CONTENT_LANG_CODES } from "../../platform/i18n/languages";
import { GROUP_KINDS } from "../groups";
import { PLACE_CODES } from "../places/gazetteer";
import { STATEMENT_KINDS } from "../statements";
import { FEED_FORMATS } from "./feed.model";

/** Every input of the distribution routes. Anything that does not parse is answered with a 404 or 422 page. */

/** `name.atom` or `name.rss`, as captured by the routes. */
export const feedFile = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,80}\.(atom|rss)$/)
  .transform((file) => {
    const dot = file.lastIndexOf(".");
    return { name: file.slice(0, dot), format: z.enum(FEED_FORMATS).parse(file.slice(dot + 1)) };
  });

export const statementKindParam = z.enum(STATEMENT_KINDS);
export const groupKindParam = z.enum(GROUP_KINDS);
export const placeParam = z.enum(PLACE_CODES);
export const slugParam = z.string().regex(/^[a-z0-9-]{1,60}$/);
export const statementIdParam = z.string().regex(/^[0-9a-z]{1,64}$/);

/** `?lang=` (feeds) and `?tl=` (embeds): absent, or a content language; an empty value is refused too. */
export const contentLangParam = z.enum(CONTENT_LANG_CODES).optional();

/** A search feed's words, as the search page takes them (at most 200 characters). */
export const searchQueryParam = z.string().trim().min(1).max(200);

/** `groups-3.xml` or `statements-12.xml`: one page of a split sitemap. */
export const sitemapFile = z
  .string()
  .regex(/^(groups|statements)-[1-9][0-9]{0,6}\.xml$/)
  .transform((file) => {
    const [section, n] = file.replace(/\.xml$/, "").split("-");
    return { section: section === "groups" ? ("groups" as const) : ("statements" as const), page: Number(n) };
  });
