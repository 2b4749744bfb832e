import { DEFAULT_UI_LANG, UI_LANGS } from "../../platform/i18n/languages";

/**
 * Public URLs that leave the site (feeds, sitemaps, embeds, canonical links), built in one
 * place so every copy of a link to the same page is byte for byte the same.
 */

/** Query parameters that select different content; every other one (done=, view=, next=…) is dropped from canonical URLs. */
const CONTENT_PARAMS = new Set(["tl", "q", "kind", "place", "lang", "pair"]);

/**
 * A page's path for canonical and alternate links: the path as given (without its language
 * prefix), keeping only the query parameters that change what the page shows.
 */
export function canonicalPath(path: string): string {
  const url = new URL(path, "http://x");
  const kept = new URLSearchParams();
  for (const [name, value] of url.searchParams) {
    if (CONTENT_PARAMS.has(name) && value !== "") {
      kept.append(name, value);
    }
  }
  const query = kept.toString();
  return url.pathname + (query ? `?${query}` : "");
}

/** A page's canonical URL: absolute, in its interface language, with only the parameters that select content. */
export function canonicalUrl(page: { baseUrl: string; path: string; i: { lang: string } }): string {
  return `${page.baseUrl}/${page.i.lang}${canonicalPath(page.path)}`;
}

/**
 * The page in every interface language, plus x-default (the language-negotiating root for the
 * home page, else the default language). `?tl=` is dropped: the Russian version of a statement
 * is its Russian page, whatever translation this page was asked to show.
 */
export function languageAlternates(baseUrl: string, canonical: string): Array<{ hreflang: string; href: string }> {
  const url = new URL(canonical, "http://x");
  url.searchParams.delete("tl");
  const path = url.pathname + url.search;
  return [
    ...UI_LANGS.map((l) => ({ hreflang: l, href: `${baseUrl}/${l}${path}` })),
    { hreflang: "x-default", href: path === "/" ? `${baseUrl}/` : `${baseUrl}/${DEFAULT_UI_LANG}${path}` },
  ];
}

/**
 * A statement's page for readers of `lang` in the interface language `ui`: the plain page when
 * they are the same language (it shows that translation, or the original), else `?tl=`.
 */
export function statementUrl(baseUrl: string, ui: string, id: string, lang: string): string {
  return `${baseUrl}/${ui}/statements/${id}${lang === ui ? "" : `?tl=${encodeURIComponent(lang)}`}`;
}

export function groupUrl(baseUrl: string, ui: string, slug: string): string {
  return `${baseUrl}/${ui}/groups/${slug}`;
}
