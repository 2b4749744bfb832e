// Realistic data for the portability tests, written through the real services: groups in every
// status (one still pending), statements with revisions, a retraction, one signed offline with
// ssh-keygen, key rotation and revocation, a published translation, a draft, members, sessions
// and tokens (which must never be exported), and a flushed transparency log.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AppDeps } from "../../main/deps";
import type { TestClient } from "../../../test/client";
import type { factories } from "../../../test/factories";
import { accountService } from "../accounts/account.service";
import { groupService } from "../groups";
import { groupKeyService } from "../provenance/group-keys.service";
import { statementService } from "../statements";
import { workspaceSegments } from "../translation/translation.queries";
import { translationService } from "../translation/translation.service";
import { seedDiscussionAndFederation } from "./portability.discussion.testkit";
import { seedIncidentsAndMedia, type SeededIncidents } from "./portability.incidents.testkit";

export const SECRET_EMAIL = "hidden.person@example.org";
export const DRAFT_TEXT = "DRAFT never approved: the shelling started at dawn";
export const PENDING_NAME = "مجموعة قيد المراجعة السرية";

const EN: Record<string, string> = {
  "نداء عاجل": "Urgent appeal",
  "قصف الحي الشرقي صباح اليوم.": "The eastern district was shelled this morning.",
  "أصيب ١٢ مدنياً.": "12 civilians were injured.",
};

export interface Seeded {
  groups: { vouched: string; verified: string; suspended: string; pending: string };
  statements: { revised: string; retracted: string; translated: string; offline: string };
  memberHandle: string;
  tokenHash: string;
  sessionHash: string;
  incidents: SeededIncidents;
}

function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) {
    throw new Error(JSON.stringify(r.error));
  }
  return r.value;
}

/** Fills the instance; `client` drives the JSON API for the offline-signed statement. */
export async function seed(deps: AppDeps, make: ReturnType<typeof factories>, client: TestClient): Promise<Seeded> {
  const admin = await make.user({ role: "admin" });
  const owner = ok(await accountService.createUser(deps, { handle: "amal-writer", password: "a long passphrase here", role: "reader", email: SECRET_EMAIL }));
  const vouched = await make.vouchedGroup(owner, {
    kind: "medical",
    profiles: [
      { lang: "ar", name: "=مشفى الأمل الميداني", description: "مستشفى ميداني في دوما، يعالج الجرحى منذ ٢٠١٣." },
      { lang: "en", name: "Al-Amal field hospital", description: 'Field hospital in Douma, "open day and night".' },
    ],
    places: ["SY-RD-douma", "SY-RD"],
    languages: ["ar", "en"],
    contact: "+963 11 000 0000",
    supportChannels: [{ lang: "en", label: "Donate", url: "https://example.org/donate?a=1,2", instructions: "Any amount helps." }],
    needs: [
      { item: "Fuel for the generator", priority: "urgent" },
      { item: "@bandages, gauze", priority: "normal" },
    ],
  });
  const verified = await make.vouchedGroup(owner, { kind: "local_council" });
  ok(await groupService.setStatus(deps, admin, verified.slug, "verified", "documents checked"));
  const suspended = await make.vouchedGroup(owner, { kind: "media" });
  const pending = await make.group(owner, { profiles: [{ lang: "ar", name: PENDING_NAME, description: "" }] });

  // A member who never wrote anything public: membership is private.
  const member = await make.user({ handle: `member-${Date.now().toString(36)}` });
  ok(await groupService.invite(deps, owner, vouched.slug, { handle: member.handle, role: "publisher" }));
  ok(await groupService.respondToInvite(deps, member, vouched.slug, true));

  const revised = await make.statement(owner, vouched.slug, { title: "بيان أول", body: "نص **البيان** الأول." });
  const r2 = ok(
    await statementService.revise(deps, owner, revised.statementId, { title: "بيان أول (مصحح)", body: "نص البيان الأول بعد التصحيح.", baseHash: revised.hash }),
  );
  ok(
    await statementService.revise(deps, owner, revised.statementId, {
      title: "بيان أول (مصحح)",
      body: "نص البيان الأول بعد التصحيح الثاني.",
      baseHash: r2.hash,
    }),
  );
  // The group's server key is rotated, then the old one revoked.
  const before = await deps.db.selectFrom("signing_keys").select("fingerprint").where("group_id", "=", vouched.id).executeTakeFirstOrThrow();
  ok(await groupKeyService.register(deps, owner, vouched.slug, { custody: "server" }));
  ok(await groupKeyService.revoke(deps, owner, vouched.slug, before.fingerprint, "laptop lost"));

  const retracted = await make.statement(owner, suspended.slug, { title: "تقرير", body: "تقرير عن الوضع." });
  ok(await statementService.retract(deps, owner, retracted.statementId, { reason: "معلومات غير دقيقة" }));
  ok(await groupService.setStatus(deps, admin, suspended.slug, "suspended", "under review"));

  // A published English translation, and a French draft that must stay private.
  const translated = await make.statement(owner, verified.slug, { kind: "appeal", title: "نداء عاجل", body: "قصف الحي الشرقي صباح اليوم. أصيب ١٢ مدنياً." });
  const translator = await make.user({ role: "translator" });
  const reviewer = await make.user({ role: "reviewer" });
  for (const s of await workspaceSegments(deps, translated.statementId, 1, "en")) {
    ok(
      await translationService.saveSegment(deps, translator, {
        segmentId: s.id,
        lang: "en",
        text: EN[s.source] ?? "",
        version: s.version,
        status: "translated",
        machine: false,
      }),
    );
  }
  for (const s of await workspaceSegments(deps, translated.statementId, 1, "en")) {
    ok(
      await translationService.reviewSegment(deps, reviewer, {
        segmentId: s.id,
        lang: "en",
        version: s.version,
        decision: "approve",
        comment: "fine",
        confirmMachine: false,
      }),
    );
  }
  const [firstSegment] = await workspaceSegments(deps, revised.statementId, 3, "fr");
  if (!firstSegment) {
    throw new Error("no segment");
  }
  ok(
    await translationService.saveSegment(deps, translator, {
      segmentId: firstSegment.id,
      lang: "fr",
      text: DRAFT_TEXT,
      version: 0,
      status: "draft",
      machine: false,
    }),
  );

  const offline = await publishSignedOffline(deps, owner.handle, verified.slug, client);
  await seedDiscussionAndFederation(deps, make, owner, translated.statementId, revised.statementId);
  const incidents = await seedIncidentsAndMedia(deps, make, owner, vouched.slug, revised.statementId);

  const token = ok(await accountService.createApiToken(deps, owner.handle, "test"));
  const session = ok(await accountService.signIn(deps, { handle: owner.handle, password: "a long passphrase here" }));
  await deps.provenance.flush();
  const tokenRow = await deps.db.selectFrom("api_tokens").select("token_hash").where("user_id", "=", token.viewer.id).executeTakeFirstOrThrow();
  const sessionRow = await deps.db.selectFrom("sessions").select("token_hash").where("user_id", "=", session.viewer.id).executeTakeFirstOrThrow();
  return {
    groups: { vouched: vouched.id, verified: verified.id, suspended: suspended.id, pending: pending.id },
    statements: { revised: revised.statementId, retracted: retracted.statementId, translated: translated.statementId, offline },
    memberHandle: member.handle,
    tokenHash: tokenRow.token_hash,
    sessionHash: sessionRow.token_hash,
    incidents,
  };
}

