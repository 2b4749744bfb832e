// The authorization matrix (src/main/permissions.ts) against the running app: every mutating
// route is listed, docs/permissions.md is current, and for every route × actor a valid request
// succeeds exactly when the matrix says it may.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/main/app";
import { defaultLimits } from "../src/main/deps";
import { ACTORS, PERMISSIONS, permissionsMarkdown, routeKey, type Actor } from "../src/main/permissions";
import type { Viewer } from "../src/modules/accounts/account.model";
import { accountService } from "../src/modules/accounts/account.service";
import { base32Decode, hotp, stepAt } from "../src/modules/accounts/totp";
import { groupService } from "../src/modules/groups";
import type { AppEnv } from "../src/modules/http-env";
import { incidentService } from "../src/modules/incidents/incident.service";
import { incidentInput } from "../src/modules/incidents/incidents.testkit";
import { phonePhoto } from "../src/modules/media/media.fixtures";
import { groupKeyService } from "../src/modules/provenance/group-keys.service";
import { glossaryService } from "../src/modules/translation/glossary/glossary.service";
import { translationService } from "../src/modules/translation/translation.service";
import { workspaceSegments } from "../src/modules/translation/translation.queries";
import { TestClient } from "./client";
import { createTestDb, type TestDb } from "./db";
import { factories, PASSWORD } from "./factories";

const CSRF = "permissionsmatrixcsrftoken0123456789abcdefg"; // 43 characters, as the app's tokens
const ROLE_ACTORS = ACTORS.filter((a) => a !== "self");
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Someone acting: their session (web) and API token, or nothing for the anonymous. */
interface Who {
  viewer: Viewer | null;
  session: string | null;
  token: string | null;
}

let db: TestDb;
let app: Hono<AppEnv>;
let make: ReturnType<typeof factories>;
const who = new Map<Actor, Who>();
let seq = 0;
const uniq = (p: string) => `${p}${Date.now().toString(36)}${(seq++).toString(36)}`;

/** Signs `viewer` in through the service (no rate limiter, fresh authentication) and makes an API token. */
async function whoFor(viewer: Viewer): Promise<Who> {
  const s = await accountService.signIn(db.deps, { handle: viewer.handle, password: PASSWORD });
  if (!s.ok) {
    throw new Error(`sign-in ${viewer.handle}: ${s.error.type}`);
  }
  const t = await accountService.createApiToken(db.deps, viewer.handle, "permissions");
  if (!t.ok) {
    throw new Error(t.error.type);
  }
  return { viewer, session: s.value.sessionToken, token: t.value.token };
}

async function freshWho(role: "reader" | "translator" | "reviewer" | "editor" | "admin" = "reader"): Promise<Who> {
  return whoFor(await make.user({ role }));
}

const roleOf = (a: Actor) => (a === "translator" || a === "reviewer" || a === "editor" || a === "admin" ? a : "reader");

/** A new client per request (so cookies set by one case never leak into another), with the form token. */
function client(w: Who): TestClient {
  const c = new TestClient(app);
  c.cookies.set("sada_csrf", CSRF);
  if (w.session) {
    c.cookies.set("sada_session", w.session);
  }
  return c;
}

const form = (w: Who, path: string, fields: Record<string, string | string[]> = {}) => client(w).post(path, fields, { csrf: CSRF });

