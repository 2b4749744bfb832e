// The authorization matrix: one entry per mutating route (method + Hono path exactly as
// registered), what it does, and which actors may do it. It is derived from the services'
// permission checks (groupPermissions, translationPermissions, glossaryPermissions,
// incidentPermissions, isModerator, media's authorise, group keys), checked against the
// running app by test/permissions.db.test.ts and printed as docs/permissions.md by
// scripts/permissions-doc.ts. Change the code and this table together.

/**
 * Who acts. Instance roles act on things of group A, a vouched group they do not belong to.
 * `member` is an accepted publisher of group A acting on group A (its statements, incidents);
 * `group-admin` is an accepted admin of group A; `other-member` is the admin of another group B
 * acting on group A. `self` is the person whose own thing it is (their account, their comment,
 * their invitation) when that differs from the role columns.
 */
export const ACTORS = ["anonymous", "reader", "translator", "reviewer", "member", "group-admin", "other-member", "editor", "admin", "self"] as const;
export type Actor = (typeof ACTORS)[number];

/** Short column headings for the Markdown table. */
export const ACTOR_LABELS: Record<Actor, string> = {
  anonymous: "anon",
  reader: "reader",
  translator: "transl.",
  reviewer: "review.",
  member: "member A",
  "group-admin": "admin A",
  "other-member": "member B",
  editor: "editor",
  admin: "admin",
  self: "self",
};

export interface RoutePermission {
  method: "POST" | "PUT" | "PATCH" | "DELETE";
  /** The Hono path exactly as registered (app.routes). */
  path: string;
  area: string;
  description: string;
  /** Actors that succeed. `self` only where the route has an owner distinct from the roles. */
  allowed: readonly Actor[];
  /** What `self` means on this route (the account owner, the comment's author, the invitee). */
  self?: string;
  /**
   * "auto": executed for every actor by the test; "manual": listed and checked for existence
   * but not executed (reason given); "signed": ActivityPub inbox, anyone with a valid HTTP signature.
   */
  execution?: { kind: "manual"; reason: string } | { kind: "signed" };
  /** Notes for the doc (e.g. how a denial is answered). */
  note?: string;
}

const L = "/:lang{(?:en|ar|ru)}";
const API = "/api/v1";

const SIGNED_IN: readonly Actor[] = ["reader", "translator", "reviewer", "member", "group-admin", "other-member", "editor", "admin"];
const EVERYONE: readonly Actor[] = ["anonymous", ...SIGNED_IN];
/** Account routes: every signed-in person, on their own account (there is no way to name another's). */
const OWN_ACCOUNT: readonly Actor[] = SIGNED_IN;
const TRANSLATOR_UP: readonly Actor[] = ["translator", "reviewer", "editor", "admin"];
const REVIEWER_UP: readonly Actor[] = ["reviewer", "editor", "admin"];
const EDITOR_UP: readonly Actor[] = ["editor", "admin"];
const GROUP_A: readonly Actor[] = ["member", "group-admin"];
const GROUP_A_OR_EDITOR: readonly Actor[] = ["member", "group-admin", "editor", "admin"];
const GROUP_A_ADMIN_OR_EDITOR: readonly Actor[] = ["group-admin", "editor", "admin"];

const manual = (reason: string) => ({ kind: "manual" as const, reason });

