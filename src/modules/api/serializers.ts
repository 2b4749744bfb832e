// Wire format of the JSON API. Field names here are public and stable; internal names stay inside.
import { placeByCode } from "../places/gazetteer";
import type { GroupDetail, GroupSummary } from "../groups";
import type { StatementListItem, StatementView } from "../statements";

export function serializeGroupSummary(g: GroupSummary) {
  return {
    id: g.id,
    slug: g.slug,
    kind: g.kind,
    status: g.status,
    defaultLanguage: g.defaultLang,
    profiles: g.profiles.map((p) => ({ language: p.lang, name: p.name, description: p.description })),
    places: g.places.map((code) => ({ code, name: { en: placeByCode(code)?.en ?? code, ar: placeByCode(code)?.ar ?? code } })),
    languages: g.languages,
  };
}

export function serializeGroup(g: GroupDetail) {
  return {
    ...serializeGroupSummary(g),
    contact: g.contact,
    version: g.version,
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
    support: g.support.map((s) => ({ id: s.id, language: s.lang, label: s.label, url: s.url, instructions: s.instructions })),
    needs: g.needs.map((n) => ({ id: n.id, item: n.item, priority: n.priority, updatedAt: n.updatedAt })),
    vouches: g.vouches.map((v) => ({ by: v.handle, reason: v.reason, at: v.createdAt })),
    statusHistory: g.history.map((h) => ({ from: h.from, to: h.to, by: h.handle, reason: h.reason, at: h.createdAt })),
    members: g.members.filter((m) => m.accepted).map((m) => ({ handle: m.handle, role: m.role })),
  };
}

export function serializeStatementItem(s: StatementListItem) {
  return {
    id: s.id,
    group: s.groupSlug,
    groupId: s.groupId,
    kind: s.kind,
    language: s.lang,
    status: s.status,
    title: s.title,
    revision: s.revision,
    publishedAt: s.publishedAt,
    updatedAt: s.updatedAt,
  };
}

export function serializeStatement(s: StatementView) {
  return {
    ...serializeStatementItem(s),
    currentHash: s.currentHash,
    revisions: s.revisions.map((r) => ({
      number: r.number,
      kind: r.kind,
      language: r.lang,
      title: r.title,
      body: r.body,
      retractionReason: r.retractionReason,
      previousHash: r.prevHash,
      hash: r.hash,
      canonical: r.canonical,
      author: r.authorHandle,
      createdAt: r.createdAt,
    })),
  };
}
