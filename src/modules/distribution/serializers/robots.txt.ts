/**
 * robots.txt (RFC 9309): everything public may be crawled; accounts, administration, the
 * translation workspace and forms may not. The most specific rule wins (RFC 9309 §2.2.2), so
 * the public coverage page stays allowed under the disallowed workspace.
 */
export function serializeRobots(baseUrl: string, uiLangs: readonly string[]): string {
  const disallow = uiLangs.flatMap((l) => [
    `/${l}/account`,
    `/${l}/signin`,
    `/${l}/signup`,
    `/${l}/setup/`,
    `/${l}/groups/new`,
    `/${l}/groups/*/admin`,
    `/${l}/groups/*/statements/new`,
    `/${l}/statements/*/edit`,
    `/${l}/translate`,
  ]);
  const allow = uiLangs.map((l) => `/${l}/translate/coverage`);
  return [
    "User-agent: *",
    ...allow.map((p) => `Allow: ${p}`),
    ...disallow.map((p) => `Disallow: ${p}`),
    "Disallow: /lang/",
    "Allow: /",
    "",
    `Sitemap: ${baseUrl}/sitemap.xml`,
    "",
  ].join("\n");
}
