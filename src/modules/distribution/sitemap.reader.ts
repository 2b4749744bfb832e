import type { DbContext } from "../database";
import { serializeSitemapIndex, serializeUrlset } from "./serializers/sitemap.xml";
import { groupUrls, planSitemap, siteUrls, statementUrls, type SitemapLimits } from "./sitemap.model";
import { sitemapCounts, sitemapGroups, sitemapStatements } from "./sitemap.queries";

export type SitemapSection = "groups" | "statements";

/**
 * One page of a split sitemap; null when it does not exist. The home and directory pages open
 * the first groups page, so every page of the site is in exactly one file.
 */
export async function sitemapPage(ctx: DbContext, baseUrl: string, section: SitemapSection, page: number, limits: SitemapLimits): Promise<string | null> {
  if (section === "groups") {
    const groups = await sitemapGroups(ctx, (page - 1) * limits.groupsPerFile, limits.groupsPerFile);
    if (groups.length === 0 && page > 1) {
      return null;
    }
    return serializeUrlset([...(page === 1 ? siteUrls(baseUrl) : []), ...groupUrls(baseUrl, groups)]);
  }
  const statements = await sitemapStatements(ctx, (page - 1) * limits.statementsPerFile, limits.statementsPerFile);
  return statements.length === 0 ? null : serializeUrlset(statementUrls(baseUrl, statements));
}

/** /sitemap.xml: every URL in one file while it fits, else an index of the pages. */
export async function sitemapRoot(ctx: DbContext, baseUrl: string, limits: SitemapLimits): Promise<string> {
  const plan = planSitemap(await sitemapCounts(ctx), limits);
  if (plan.type === "single") {
    const [groups, statements] = await Promise.all([sitemapGroups(ctx, 0, limits.groupsPerFile), sitemapStatements(ctx, 0, limits.statementsPerFile)]);
    return serializeUrlset([...siteUrls(baseUrl), ...groupUrls(baseUrl, groups), ...statementUrls(baseUrl, statements)]);
  }
  const pages = (section: SitemapSection, count: number) => Array.from({ length: count }, (_, n) => `${baseUrl}/sitemaps/${section}-${n + 1}.xml`);
  return serializeSitemapIndex([...pages("groups", Math.max(1, plan.groupPages)), ...pages("statements", plan.statementPages)]);
}