function multipart(
  w: Who,
  path: string,
  fields: Record<string, string>,
  file?: { bytes: Uint8Array; name: string; type: string; field?: string },
  api = false,
) {
  const body = new FormData();
  if (!api) {
    body.set("_csrf", CSRF);
  }
  for (const [k, v] of Object.entries(fields)) {
    body.set(k, v);
  }
  if (file) {
    body.set(file.field ?? "file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
  }
  const headers: Record<string, string> = {};
  if (api) {
    if (w.token) {
      headers.authorization = `Bearer ${w.token}`;
    }
  } else {
    headers.cookie = [`sada_csrf=${CSRF}`, ...(w.session ? [`sada_session=${w.session}`] : [])].join("; ");
  }
  return app.request(`http://sada.test${path}`, { method: "POST", body, headers });
}

function api(w: Who, method: string, path: string, payload?: unknown, headers: Record<string, string> = {}) {
  return new TestClient(app).json(method, path, payload ?? {}, { ...(w.token ? { authorization: `Bearer ${w.token}` } : {}), ...headers });
}

// ---- The world: group A (admin + publisher), group B (its admin), instance roles. ----
interface World {
  groupAdmin: Viewer;
  member: Viewer;
  otherMember: Viewer;
  editor: Viewer;
  admin: Viewer;
  a: string;
  b: string;
  claimer: Who;
  commenter: Who;
}
let w: World;

/** A group proposed by A's admin, with A's publisher accepted; vouched by the editor and admin actors unless `pending`. */
async function groupOfA(pending = false): Promise<string> {
  const g = await make.group(w.groupAdmin);
  const inv = await groupService.invite(db.deps, w.groupAdmin, g.slug, { handle: w.member.handle, role: "publisher" });
  const acc = await groupService.respondToInvite(db.deps, w.member, g.slug, true);
  if (!inv.ok || !acc.ok) {
    throw new Error("membership");
  }
  if (!pending) {
    for (const v of [w.editor, w.admin]) {
      const r = await groupService.vouch(db.deps, v, g.slug, "known");
      if (!r.ok) {
        throw new Error(r.error.type);
      }
    }
  }
  return g.slug;
}

const statementOfA = () => make.statement(w.groupAdmin, w.a, { title: "بيان", body: "وصلت ٣ شاحنات إلى دوما.\n\nشكراً لكم." });

async function incidentOfA(): Promise<string> {
  const r = await incidentService.create(
    { ...db.deps, dataDir: db.deps.config.dataDir } as never,
    w.groupAdmin,
    incidentInput({ lang: "ar", title: "قصف السوق", group: w.a }),
  );
  if (!r.ok) {
    throw new Error(r.error.type);
  }
  return r.value.id;
}

async function commentOn(statementId: string, author: Who = w.commenter): Promise<string> {
  const res = await form(author, `/en/statements/${statementId}/comments`, { body: `A comment ${uniq("c")}`, lang: "", readingLang: "ar" });
  if (res.status !== 303) {
    throw new Error(`comment: ${res.status}`);
  }
  const row = await db.deps.db
    .selectFrom("comments")
    .select("id")
    .where("author_id", "=", author.viewer?.id ?? "")
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function mediaOnStatement(statementId: string): Promise<string> {
  const admin = await whoFor(w.groupAdmin);
  const res = await multipart(admin, `/en/statements/${statementId}/media`, { alt: "ward" }, { bytes: await photo(), name: "p.jpg", type: "image/jpeg" });
  if (res.status !== 303) {
    throw new Error(`media: ${res.status}`);
  }
  const row = await db.deps.db.selectFrom("media").select("id").where("owner_id", "=", statementId).executeTakeFirstOrThrow();
  return row.id;
}

let photoBytes: Buffer | null = null;
async function photo(): Promise<Buffer> {
  photoBytes ??= await phonePhoto({ width: 64, height: 48 });
  return photoBytes;
}

function sshPublicKey(): string {
  const { publicKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x ?? "", "base64url");
  const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([str(Buffer.from("ssh-ed25519")), str(raw)]).toString("base64")} matrix`;
}

const incidentForm = (group: string) => ({
  group,
  type: "attack_on_medical",
  datePrecision: "exact",
  dateStart: "2026-03-14T05:40",
  dateEnd: "",
  placeCode: "SY-ID-idlib",
  latitude: "",
  longitude: "",
  precisionM: "",
  lang: "ar",
  title: "قصف المشفى الميداني في إدلب",
  narrative: "استهدفت غارة المشفى الميداني فجرًا.",
});

/** A passkey row for `me` (the ceremony itself needs an authenticator; deleting does not). */
async function passkeyOf(me: Who): Promise<string> {
  const id = uniq("pk");
  if (me.viewer) {
    await db.deps.db
      .insertInto("passkeys")
      .values({
        id,
        user_id: me.viewer.id,
        public_key: "AA",
        counter: 0,
        transports: "[]",
        name: "test key",
        created_at: new Date().toISOString(),
        last_used_at: null,
      })
      .execute();
  }
  return id;
}

const passkeyExists = async (id: string) => (await db.deps.db.selectFrom("passkeys").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;

/** The authenticator app's code `offset` steps from now. */
const totpCode = (secret: string, offset = 0) => hotp(base32Decode(secret), stepAt(new Date()) + offset);

/** Starts enrolling the authenticator app; returns the secret shown. */
async function beginTotp(me: Who): Promise<string> {
  const begun = await form(me, "/en/account/totp/begin");
  expect(begun.status).toBe(200);
  return (/<code dir="ltr" class="secret">([^<]+)<\/code>/.exec(await begun.text())?.[1] ?? "").replace(/\s/g, "");
}

/** Turns the authenticator app on for `me`; returns its secret. */
async function enableTotp(me: Who): Promise<string> {
  const secret = await beginTotp(me);
  expect((await form(me, "/en/account/totp/confirm", { code: totpCode(secret) })).status).toBe(200);
  return secret;
}

// ---- One valid request per route; `who` is the actor (for "self": the owner, made by the case). ----
type Case = (actor: Actor, me: Who) => Response | Promise<Response>;
const ownAccount = (run: (me: Who) => Promise<Response>, fresh: boolean): Case => {
  return async (actor, me) => run(fresh && actor !== "anonymous" ? await freshWho(roleOf(actor)) : me);
};

const CASES: Record<string, Case> = {
  // Accounts
  "POST /:lang{(?:en|ar|ru)}/signup": (_a, me) => form(me, "/en/signup", { handle: uniq("n"), password: "a long passphrase here", email: "" }),
  "POST /:lang{(?:en|ar|ru)}/signin": async (_a, me) => form(me, "/en/signin", { handle: w.commenter.viewer?.handle ?? "", password: PASSWORD }),
  "POST /:lang{(?:en|ar|ru)}/signout": ownAccount((me) => form(me, "/en/signout"), true),
  "POST /:lang{(?:en|ar|ru)}/account": ownAccount((me) => form(me, "/en/account", { locale: "ru", email: "" }), false),
  "POST /:lang{(?:en|ar|ru)}/account/reauth": ownAccount((me) => form(me, "/en/account/reauth", { password: PASSWORD, next: "/en/account/security" }), true),
  "POST /:lang{(?:en|ar|ru)}/account/sessions/:id/revoke": ownAccount(async (me) => {
    let id = "nosuchsession";
    if (me.viewer) {
      await whoFor(me.viewer); // a second session of the same person
      const rows = await db.deps.db.selectFrom("sessions").select("id").where("user_id", "=", me.viewer.id).execute();
      id = rows[rows.length - 1]?.id ?? id;
    }
    return form(me, `/en/account/sessions/${id}/revoke`);
  }, true),
  "POST /:lang{(?:en|ar|ru)}/account/sessions/revoke-others": ownAccount((me) => form(me, "/en/account/sessions/revoke-others"), true),
  "POST /:lang{(?:en|ar|ru)}/account/password": ownAccount(
    (me) => form(me, "/en/account/password", { current: PASSWORD, password: "a brand new long phrase" }),
    true,
  ),
  "POST /:lang{(?:en|ar|ru)}/account/totp/begin": ownAccount((me) => form(me, "/en/account/totp/begin"), true),
  "POST /:lang{(?:en|ar|ru)}/account/totp/confirm": ownAccount(
    async (me) => form(me, "/en/account/totp/confirm", { code: me.viewer ? totpCode(await beginTotp(me)) : "000000" }),
    true,
  ),
  "POST /:lang{(?:en|ar|ru)}/account/totp/disable": ownAccount(async (me) => {
    if (me.viewer) {
      await enableTotp(me);
    }
    return form(me, "/en/account/totp/disable");
  }, true),
  "POST /:lang{(?:en|ar|ru)}/account/recovery-codes": ownAccount(async (me) => {
    if (me.viewer) {
      await enableTotp(me);
    }
    return form(me, "/en/account/recovery-codes");
  }, true),
  "POST /:lang{(?:en|ar|ru)}/signin/code": async (_a, me) => {
    // Someone (in this browser) finishes the sign-in of an account with the authenticator app.
    const owner = await freshWho();
    const secret = await enableTotp(owner);
    const browser = client(me);
    const step = await browser.post("/en/signin", { handle: owner.viewer?.handle ?? "", password: PASSWORD }, { csrf: CSRF });
    expect(step.headers.get("location")).toBe("/en/signin/code");
    return browser.post("/en/signin/code", { code: totpCode(secret, 1) }, { csrf: CSRF });
  },
  "POST /:lang{(?:en|ar|ru)}/signin/passkey/options": (_a, me) => form(me, "/en/signin/passkey/options"),
  "POST /:lang{(?:en|ar|ru)}/account/reauth/passkey/options": ownAccount((me) => form(me, "/en/account/reauth/passkey/options"), false),
  "POST /:lang{(?:en|ar|ru)}/account/passkeys/options": ownAccount((me) => form(me, "/en/account/passkeys/options"), true),
  "POST /:lang{(?:en|ar|ru)}/account/passkeys/:id/delete": ownAccount(async (me) => form(me, `/en/account/passkeys/${await passkeyOf(me)}/delete`), true),
  "POST /:lang{(?:en|ar|ru)}/account/delete": ownAccount((me) => form(me, "/en/account/delete", { confirm: me.viewer?.handle ?? "x" }), true),
  "POST /:lang{(?:en|ar|ru)}/notifications/read": ownAccount((me) => form(me, "/en/notifications/read"), false),

  // Groups
  "POST /:lang{(?:en|ar|ru)}/groups/new": (_a, me) =>
    form(me, "/en/groups/new", {
      defaultLang: "ar",
      name: "المجلس المحلي في دوما",
      slug: uniq("new-"),
      description: "مجلس محلي.",
      kind: "local_council",
      places: ["SY-RD-douma"],
      languages: ["ar"],
      contact: "",
    }),
  "POST /:lang{(?:en|ar|ru)}/groups/:slug/vouch": async (_a, me) => form(me, `/en/groups/${await groupOfA(true)}/vouch`, { reason: "Known to our network" }),
  "POST /:lang{(?:en|ar|ru)}/groups/:slug/status": async (_a, me) =>
    form(me, `/en/groups/${await groupOfA()}/status`, { status: "verified", reason: "Documents checked" }),
  "POST /:lang{(?:en|ar|ru)}/groups/:slug/invitation": async (actor, me) => {
    let as = me;
    if (actor === "self") {
      as = await freshWho();
      const r = await groupService.invite(db.deps, w.groupAdmin, w.a, { handle: as.viewer?.handle ?? "", role: "publisher" });
      if (!r.ok) {
        throw new Error(r.error.type);
      }
    }
    return form(as, `/en/groups/${w.a}/invitation`, { accept: "yes" });
  },
  "POST /:lang{(?:en|ar|ru)}/groups/:slug/admin/profile": async (_a, me) => {
    const slug = await groupOfA();
    const g = await db.deps.db.selectFrom("groups").select("version").where("slug", "=", slug).executeTakeFirstOrThrow();
    return form(me, `/en/groups/${slug}/admin/profile`, {
      version: String(g.version),
      kind: "civil_defence",
      places: ["SY-ID-idlib"],
      languages: ["ar"],
      contact: "",
      profile_lang: "ar",
      name: "الدفاع المدني",
      description: "فرق إنقاذ.",
    });
  },
  "POST /:lang{(?:en|ar|ru)}/groups/:slug/admin/support": (_a, me) =>
    form(me, `/en/groups/${w.a}/admin/support`, { lang: "en", label: "Donate", url: "https://example.org/d", instructions: "" }),
  "POST /:lang{(?:en|ar|ru)}/groups/:slug/admin/support/:id/delete": async (_a, me) => {
    const slug = await groupOfA();
    const r = await form(await whoFor(w.groupAdmin), `/en/groups/${slug}/admin/support`, {
      lang: "en",
      label: "Donate",
      url: "https://example.org/d",
      instructions: "",
    });
    expect(r.status).toBe(303);
    const row = await db.deps.db
      .selectFrom("group_support_channels")
      .innerJoin("groups", "groups.id", "group_support_channels.group_id")
      .select("group_support_channels.id")
      .where("groups.slug", "=", slug)
      .executeTakeFirstOrThrow();
    return form(me, `/en/groups/${slug}/admin/support/${row.id}/delete`);
  },
  "POST /:lang{(?:en|ar|ru)}/groups/:slug/admin/needs": (_a, me) => form(me, `/en/groups/${w.a}/admin/needs`, { item: uniq("Insulin "), priority: "high" }),
  "POST /:lang{(?:en|ar|ru)}/groups/:slug/admin/needs/:id/delete": async (_a, me) => {
    const slug = await groupOfA();
    const r = await form(await whoFor(w.groupAdmin), `/en/groups/${slug}/admin/needs`, { item: "Insulin", priority: "high" });
    expect(r.status).toBe(303);
    const row = await db.deps.db
      .selectFrom("group_needs")
      .innerJoin("groups", "groups.id", "group_needs.group_id")
      .select("group_needs.id")
      .where("groups.slug", "=", slug)
      .executeTakeFirstOrThrow();
    return form(me, `/en/groups/${slug}/admin/needs/${row.id}/delete`);
  },
  "POST /:lang{(?:en|ar|ru)}/groups/:slug/admin/members": async (_a, me) =>
    form(me, `/en/groups/${w.a}/admin/members`, { handle: (await make.user()).handle, role: "publisher" }),

  // Statements
  "POST /:lang{(?:en|ar|ru)}/groups/:slug/statements/new": (_a, me) =>
    form(me, `/en/groups/${w.a}/statements/new`, { kind: "statement", lang: "ar", title: "بيان", body: "نص", intent: "publish" }),
  "POST /:lang{(?:en|ar|ru)}/statements/:id/edit": async (_a, me) => {
    const st = await statementOfA();
    return form(me, `/en/statements/${st.statementId}/edit`, { title: "بيان", body: "نص جديد", baseHash: st.hash, intent: "publish" });
  },
  "POST /:lang{(?:en|ar|ru)}/statements/:id/retract": async (_a, me) => {
    const st = await statementOfA();
    return form(me, `/en/statements/${st.statementId}/retract`, { reason: "معلومات غير دقيقة", baseHash: st.hash });
  },

  // Translation
  "POST /:lang{(?:en|ar|ru)}/translate/pairs": (_a, me) => form(me, "/en/translate/pairs", { source_0: "ar", target_0: "en" }),
  "POST /:lang{(?:en|ar|ru)}/statements/:id/targets": async (_a, me) =>
    form(me, `/en/statements/${(await statementOfA()).statementId}/targets`, { lang: "fa" }),
  "POST /:lang{(?:en|ar|ru)}/translate/:id/:target/claim": async (_a, me) => form(me, `/en/translate/${(await statementOfA()).statementId}/en/claim`),
  "POST /:lang{(?:en|ar|ru)}/translate/:id/:target/release": async (actor, me) => {
    const st = await statementOfA();
    const claimer = await freshWho("translator");
    const c = await translationService.claim(db.deps, claimer.viewer as Viewer, st.statementId, "en");
    if (!c.ok) {
      throw new Error(c.error.type);
    }
    return form(actor === "self" ? claimer : me, `/en/translate/${st.statementId}/en/release`);
  },
  "POST /:lang{(?:en|ar|ru)}/translate/:id/:target/segments/:segmentId": async (_a, me) => {
    const st = await statementOfA();
    const [seg] = await workspaceSegments(db.deps, st.statementId, 1, "en");
    return form(me, `/en/translate/${st.statementId}/en/segments/${seg?.id ?? ""}`, {
      text: "Statement",
      version: String(seg?.version ?? 0),
      status: "translated",
    });
  },
  "POST /:lang{(?:en|ar|ru)}/translate/:id/:target/segments/:segmentId/review": async (_a, me) => {
    const st = await statementOfA();
    const [seg] = await workspaceSegments(db.deps, st.statementId, 1, "en");
    const saved = await form(await freshWho("translator"), `/en/translate/${st.statementId}/en/segments/${seg?.id ?? ""}`, {
      text: "Statement",
      version: String(seg?.version ?? 0),
      status: "translated",
    });
    expect(saved.status).toBe(303);
    const [now] = await workspaceSegments(db.deps, st.statementId, 1, "en");
    return form(me, `/en/translate/${st.statementId}/en/segments/${seg?.id ?? ""}/review`, {
      version: String(now?.version ?? 0),
      decision: "approve",
      comment: "",
    });
  },
  "POST /:lang{(?:en|ar|ru)}/translate/:id/:target/segments/:segmentId/mt": async (_a, me) => {
    const st = await statementOfA();
    const [seg] = await workspaceSegments(db.deps, st.statementId, 1, "en");
    return form(me, `/en/translate/${st.statementId}/en/segments/${seg?.id ?? ""}/mt`);
  },
  "POST /:lang{(?:en|ar|ru)}/translate/:id/:target/xliff": async (_a, me) => {
    const st = await statementOfA();
    const exported = await (await client(w.claimer).get(`/en/translate/${st.statementId}/de/xliff`)).text();
    const [seg] = await workspaceSegments(db.deps, st.statementId, 1, "de");
    const xml = exported.replace(new RegExp(`(<unit id="${seg?.id ?? ""}"[\\s\\S]*?</source>)`), `$1<target xml:space="preserve">Erklärung</target>`);
    expect(xml).not.toBe(exported);
    return multipart(me, `/en/translate/${st.statementId}/de/xliff`, {}, { bytes: Buffer.from(xml), name: "t.xlf", type: "application/xliff+xml" });
  },
  "POST /:lang{(?:en|ar|ru)}/glossary": (_a, me) =>
    form(me, "/en/glossary", { sourceLang: "ar", targetLang: "en", term: uniq("مجلس"), preferred: "council", forbidden: "", note: "" }),
  "POST /:lang{(?:en|ar|ru)}/glossary/import": (_a, me) => {
    const tbx = `<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="ar" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="c1"><langSec xml:lang="ar"><termSec><term>${uniq("مشفى")}</term></termSec></langSec>
<langSec xml:lang="en"><termSec><term>hospital</term></termSec></langSec></conceptEntry>
</body></text></tbx>`;
    return multipart(me, "/en/glossary/import", { pair: "ar-en" }, { bytes: Buffer.from(tbx), name: "g.tbx", type: "application/x-tbx+xml" });
  },
  "POST /:lang{(?:en|ar|ru)}/glossary/:id/delete": async (_a, me) => {
    const t = await glossaryService.create(db.deps, w.editor, {
      sourceLang: "ar",
      targetLang: "en",
      term: uniq("term"),
      preferred: ["council"],
      forbidden: [],
      doNotTranslate: false,
      note: "",
    } as never);
    if (!t.ok) {
      throw new Error(t.error.type);
    }
    return form(me, `/en/glossary/${t.value.id}/delete`);
  },

  // Provenance
  "POST /:lang{(?:en|ar|ru)}/groups/:slug/keys/register": async (_a, me) =>
    form(me, `/en/groups/${await groupOfA()}/keys/register`, { custody: "ssh", publicKey: sshPublicKey() }),
  "POST /:lang{(?:en|ar|ru)}/groups/:slug/keys/server": async (_a, me) => form(me, `/en/groups/${await groupOfA()}/keys/server`),
  "POST /:lang{(?:en|ar|ru)}/groups/:slug/keys/revoke": async (_a, me) => {
    const slug = await groupOfA();
    const k = await groupKeyService.register(db.deps, w.groupAdmin, slug, { custody: "ssh", publicKey: sshPublicKey() });
    if (!k.ok) {
      throw new Error(k.error.type);
    }
    return form(me, `/en/groups/${slug}/keys/revoke`, { fingerprint: k.value.fingerprint, reason: "Laptop seized" });
  },
  "POST /api/v1/groups/:slug/keys": async (_a, me) => api(me, "POST", `/api/v1/groups/${await groupOfA()}/keys`, { custody: "ssh", publicKey: sshPublicKey() }),
  "POST /api/v1/groups/:slug/keys/:fingerprint/revocation": async (_a, me) => {
    const slug = await groupOfA();
    const k = await groupKeyService.register(db.deps, w.groupAdmin, slug, { custody: "ssh", publicKey: sshPublicKey() });
    if (!k.ok) {
      throw new Error(k.error.type);
    }
    return api(me, "POST", `/api/v1/groups/${slug}/keys/${encodeURIComponent(k.value.fingerprint)}/revocation`, { reason: "Laptop seized" });
  },
  "POST /api/v1/groups/:slug/statements/prepare": (_a, me) =>
    api(me, "POST", `/api/v1/groups/${w.a}/statements/prepare`, { kind: "statement", lang: "ar", title: "بيان", body: "نص" }),
  "POST /api/v1/statements/:id/prepare": async (_a, me) =>
    api(me, "POST", `/api/v1/statements/${(await statementOfA()).statementId}/prepare`, { title: "بيان", body: "نص جديد" }),

  // Federation
  "POST /:lang{(?:en|ar|ru)}/fediverse/follow": (_a, me) => form(me, "/en/fediverse/follow", { account: "not a handle" }),
  "POST /:lang{(?:en|ar|ru)}/fediverse/unfollow": async (_a, me) => {
    const actorUri = `http://127.0.0.1:9/users/${uniq("u")}`;
    await db.deps.db
      .insertInto("ap_following")
      .values({
        actor_uri: actorUri,
        handle: "@nobody@127.0.0.1:9",
        name: null,
        inbox: "http://127.0.0.1:9/inbox",
        status: "accepted",
        follow_activity: `${actorUri}#follow`,
        created_at: new Date().toISOString(),
        created_by: w.admin.id,
      })
      .execute();
    return form(me, "/en/fediverse/unfollow", { actor: actorUri });
  },

  // Incidents
  "POST /:lang{(?:en|ar|ru)}/incidents/new": (_a, me) => form(me, "/en/incidents/new", incidentForm(w.a)),
  "POST /:lang{(?:en|ar|ru)}/incidents/actors": (_a, me) => form(me, "/en/incidents/actors", { name: uniq("Unidentified aircraft ") }),
  "POST /:lang{(?:en|ar|ru)}/incidents/settings": (_a, me) => form(me, "/en/incidents/settings", {}),
  "POST /:lang{(?:en|ar|ru)}/incidents/import": (_a, me) =>
    multipart(
      me,
      "/en/incidents/import",
      {},
      {
        bytes: Buffer.from("type,date_precision,date_start,place_code,lang,title\nshelling,day,2026-01-07,SY-DR,en,Shelling of Daraa\n"),
        name: "i.csv",
        type: "text/csv",
        field: "csv",
      },
    ),
  "POST /:lang{(?:en|ar|ru)}/incidents/for-statement/:id": async (_a, me) =>
    form(me, `/en/incidents/for-statement/${(await statementOfA()).statementId}`, { incidentId: await incidentOfA() }),
  "POST /:lang{(?:en|ar|ru)}/incidents/:id/edit": async (_a, me) => {
    const id = await incidentOfA();
    return form(me, `/en/incidents/${id}/edit`, { ...incidentForm(w.a), version: "1" });
  },
  "POST /:lang{(?:en|ar|ru)}/incidents/:id/sources": async (_a, me) =>
    multipart(me, `/en/incidents/${await incidentOfA()}/sources`, {
      kind: "statement",
      sourceType: "local_group",
      independence: "independent",
      statementId: (await statementOfA()).statementId,
    }),
  "POST /:lang{(?:en|ar|ru)}/incidents/:id/sources/:sid/archive": async (_a, me) => {
    const id = await incidentOfA();
    const s = await incidentService.addSource({ ...db.deps, dataDir: db.deps.config.dataDir } as never, w.groupAdmin, id, {
      kind: "url",
      sourceType: "media_report",
      independence: "independent",
      url: "http://127.0.0.1:9/news",
      statementId: null,
      description: "",
      capturedAt: null,
      deviceNotes: null,
    });
    if (!s.ok) {
      throw new Error(s.error.type);
    }
    const row = await db.deps.db.selectFrom("incident_sources").select("id").where("incident_id", "=", id).executeTakeFirstOrThrow();
    return form(me, `/en/incidents/${id}/sources/${row.id}/archive`);
  },
  "POST /:lang{(?:en|ar|ru)}/incidents/:id/grade": async (_a, me) =>
    form(me, `/en/incidents/${await incidentOfA()}/grade`, { grade: "discounted", rationale: "Released the same day; not a detention." }),
  "POST /:lang{(?:en|ar|ru)}/incidents/:id/statements": async (_a, me) =>
    form(me, `/en/incidents/${await incidentOfA()}/statements`, { statementId: (await statementOfA()).statementId }),
  "POST /:lang{(?:en|ar|ru)}/incidents/:id/texts": async (_a, me) =>
    form(me, `/en/incidents/${await incidentOfA()}/texts`, { title: "Shelling of the market", narrative: "", version: "1" }),
  "POST /api/v1/incidents": (_a, me) =>
    api(me, "POST", "/api/v1/incidents", {
      type: "detention",
      datePrecision: "range",
      dateStart: "2025-12-01",
      dateEnd: "2025-12-03",
      placeCode: "SY-HM",
      lang: "en",
      title: "Detention of aid workers",
      casualties: [],
      group: w.a,
    }),
  "POST /api/v1/incidents/:id/grades": async (_a, me) =>
    api(me, "POST", `/api/v1/incidents/${await incidentOfA()}/grades`, { grade: "discounted", rationale: "Released the same day; not a detention." }),
  "POST /api/v1/incidents/:id/sources": async (_a, me) =>
    api(me, "POST", `/api/v1/incidents/${await incidentOfA()}/sources`, {
      kind: "statement",
      sourceType: "local_group",
      independence: "independent",
      statementId: (await statementOfA()).statementId,
    }),

  // Discussion
  "POST /:lang{(?:en|ar|ru)}/statements/:id/comments": async (_a, me) =>
    form(me, `/en/statements/${(await statementOfA()).statementId}/comments`, { body: "Where is help needed?", lang: "", readingLang: "ar" }),
  "POST /:lang{(?:en|ar|ru)}/comments/:id/edit": async (actor, me) => {
    const id = await commentOn((await statementOfA()).statementId);
    return form(actor === "self" ? w.commenter : me, `/en/comments/${id}/edit`, { body: "second version of the text", lang: "en", version: "1" });
  },
  "POST /:lang{(?:en|ar|ru)}/comments/:id/delete": async (actor, me) => {
    const id = await commentOn((await statementOfA()).statementId);
    return form(actor === "self" ? w.commenter : me, `/en/comments/${id}/delete`);
  },
  "POST /:lang{(?:en|ar|ru)}/comments/:id/report": async (_a, me) =>
    form(me, `/en/comments/${await commentOn((await statementOfA()).statementId)}/report`, { category: "spam", note: "" }),
  "POST /:lang{(?:en|ar|ru)}/comments/:id/translate": async (_a, me) =>
    form(me, `/en/comments/${await commentOn((await statementOfA()).statementId)}/translate`, { lang: "ar", body: "أين نحتاج المساعدة؟" }),
  "POST /:lang{(?:en|ar|ru)}/comments/:id/moderate": async (_a, me) =>
    form(me, `/en/comments/${await commentOn((await statementOfA()).statementId)}/moderate`, { action: "hide", reason: "spam" }),
  "POST /:lang{(?:en|ar|ru)}/statements/:id/discussion": async (_a, me) =>
    form(me, `/en/statements/${(await statementOfA()).statementId}/discussion`, { mode: "closed" }),
  "POST /:lang{(?:en|ar|ru)}/moderation/wordlists": (_a, me) => form(me, "/en/moderation/wordlists", { lang: "en", words: "grasshopper\n" }),
  "POST /api/v1/statements/:id/comments": async (_a, me) =>
    api(me, "POST", `/api/v1/statements/${(await statementOfA()).statementId}/comments`, { body: `Where is help needed? ${uniq("c")}` }),
  "PATCH /api/v1/comments/:id": async (actor, me) => {
    const id = await commentOn((await statementOfA()).statementId);
    return api(actor === "self" ? w.commenter : me, "PATCH", `/api/v1/comments/${id}`, { body: `Second version ${uniq("e")}` });
  },
  "DELETE /api/v1/comments/:id": async (actor, me) => {
    const id = await commentOn((await statementOfA()).statementId);
    return api(actor === "self" ? w.commenter : me, "DELETE", `/api/v1/comments/${id}`);
  },
  "POST /api/v1/comments/:id/reports": async (_a, me) =>
    api(me, "POST", `/api/v1/comments/${await commentOn((await statementOfA()).statementId)}/reports`, { category: "spam" }),

  // Media
  "POST /:lang{(?:en|ar|ru)}/statements/:id/media": async (_a, me) =>
    multipart(me, `/en/statements/${(await statementOfA()).statementId}/media`, { alt: "ward" }, { bytes: await photo(), name: "p.jpg", type: "image/jpeg" }),
  "POST /:lang{(?:en|ar|ru)}/media/:id{[0-9a-z]{16}}/delete": async (_a, me) =>
    form(me, `/en/media/${await mediaOnStatement((await statementOfA()).statementId)}/delete`),
  "POST /api/v1/statements/:id/media": async (_a, me) =>
    multipart(
      me,
      `/api/v1/statements/${(await statementOfA()).statementId}/media`,
      { alt: "ward" },
      { bytes: await photo(), name: "p.jpg", type: "image/jpeg" },
      true,
    ),
  "DELETE /api/v1/media/:id": async (_a, me) => api(me, "DELETE", `/api/v1/media/${await mediaOnStatement((await statementOfA()).statementId)}`),

  // API: groups and statements
  "POST /api/v1/groups": (_a, me) =>
    api(me, "POST", "/api/v1/groups", {
      slug: uniq("api-"),
      kind: "medical",
      defaultLang: "ar",
      profiles: [{ lang: "ar", name: "عيادة ميدانية", description: "عيادة في ريف حلب" }],
      places: ["SY-HL-atarib"],
      languages: ["ar"],
    }),
  "POST /api/v1/groups/:slug/vouches": async (_a, me) => api(me, "POST", `/api/v1/groups/${await groupOfA(true)}/vouches`, { reason: "known" }),
  "POST /api/v1/groups/:slug/status": async (_a, me) =>
    api(me, "POST", `/api/v1/groups/${await groupOfA()}/status`, { status: "verified", reason: "Documents checked" }),
  "POST /api/v1/groups/:slug/members": async (_a, me) =>
    api(me, "POST", `/api/v1/groups/${w.a}/members`, { handle: (await make.user()).handle, role: "publisher" }),
  "POST /api/v1/groups/:slug/statements": (_a, me) =>
    api(me, "POST", `/api/v1/groups/${w.a}/statements`, { kind: "statement", lang: "ar", title: "بيان", body: "نص" }),
  "POST /api/v1/statements/:id/revisions": async (_a, me) => {
    const st = await statementOfA();
    return api(me, "POST", `/api/v1/statements/${st.statementId}/revisions`, { title: "بيان", body: "نص جديد" }, { "if-match": `"${st.hash}"` });
  },
  "POST /api/v1/statements/:id/retraction": async (_a, me) => {
    const st = await statementOfA();
    return api(me, "POST", `/api/v1/statements/${st.statementId}/retraction`, { reason: "معلومات غير دقيقة" }, { "if-match": `"${st.hash}"` });
  },
};