export const PERMISSIONS: readonly RoutePermission[] = [
  // Accounts
  { method: "POST", path: `${L}/signup`, area: "Accounts", description: "Create an account", allowed: EVERYONE },
  { method: "POST", path: `${L}/signin`, area: "Accounts", description: "Sign in with handle and password", allowed: EVERYONE },
  {
    method: "POST",
    path: `${L}/signin/code`,
    area: "Accounts",
    description: "Second step of sign-in: TOTP or recovery code",
    allowed: EVERYONE,
  },
  {
    method: "POST",
    path: `${L}/signin/passkey/options`,
    area: "Accounts",
    description: "WebAuthn options for passkey sign-in",
    allowed: EVERYONE,
  },
  {
    method: "POST",
    path: `${L}/signin/passkey`,
    area: "Accounts",
    description: "Sign in with a passkey",
    allowed: EVERYONE,
    execution: manual("WebAuthn ceremony needs an authenticator (browser)"),
  },
  {
    method: "POST",
    path: `${L}/setup/:token`,
    area: "Accounts",
    description: "Create the first admin with the one-time setup token",
    allowed: EVERYONE,
    note: "anyone holding the one-time token printed at first start",
    execution: manual("the token exists only while the instance has no admin"),
  },
  { method: "POST", path: `${L}/signout`, area: "Accounts", description: "Sign out", allowed: EVERYONE, note: "harmless without a session" },
  { method: "POST", path: `${L}/account`, area: "Accounts", description: "Save account preferences (locale, e-mail)", allowed: OWN_ACCOUNT },
  { method: "POST", path: `${L}/account/reauth`, area: "Accounts", description: "Confirm the password again before a sensitive change", allowed: OWN_ACCOUNT },
  {
    method: "POST",
    path: `${L}/account/reauth/passkey/options`,
    area: "Accounts",
    description: "WebAuthn options for re-authentication",
    allowed: OWN_ACCOUNT,
  },
  {
    method: "POST",
    path: `${L}/account/reauth/passkey`,
    area: "Accounts",
    description: "Re-authenticate with a passkey",
    allowed: OWN_ACCOUNT,
    execution: manual("WebAuthn ceremony needs an authenticator (browser)"),
  },
  {
    method: "POST",
    path: `${L}/account/sessions/:id/revoke`,
    area: "Accounts",
    description: "Sign out one of one's own other sessions",
    allowed: OWN_ACCOUNT,
    note: "only sessions of the same account are found",
  },
  { method: "POST", path: `${L}/account/sessions/revoke-others`, area: "Accounts", description: "Sign out every other session", allowed: OWN_ACCOUNT },
  { method: "POST", path: `${L}/account/password`, area: "Accounts", description: "Change one's password", allowed: OWN_ACCOUNT },
  { method: "POST", path: `${L}/account/totp/begin`, area: "Accounts", description: "Start enrolling an authenticator app", allowed: OWN_ACCOUNT },
  {
    method: "POST",
    path: `${L}/account/totp/confirm`,
    area: "Accounts",
    description: "Confirm the authenticator app with a code",
    allowed: OWN_ACCOUNT,
  },
  {
    method: "POST",
    path: `${L}/account/totp/disable`,
    area: "Accounts",
    description: "Turn the authenticator app off",
    allowed: OWN_ACCOUNT,
  },
  {
    method: "POST",
    path: `${L}/account/recovery-codes`,
    area: "Accounts",
    description: "Generate new recovery codes",
    allowed: OWN_ACCOUNT,
  },
  { method: "POST", path: `${L}/account/delete`, area: "Accounts", description: "Delete one's own account", allowed: OWN_ACCOUNT },
  {
    method: "POST",
    path: `${L}/account/passkeys/options`,
    area: "Accounts",
    description: "WebAuthn options to add a passkey",
    allowed: OWN_ACCOUNT,
  },
  {
    method: "POST",
    path: `${L}/account/passkeys`,
    area: "Accounts",
    description: "Add a passkey",
    allowed: OWN_ACCOUNT,
    execution: manual("WebAuthn ceremony needs an authenticator (browser)"),
  },
  {
    method: "POST",
    path: `${L}/account/passkeys/:id/delete`,
    area: "Accounts",
    description: "Remove one of one's passkeys",
    allowed: OWN_ACCOUNT,
  },
  { method: "POST", path: `${L}/notifications/read`, area: "Accounts", description: "Mark one's comment notifications read", allowed: OWN_ACCOUNT },

  // Groups (web)
  { method: "POST", path: `${L}/groups/new`, area: "Groups", description: "Propose a group (proposer becomes its admin)", allowed: SIGNED_IN },
  { method: "POST", path: `${L}/groups/:slug/vouch`, area: "Groups", description: "Vouch for a group (editors who are not its members)", allowed: EDITOR_UP },
  { method: "POST", path: `${L}/groups/:slug/status`, area: "Groups", description: "Verify, suspend or reinstate a group", allowed: ["admin"] },
  {
    method: "POST",
    path: `${L}/groups/:slug/invitation`,
    area: "Groups",
    description: "Accept or decline an invitation to a group",
    allowed: ["self"],
    self: "the invited person",
    note: "people without a pending invitation get 404",
  },
  { method: "POST", path: `${L}/groups/:slug/admin/profile`, area: "Groups", description: "Edit the group's profile", allowed: GROUP_A_ADMIN_OR_EDITOR },
  { method: "POST", path: `${L}/groups/:slug/admin/support`, area: "Groups", description: "Add a support channel", allowed: GROUP_A_ADMIN_OR_EDITOR },
  {
    method: "POST",
    path: `${L}/groups/:slug/admin/support/:id/delete`,
    area: "Groups",
    description: "Remove a support channel",
    allowed: GROUP_A_ADMIN_OR_EDITOR,
  },
  { method: "POST", path: `${L}/groups/:slug/admin/needs`, area: "Groups", description: "Add a need", allowed: GROUP_A_ADMIN_OR_EDITOR },
  { method: "POST", path: `${L}/groups/:slug/admin/needs/:id/delete`, area: "Groups", description: "Remove a need", allowed: GROUP_A_ADMIN_OR_EDITOR },
  { method: "POST", path: `${L}/groups/:slug/admin/members`, area: "Groups", description: "Invite a member", allowed: ["group-admin", "admin"] },

  // Statements (web)
  { method: "POST", path: `${L}/groups/:slug/statements/new`, area: "Statements", description: "Publish (or prepare) a statement", allowed: GROUP_A },
  { method: "POST", path: `${L}/statements/:id/edit`, area: "Statements", description: "Publish a new revision", allowed: GROUP_A },
  { method: "POST", path: `${L}/statements/:id/retract`, area: "Statements", description: "Retract a statement", allowed: GROUP_A },

  // Translation
  { method: "POST", path: `${L}/translate/pairs`, area: "Translation", description: "Save one's language pairs", allowed: TRANSLATOR_UP },
  {
    method: "POST",
    path: `${L}/statements/:id/targets`,
    area: "Translation",
    description: "Ask for a translation into a language",
    allowed: GROUP_A_OR_EDITOR,
  },
  { method: "POST", path: `${L}/translate/:id/:target/claim`, area: "Translation", description: "Claim a translation", allowed: TRANSLATOR_UP },
  {
    method: "POST",
    path: `${L}/translate/:id/:target/release`,
    area: "Translation",
    description: "Release a claimed translation",
    allowed: [...REVIEWER_UP, "self"],
    self: "the translator who claimed it",
  },
  {
    method: "POST",
    path: `${L}/translate/:id/:target/segments/:segmentId`,
    area: "Translation",
    description: "Save a translated segment",
    allowed: TRANSLATOR_UP,
  },
  { method: "POST", path: `${L}/translate/:id/:target/segments/:segmentId/review`, area: "Translation", description: "Review a segment", allowed: REVIEWER_UP },
  {
    method: "POST",
    path: `${L}/translate/:id/:target/segments/:segmentId/mt`,
    area: "Translation",
    description: "Machine-translation suggestion for a segment",
    allowed: TRANSLATOR_UP,
  },
  {
    method: "POST",
    path: `${L}/translate/:id/:target/xliff`,
    area: "Translation",
    description: "Import an XLIFF file",
    allowed: TRANSLATOR_UP,
    note: "the role is checked only when a changed segment is saved (403); an upload that changes nothing redirects as if done",
  },
  { method: "POST", path: `${L}/glossary`, area: "Translation", description: "Add a glossary term", allowed: REVIEWER_UP },
  { method: "POST", path: `${L}/glossary/import`, area: "Translation", description: "Import a TBX glossary", allowed: REVIEWER_UP },
  { method: "POST", path: `${L}/glossary/:id/delete`, area: "Translation", description: "Delete a glossary term", allowed: REVIEWER_UP },

  // Provenance
  { method: "POST", path: `${L}/groups/:slug/keys/register`, area: "Provenance", description: "Register a group signing key", allowed: ["group-admin"] },
  { method: "POST", path: `${L}/groups/:slug/keys/server`, area: "Provenance", description: "Let the server hold the group's key", allowed: ["group-admin"] },
  { method: "POST", path: `${L}/groups/:slug/keys/revoke`, area: "Provenance", description: "Revoke a group key", allowed: ["group-admin"] },
  { method: "POST", path: `${API}/groups/:slug/keys`, area: "Provenance", description: "API: register a group key", allowed: ["group-admin"] },
  {
    method: "POST",
    path: `${API}/groups/:slug/keys/:fingerprint/revocation`,
    area: "Provenance",
    description: "API: revoke a group key",
    allowed: ["group-admin"],
  },
  {
    method: "POST",
    path: `${API}/groups/:slug/statements/prepare`,
    area: "Provenance",
    description: "API: prepare a statement for offline signing",
    allowed: GROUP_A,
  },
  { method: "POST", path: `${API}/statements/:id/prepare`, area: "Provenance", description: "API: prepare a revision for offline signing", allowed: GROUP_A },

  // Federation
  { method: "POST", path: `${L}/fediverse/follow`, area: "Federation", description: "Follow a fediverse account", allowed: ["admin"] },
  { method: "POST", path: `${L}/fediverse/unfollow`, area: "Federation", description: "Unfollow a fediverse account", allowed: ["admin"] },
  {
    method: "POST",
    path: "/ap/inbox",
    area: "Federation",
    description: "ActivityPub shared inbox",
    allowed: [],
    execution: { kind: "signed" },
    note: "anyone, HTTP-signed",
  },
  {
    method: "POST",
    path: "/ap/actors/:identifier/inbox",
    area: "Federation",
    description: "ActivityPub actor inbox",
    allowed: [],
    execution: { kind: "signed" },
    note: "anyone, HTTP-signed",
  },

  // Incidents
  {
    method: "POST",
    path: `${L}/incidents/new`,
    area: "Incidents",
    description: "Record an incident for group A (editors: for any group, or none)",
    allowed: GROUP_A_OR_EDITOR,
  },
  { method: "POST", path: `${L}/incidents/actors`, area: "Incidents", description: "Add an actor to the list", allowed: EDITOR_UP },
  { method: "POST", path: `${L}/incidents/settings`, area: "Incidents", description: "Change incident settings", allowed: ["admin"] },
  { method: "POST", path: `${L}/incidents/import`, area: "Incidents", description: "Import incidents from CSV", allowed: EDITOR_UP },
  {
    method: "POST",
    path: `${L}/incidents/for-statement/:id`,
    area: "Incidents",
    description: "Link a statement to an incident from the statement page",
    allowed: GROUP_A_OR_EDITOR,
  },
  { method: "POST", path: `${L}/incidents/:id/edit`, area: "Incidents", description: "Edit an incident", allowed: GROUP_A_OR_EDITOR },
  { method: "POST", path: `${L}/incidents/:id/sources`, area: "Incidents", description: "Add a source", allowed: GROUP_A_OR_EDITOR },
  { method: "POST", path: `${L}/incidents/:id/sources/:sid/archive`, area: "Incidents", description: "Archive a URL source", allowed: GROUP_A_OR_EDITOR },
  { method: "POST", path: `${L}/incidents/:id/grade`, area: "Incidents", description: "Grade an incident's evidence", allowed: EDITOR_UP },
  { method: "POST", path: `${L}/incidents/:id/statements`, area: "Incidents", description: "Link a statement to an incident", allowed: GROUP_A_OR_EDITOR },
  {
    method: "POST",
    path: `${L}/incidents/:id/texts`,
    area: "Incidents",
    description: "Correct the incident's original title and narrative (translations go through the translation workflow)",
    allowed: GROUP_A_OR_EDITOR,
  },
  {
    method: "POST",
    path: `${API}/incidents`,
    area: "Incidents",
    description: "API: record an incident",
    allowed: ["member", "group-admin", "editor", "admin"],
  },
  { method: "POST", path: `${API}/incidents/:id/grades`, area: "Incidents", description: "API: grade an incident", allowed: EDITOR_UP },
  { method: "POST", path: `${API}/incidents/:id/sources`, area: "Incidents", description: "API: add a source", allowed: GROUP_A_OR_EDITOR },

  // Discussion
  { method: "POST", path: `${L}/statements/:id/comments`, area: "Discussion", description: "Post a comment", allowed: SIGNED_IN },
  { method: "POST", path: `${L}/comments/:id/edit`, area: "Discussion", description: "Edit one's comment", allowed: ["self"], self: "the comment's author" },
  {
    method: "POST",
    path: `${L}/comments/:id/delete`,
    area: "Discussion",
    description: "Delete one's comment",
    allowed: ["self"],
    self: "the comment's author",
  },
  { method: "POST", path: `${L}/comments/:id/report`, area: "Discussion", description: "Report a comment", allowed: SIGNED_IN },
  {
    method: "POST",
    path: `${L}/comments/:id/translate`,
    area: "Discussion",
    description: "Add a human translation of a comment",
    allowed: TRANSLATOR_UP,
    note: "also readers trusted by their published comments",
  },
  { method: "POST", path: `${L}/comments/:id/moderate`, area: "Discussion", description: "Moderate a comment", allowed: EDITOR_UP },
  {
    method: "POST",
    path: `${L}/statements/:id/discussion`,
    area: "Discussion",
    description: "Open, close or pre-moderate a statement's discussion",
    allowed: GROUP_A_OR_EDITOR,
  },
  { method: "POST", path: `${L}/moderation/wordlists`, area: "Discussion", description: "Replace a moderation word list", allowed: ["admin"] },
  { method: "POST", path: `${API}/statements/:id/comments`, area: "Discussion", description: "API: post a comment", allowed: SIGNED_IN },
  { method: "PATCH", path: `${API}/comments/:id`, area: "Discussion", description: "API: edit one's comment", allowed: ["self"], self: "the comment's author" },
  {
    method: "DELETE",
    path: `${API}/comments/:id`,
    area: "Discussion",
    description: "API: delete one's comment",
    allowed: ["self"],
    self: "the comment's author",
  },
  { method: "POST", path: `${API}/comments/:id/reports`, area: "Discussion", description: "API: report a comment", allowed: SIGNED_IN },

  // Media
  { method: "POST", path: `${L}/statements/:id/media`, area: "Media", description: "Attach a photo to a statement", allowed: GROUP_A_OR_EDITOR },
  { method: "POST", path: `${L}/media/:id{[0-9a-z]{16}}/delete`, area: "Media", description: "Remove a photo", allowed: GROUP_A_OR_EDITOR },
  { method: "POST", path: `${API}/statements/:id/media`, area: "Media", description: "API: attach a photo to a statement", allowed: GROUP_A_OR_EDITOR },
  { method: "DELETE", path: `${API}/media/:id`, area: "Media", description: "API: remove a photo", allowed: GROUP_A_OR_EDITOR },

  // API: groups and statements
  { method: "POST", path: `${API}/groups`, area: "API", description: "Propose a group", allowed: SIGNED_IN },
  { method: "POST", path: `${API}/groups/:slug/vouches`, area: "API", description: "Vouch for a group", allowed: EDITOR_UP },
  { method: "POST", path: `${API}/groups/:slug/status`, area: "API", description: "Set a group's status", allowed: ["admin"] },
  { method: "POST", path: `${API}/groups/:slug/members`, area: "API", description: "Invite a member", allowed: ["group-admin", "admin"] },
  { method: "POST", path: `${API}/groups/:slug/statements`, area: "API", description: "Publish a statement", allowed: GROUP_A },
  { method: "POST", path: `${API}/statements/:id/revisions`, area: "API", description: "Publish a revision (If-Match)", allowed: GROUP_A },
  { method: "POST", path: `${API}/statements/:id/retraction`, area: "API", description: "Retract a statement", allowed: GROUP_A },
];

