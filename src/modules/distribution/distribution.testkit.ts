// Helpers for the distribution tests: publishing a translation through the real services,
// and reading feeds and pages with a real XML parser.
import { XMLParser } from "fast-xml-parser";
import type { Harness } from "../../../test/harness";
import { groupService } from "../groups";
import { statementService } from "../statements";
import { translationService, workspaceSegments } from "../translation";

/** Translates every segment of a statement's current revision with `translate`, then approves them all, which publishes the language. */
export async function publishTranslation(h: Harness, statementId: string, lang: string, translate: (source: string) => string): Promise<void> {
  const translator = await h.make.user({ role: "translator" });
  const reviewer = await h.make.user({ role: "reviewer" });
  const { current_revision: revision } = await h.deps.db
    .selectFrom("statements")
    .select("current_revision")
    .where("id", "=", statementId)
    .executeTakeFirstOrThrow();
  for (const s of await workspaceSegments(h.deps, statementId, revision, lang)) {
    const saved = await translationService.saveSegment(h.deps, translator, {
      segmentId: s.id,
      lang,
      text: translate(s.source),
      version: s.version,
      status: "translated",
      machine: false,
    });
    if (!saved.ok) {
      throw new Error(`save: ${saved.error.type}`);
    }
  }
  for (const s of await workspaceSegments(h.deps, statementId, revision, lang)) {
    const reviewed = await translationService.reviewSegment(h.deps, reviewer, {
      segmentId: s.id,
      lang,
      version: s.version,
      decision: "approve",
      comment: "",
      confirmMachine: false,
    });
    if (!reviewed.ok) {
      throw new Error(`review: ${reviewed.error.type}`);
    }
  }
}

/** A listed group with its owner, and a way to publish statements in it. */
export async function listedGroupWithOwner(h: Harness, overrides: Parameters<Harness["make"]["groupInput"]>[0] = {}) {
  const owner = await h.make.user();
  const group = await h.make.vouchedGroup(owner, overrides);
  return {
    owner,
    group,
    publish: async (fields: { kind?: "statement" | "appeal" | "report"; lang?: string; title: string; body?: string }) =>
      (await h.make.statement(owner, group.slug, { body: "نص البيان.", ...fields })).statementId,
  };
}

export async function suspend(h: Harness, slug: string): Promise<void> {
  const admin = await h.make.user({ role: "admin" });
  const r = await groupService.setStatus(h.deps, admin, slug, "suspended", "test");
  if (!r.ok) {
    throw new Error(r.error.type);
  }
}

export async function revise(h: Harness, owner: Parameters<typeof statementService.revise>[1], id: string, title: string, body: string): Promise<void> {
  const { current_hash: baseHash } = await h.deps.db.selectFrom("statements").select("current_hash").where("id", "=", id).executeTakeFirstOrThrow();
  const r = await statementService.revise(h.deps, owner, id, { title, body, baseHash });
  if (!r.ok) {
    throw new Error(r.error.type);
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  isArray: (name) => ["entry", "item", "link", "url", "xhtml:link", "sitemap", "category", "author"].includes(name),
});

/** Parses XML strictly enough for the tests: fast-xml-parser's validator first, then the tree. */
export function parseXml(text: string): Record<string, unknown> {
  return parser.parse(text, true) as Record<string, unknown>;
}

export interface AtomEntry {
  "@xml:lang": string;
  id: string;
  title: { "#text": string; "@type": string };
  updated: string;
  published: string;
  link: Array<{ "@href": string }>;
  author: Array<{ name: string; uri: string }>;
  content: { "#text": string; "@type": string; "@xml:lang": string };
}

export interface AtomFeed {
  feed: { "@xml:lang": string; "@xmlns": string; title: string; updated: string; entry?: AtomEntry[]; link: Array<{ "@rel": string; "@href": string }> };
}

export interface RssItem {
  title: string;
  link: string[];
  guid: { "#text": string };
  "dc:language": string;
  "content:encoded": string;
  author: string[];
}

export interface RssFeed {
  rss: { channel: { title: string; language: string; item?: RssItem[] } };
}

/** The attribute values of every `<link>`/`<meta>` tag in an HTML head, for assertions. */
export function headTags(html: string, tag: "link" | "meta"): Array<Record<string, string>> {
  const head = html.slice(0, html.indexOf("</head>"));
  return [...head.matchAll(new RegExp(`<${tag}\\s([^>]*)>`, "g"))].map((m) =>
    Object.fromEntries([...(m[1] ?? "").matchAll(/([a-z:-]+)="([^"]*)"/g)].map((a) => [a[1] ?? "", (a[2] ?? "").replace(/&amp;/g, "&")])),
  );
}