/**
 * Statuses that, on these routes, still mean "past the authorization check": the request is as
 * valid as the test can make it without the outside world (no network, no real data file).
 */
const PAST_AUTH: Record<string, number[]> = {
  "POST /:lang{(?:en|ar|ru)}/fediverse/follow": [422], // the account is checked after the role
  "POST /:lang{(?:en|ar|ru)}/incidents/:id/sources/:sid/archive": [422], // private addresses refused after the role check
};
/** Routes that answer "not found" to people who have nothing to act on there (no invitation). */
const NOT_FOUND_IS_DENIAL = new Set(["POST /:lang{(?:en|ar|ru)}/groups/:slug/invitation"]);

type Outcome = "allowed" | "denied" | `broken ${number}`;
let lastText = "";

async function classify(key: string, res: Response): Promise<Outcome> {
  const status = res.status;
  if (status === 401 || status === 403) {
    return "denied";
  }
  if (status >= 300 && status < 400) {
    const location = res.headers.get("location") ?? "";
    return /\/signin(\?|$)|\/account\/reauth/.test(location) ? "denied" : "allowed";
  }
  const text = await res.text();
  lastText = text
    .replace(/<head>[\s\S]*?<\/head>/, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .slice(0, 400);
  if (/ERR_FORBIDDEN|ERR_UNAUTHENTICATED/.test(text)) {
    return "denied";
  }
  if (status === 404 && NOT_FOUND_IS_DENIAL.has(key)) {
    return "denied";
  }
  if (status < 300 || PAST_AUTH[key]?.includes(status)) {
    return "allowed";
  }
  return `broken ${status}`;
}

/** A stand-in machine-translation server on the loopback (LibreTranslate's answer shape). */
let mtServer: http.Server | null = null;

beforeAll(async () => {
  mtServer = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url === "/languages") {
        res.end(
          JSON.stringify([
            { code: "ar", name: "Arabic", targets: ["en"] },
            { code: "en", name: "English", targets: ["ar"] },
          ]),
        );
        return;
      }
      const q = (JSON.parse(raw || "{}") as { q?: unknown }).q;
      res.end(JSON.stringify({ translatedText: Array.isArray(q) ? q.map(() => "Statement") : "Statement" }));
    });
  });
  await new Promise<void>((resolve) => mtServer?.listen(0, "127.0.0.1", resolve));
  const mtUrl = `http://127.0.0.1:${(mtServer.address() as AddressInfo).port}`;
  db = await createTestDb({ env: { SADA_FEDERATION: "on", SADA_MT_URL: mtUrl } });
  app = buildApp(db.deps);
  make = factories(db.deps);
  const groupAdmin = await make.user();
  const member = await make.user();
  const otherMember = await make.user();
  const roles = { reader: await make.user(), translator: await make.user({ role: "translator" }), reviewer: await make.user({ role: "reviewer" }) };
  const editor = await make.user({ role: "editor" });
  const admin = await make.user({ role: "admin" });
  w = { groupAdmin, member, otherMember, editor, admin, a: "", b: "", claimer: await freshWho("translator"), commenter: await freshWho("translator") };
  w.a = await groupOfA();
  w.b = (await make.vouchedGroup(otherMember)).slug;
  who.set("anonymous", { viewer: null, session: null, token: null });
  const viewers: Array<[Actor, Viewer]> = [
    ["reader", roles.reader],
    ["translator", roles.translator],
    ["reviewer", roles.reviewer],
    ["member", member],
    ["group-admin", groupAdmin],
    ["other-member", otherMember],
    ["editor", editor],
    ["admin", admin],
  ];
  for (const [actor, viewer] of viewers) {
    who.set(actor, await whoFor(viewer));
  }
}, 60_000);

