import type { SitemapUrl } from "../sitemap.model";

/** The sitemap protocol (sitemaps.org 0.9) with hreflang alternates (xhtml:link), as Google reads them. */

export const SITEMAP_CONTENT_TYPE = "application/xml; charset=utf-8";

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const xml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function serializeUrlset(urls: SitemapUrl[]): string {
  const body = urls.map((u) => {
    const alternates = u.alternates.map((a) => `<xhtml:link rel="alternate" hreflang="${xml(a.hreflang)}" href="${xml(a.href)}"/>`).join("");
    const lastmod = u.lastmod ? `<lastmod>${xml(u.lastmod)}</lastmod>` : "";
    return `<url><loc>${xml(u.loc)}</loc>${lastmod}${alternates}</url>\n`;
  });
  return `${HEAD}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${body.join("")}</urlset>\n`;
}

export function serializeSitemapIndex(locs: string[]): string {
  const body = locs.map((loc) => `<sitemap><loc>${xml(loc)}</loc></sitemap>\n`);
  return `${HEAD}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body.join("")}</sitemapindex>\n`;
}