/** A statement signed with ssh-keygen by a group that keeps its own key. */
async function publishSignedOffline(deps: AppDeps, handle: string, slug: string, client: TestClient): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-portability-"));
  try {
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "council", "-f", path.join(dir, "id")]);
    const token = ok(await accountService.createApiToken(deps, handle, "offline"));
    const auth = { authorization: `Bearer ${token.token}` };
    const pub = fs.readFileSync(path.join(dir, "id.pub"), "utf8");
    const reg = await client.json("POST", `/api/v1/groups/${slug}/keys`, { custody: "ssh", publicKey: pub }, auth);
    if (reg.status !== 201) {
      throw new Error(`register: ${reg.status}`);
    }
    const draft = { kind: "statement", lang: "ar", title: "بيان موقّع", body: "وقّعنا هذا البيان بمفتاحنا." };
    const prep = (await (await client.json("POST", `/api/v1/groups/${slug}/statements/prepare`, draft, auth)).json()) as {
      statementId: string;
      signedAt: string;
      canonical: string;
    };
    fs.writeFileSync(path.join(dir, "msg"), prep.canonical);
    execFileSync("ssh-keygen", ["-q", "-Y", "sign", "-n", "sada", "-f", path.join(dir, "id"), path.join(dir, "msg")], { stdio: "ignore" });
    const signature = fs.readFileSync(path.join(dir, "msg.sig"), "utf8");
    const res = await client.json(
      "POST",
      `/api/v1/groups/${slug}/statements`,
      { ...draft, statementId: prep.statementId, signedAt: prep.signedAt, signature },
      auth,
    );
    if (res.status !== 201) {
      throw new Error(`publish: ${res.status} ${await res.text()}`);
    }
    return prep.statementId;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** All text of a stream, decoded as UTF-8. */
export async function collect(lines: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const line of lines) {
    out += line;
  }
  return out;
}