export const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

const cell = (s: string) => s.replace(/\|/g, "\\|");

/** The matrix as Markdown: one table per area (docs/permissions.md is this, verbatim). */
export function permissionsMarkdown(): string {
  const out: string[] = [
    "# Permissions",
    "",
    "<!-- Generated by `node --import tsx scripts/permissions-doc.ts > docs/permissions.md` from src/main/permissions.ts. Do not edit by hand. -->",
    "",
    "Who may do what, for every route that changes something. test/permissions.db.test.ts checks that",
    "every mutating route of the app is listed here and sends a valid request for each route × actor.",
    "",
    "Actors: **anon** — not signed in; **reader**, **transl.**, **review.**, **editor**, **admin** — instance roles acting on",
    "group A, a vouched group they do not belong to; **member A** — an accepted publisher of group A acting on group A;",
    "**admin A** — an accepted admin of group A; **member B** — the admin of another group B acting on group A;",
    "**self** — the owner of the thing acted on (own account, own comment, own invitation, own claim), where that",
    "is not already one of the role columns. ✓ allowed, — refused, blank: not applicable. Account routes act on the",
    "signed-in person's own account: every signed-in actor may, on their own account only.",
    "",
  ];
  const areas = [...new Set(PERMISSIONS.map((p) => p.area))];
  for (const area of areas) {
    out.push(`## ${area}`, "");
    out.push(`| Route | What it does | ${ACTORS.map((a) => ACTOR_LABELS[a]).join(" | ")} |`);
    out.push(`| --- | --- | ${ACTORS.map(() => ":-:").join(" | ")} |`);
    for (const p of PERMISSIONS.filter((x) => x.area === area)) {
      const marks = ACTORS.map((a) => ((a === "self" && !p.self) || p.execution?.kind === "signed" ? "" : p.allowed.includes(a) ? "✓" : "—"));
      const notes = [p.self ? `self: ${p.self}` : "", p.note ?? "", p.execution?.kind === "manual" ? "not executed by the test" : ""].filter(Boolean);
      const what = notes.length > 0 ? `${p.description} (${notes.join("; ")})` : p.description;
      out.push(`| \`${cell(routeKey(p))}\` | ${cell(what)} | ${marks.join(" | ")} |`);
    }
    out.push("");
  }
  const skipped = PERMISSIONS.filter((p) => p.execution !== undefined);
  out.push("## Not executed by the test", "");
  for (const p of skipped) {
    const why =
      p.execution?.kind === "manual" ? p.execution.reason : "ActivityPub inbox: anyone with a valid HTTP signature; authorization is the signature check";
    out.push(`- \`${routeKey(p)}\`: ${why}`);
  }
  out.push("");
  return out.join("\n");
}
