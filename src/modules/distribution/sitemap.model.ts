import { DEFAULT_UI_LANG, isUiLang } from "../../platform/i18n/languages";
import { languageAlternates, statementUrl } from "./links";

/**
 * What the sitemap lists and how it is split. One file holds at most 2,000 statements and
 * 5,000 groups: even with every statement translated into every language that stays under
 * the protocol's limits of 50,000 URLs and 50 MB per file. Beyond that, /sitemap.xml becomes
 * an index of pages.
 */
export interface SitemapLimits {
  statementsPerFile: number;
  groupsPerFile: number;
}

export const SITEMAP_LIMITS: SitemapLimits = { statementsPerFile: 2_000, groupsPerFile: 5_000 };

export interface SitemapUrl {
  loc: string;
  lastmod?: string;
  /** Every language version of the page, itself included, as the protocol asks. */
  alternates: Array<{ hreflang: string; href: string }>;
}

export interface SitemapStatement {
  id: string;
  lang: string;
  updatedAt: string;
  translations: Array<{ lang: string; publishedAt: string }>;
}

export type SitemapPlan = { type: "single" } | { type: "index"; groupPages: number; statementPages: number };

/** One file when everything fits in one page of each kind, else an index of pages. */
export function planSitemap(counts: { groups: number; statements: number }, limits: SitemapLimits): SitemapPlan {
  const groupPages = Math.ceil(counts.groups / limits.groupsPerFile);
  const statementPages = Math.ceil(counts.statements / limits.statementsPerFile);
  return groupPages <= 1 && statementPages <= 1 ? { type: "single" } : { type: "index", groupPages, statementPages };
}

/** A URL for each language version, each listing all of them. */
function cluster(alternates: Array<{ hreflang: string; href: string }>, lastmod?: string): SitemapUrl[] {
  return alternates.filter((a) => a.hreflang !== "x-default").map((a) => ({ loc: a.href, lastmod, alternates }));
}

/** The home page and the directory in each interface language. */
export function siteUrls(baseUrl: string): SitemapUrl[] {
  return [...cluster(languageAlternates(baseUrl, "/")), ...cluster(languageAlternates(baseUrl, "/groups"))];
}

export function groupUrls(baseUrl: string, groups: Array<{ slug: string; updatedAt: string }>): SitemapUrl[] {
  return groups.flatMap((g) => cluster(languageAlternates(baseUrl, `/groups/${g.slug}`), g.updatedAt));
}

/**
 * A statement in each interface language, plus `?tl=` pages for its other languages (the
 * original and each published translation), which have no interface of their own.
 */
export function statementUrls(baseUrl: string, statements: SitemapStatement[]): SitemapUrl[] {
  return statements.flatMap((s) => {
    const alternates = [
      ...languageAlternates(baseUrl, `/statements/${s.id}`),
      ...statementTranslationAlternates(baseUrl, s.id, [s.lang, ...s.translations.map((t) => t.lang)]),
    ];
    const lastmod = [s.updatedAt, ...s.translations.map((t) => t.publishedAt)].reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
    return cluster(alternates, lastmod);
  });
}

/** Hreflang alternates of a statement page beyond the interface languages: its published translations and original. */
export function statementTranslationAlternates(baseUrl: string, id: string, langs: string[]): Array<{ hreflang: string; href: string }> {
  return [...new Set(langs)].filter((l) => !isUiLang(l)).map((l) => ({ hreflang: l, href: statementUrl(baseUrl, DEFAULT_UI_LANG, id, l) }));
}