afterAll(async () => {
  await db?.close();
  await new Promise((resolve) => (mtServer ? mtServer.close(resolve) : resolve(undefined)));
});

describe("authorization matrix", () => {
  it("lists every mutating route of the app, and only those", () => {
    const registered = new Set(app.routes.filter((r) => MUTATING.has(r.method)).map(routeKey));
    const declared = new Set(PERMISSIONS.map(routeKey));
    expect(
      [...registered].filter((k) => !declared.has(k)),
      "routes missing from src/main/permissions.ts",
    ).toEqual([]);
    expect(
      [...declared].filter((k) => !registered.has(k)),
      "matrix entries with no such route",
    ).toEqual([]);
    expect(declared.size, "one entry per route").toBe(PERMISSIONS.length);
  });

  it("has docs/permissions.md generated from the matrix", () => {
    const doc = fs.readFileSync(new URL("../docs/permissions.md", import.meta.url), "utf8");
    expect(doc, "run: node --import tsx scripts/permissions-doc.ts > docs/permissions.md").toBe(permissionsMarkdown());
  });

  it("keeps account routes to one's own account: another person's session or passkey is untouched", async () => {
    const victim = await freshWho();
    const attacker = await freshWho();
    const row = await db.deps.db
      .selectFrom("sessions")
      .select("id")
      .where("user_id", "=", victim.viewer?.id ?? "")
      .executeTakeFirstOrThrow();
    await form(attacker, `/en/account/sessions/${row.id}/revoke`);
    expect(await accountService.viewerForSession(db.deps, victim.session ?? "")).not.toBeNull();
    await form(victim, `/en/account/sessions/${row.id}/revoke`);
    expect(await accountService.viewerForSession(db.deps, victim.session ?? "")).toBeNull();
    const owner = await freshWho();
    const key = await passkeyOf(owner);
    await form(attacker, `/en/account/passkeys/${key}/delete`);
    expect(await passkeyExists(key)).toBe(true);
    await form(owner, `/en/account/passkeys/${key}/delete`);
    expect(await passkeyExists(key)).toBe(false);
  });

  it("lets exactly the declared actors through on every executable route", async () => {
    const executable = PERMISSIONS.filter((p) => p.execution === undefined);
    expect(
      executable.map(routeKey).filter((k) => !(k in CASES)),
      "routes without a test case",
    ).toEqual([]);
    const mismatches: string[] = [];
    let executed = 0;
    for (const p of executable) {
      const key = routeKey(p);
      const run = CASES[key];
      if (!run) {
        continue;
      }
      const actors: Actor[] = p.self ? [...ROLE_ACTORS, "self"] : [...ROLE_ACTORS];
      for (const actor of actors) {
        const me = who.get(actor) ?? { viewer: null, session: null, token: null };
        let outcome: Outcome;
        Object.assign(db.deps.limits, defaultLimits());
        lastText = "";
        try {
          outcome = await classify(key, await run(actor, me));
        } catch (error) {
          outcome = `broken ${0}`;
          mismatches.push(`| ${key.replace(/\|/g, "\\|")} | ${actor} | fixture failed: ${error instanceof Error ? error.message : String(error)} | |`);
        }
        executed++;
        const expected = p.allowed.includes(actor) ? "allowed" : "denied";
        if (outcome !== expected) {
          mismatches.push(`| ${key.replace(/\|/g, "\\|")} | ${actor} | ${expected} | ${outcome}${outcome.startsWith("broken") ? ` — ${lastText}` : ""} |`);
        }
      }
    }
    if (mismatches.length > 0) {
      console.log(
        `\nAuthorization matrix mismatches (${mismatches.length} of ${executed} cases):\n| route | actor | declared | observed |\n| --- | --- | --- | --- |\n${mismatches.join("\n")}\n`,
      );
    }
    expect(mismatches).toEqual([]);
  }, 240_000);
});
