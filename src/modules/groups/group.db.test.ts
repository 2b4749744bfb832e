import { describe, expect, it } from "vitest";
import { countRows } from "../../../test/db";
import { useHarness } from "../../../test/harness";
import { groupService } from "./group.service";

const h = useHarness();

const proposeForm = (slug: string) => ({
  defaultLang: "ar",
  name: "المجلس المحلي في دوما",
  slug,
  description: "مجلس محلي يدير الخدمات في المدينة.",
  kind: "local_council",
  places: ["SY-RD-douma", "SY-RD"],
  languages: ["ar", "en"],
  contact: "council@example.org",
  support_label: "تبرع",
  support_url: "https://example.org/donate",
  support_instructions: "",
  need_item: "وقود للمولدات",
  need_priority: "urgent",
});

describe("proposing a group", () => {
  it("creates a pending group with its profile, places, languages, support and needs", async () => {
    const { client, user } = await h.signedIn();
    await client.get("/en/groups/new");
    const res = await client.post("/en/groups/new", proposeForm("douma-council"));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/en/groups/douma-council?done=proposed");
    const page = await (await client.get("/en/groups/douma-council")).text();
    expect(page).toContain("المجلس المحلي في دوما");
    expect(page).toContain("Pending vetting");
    expect(page).toContain("Douma");
    expect(page).toContain("https://example.org/donate");
    expect(page).toContain("وقود للمولدات");
    const members = await h.deps.db.selectFrom("group_members").selectAll().execute();
    expect(members.find((m) => m.user_id === user.id)?.role).toBe("admin");
    const history = await h.deps.db.selectFrom("group_status_changes").selectAll().execute();
    expect(history.some((c) => c.to_status === "pending" && c.actor_id === user.id)).toBe(true);
  });

  it("re-renders with a message per bad field and writes nothing", async () => {
    const before = await Promise.all([countRows(h.deps, "groups"), countRows(h.deps, "group_profiles"), countRows(h.deps, "group_places")]);
    const { client } = await h.signedIn();
    await client.get("/ru/groups/new");
    const res = await client.post("/ru/groups/new", { ...proposeForm("Bad Slug!"), places: ["SY-XX"], languages: [], name: "" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('lang="ru"');
    expect(html.match(/class="error"/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    expect(await Promise.all([countRows(h.deps, "groups"), countRows(h.deps, "group_profiles"), countRows(h.deps, "group_places")])).toEqual(before);
  });

  it("refuses a duplicate slug with 409", async () => {
    const { client } = await h.signedIn();
    await client.get("/en/groups/new");
    expect((await client.post("/en/groups/new", proposeForm("dup-slug"))).status).toBe(303);
    const before = await countRows(h.deps, "groups");
    const res = await client.post("/en/groups/new", proposeForm("dup-slug"));
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Another group already uses this short name.");
    expect(await countRows(h.deps, "groups")).toBe(before);
  });

  it("sends anonymous visitors to sign in", async () => {
    const res = await h.client().get("/en/groups/new");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("/en/signin?next=");
  });
});

describe("vetting", () => {
  it("needs two editors to make a group vouched; each vouches once", async () => {
    const owner = await h.make.user();
    const g = await h.make.group(owner);
    const a = await h.signedIn("editor");
    const b = await h.signedIn("editor");
    await a.client.get(`/en/groups/${g.slug}`);
    expect((await a.client.post(`/en/groups/${g.slug}/vouch`, { reason: "Known to our network" })).status).toBe(303);
    let row = await h.deps.db.selectFrom("groups").select("status").where("slug", "=", g.slug).executeTakeFirstOrThrow();
    expect(row.status).toBe("pending");
    expect((await a.client.post(`/en/groups/${g.slug}/vouch`, { reason: "again" })).status).toBe(409);
    await b.client.get(`/en/groups/${g.slug}`);
    expect((await b.client.post(`/en/groups/${g.slug}/vouch`, { reason: "Met them in Idlib" })).status).toBe(303);
    row = await h.deps.db.selectFrom("groups").select("status").where("slug", "=", g.slug).executeTakeFirstOrThrow();
    expect(row.status).toBe("vouched");
    const changes = await h.deps.db
      .selectFrom("group_status_changes")
      .innerJoin("groups", "groups.id", "group_status_changes.group_id")
      .select(["to_status", "actor_id", "reason"])
      .where("groups.slug", "=", g.slug)
      .execute();
    expect(changes.map((c) => c.to_status)).toEqual(["pending", "vouched"]);
    expect(changes[1]?.actor_id).toBe(b.user.id);
    expect(changes[1]?.reason).toBe("Met them in Idlib");
  });

  it("does not let readers vouch, nor members vouch for their own group", async () => {
    const owner = await h.make.user({ role: "editor" });
    const g = await h.make.group(owner);
    expect((await groupService.vouch(h.deps, owner, g.slug, "mine")).ok).toBe(false);
    const reader = await h.signedIn("reader");
    await reader.client.get(`/en/groups/${g.slug}`);
    expect((await reader.client.post(`/en/groups/${g.slug}/vouch`, { reason: "x" })).status).toBe(403);
    expect(await h.deps.db.selectFrom("group_vouches").select("user_id").where("user_id", "in", [owner.id, reader.user.id]).execute()).toHaveLength(0);
  });

  it("lets admins verify and suspend with a reason; others cannot", async () => {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    const editor = await h.make.user({ role: "editor" });
    expect(await groupService.setStatus(h.deps, editor, g.slug, "verified", "x")).toEqual({ ok: false, error: { type: "forbidden" } });
    const admin = await h.signedIn("admin");
    await admin.client.get(`/en/groups/${g.slug}`);
    expect((await admin.client.post(`/en/groups/${g.slug}/status`, { status: "verified", reason: "Documents checked" })).status).toBe(303);
    expect((await admin.client.post(`/en/groups/${g.slug}/status`, { status: "suspended", reason: "" })).status).toBe(422);
    expect((await admin.client.post(`/en/groups/${g.slug}/status`, { status: "suspended", reason: "Compromised account" })).status).toBe(303);
    const page = await (await h.client().get(`/en/groups/${g.slug}`)).text();
    expect(page).toContain("Documents checked");
    expect(page).toContain("Compromised account");
    expect(page).toContain("This group is suspended.");
  });
});

describe("directory", () => {
  it("lists vouched groups only, filtered by kind, place (with districts) and language, with counts", async () => {
    const owner = await h.make.user();
    const medical = await h.make.vouchedGroup(owner, {
      kind: "medical",
      places: ["SY-HL-afrin"],
      languages: ["kmr", "ar"],
      profiles: [{ lang: "en", name: "Afrin Field Clinic", description: "" }],
      defaultLang: "en",
    });
    const media = await h.make.vouchedGroup(owner, {
      kind: "media",
      places: ["SY-DY-mayadin"],
      languages: ["ar"],
      profiles: [{ lang: "en", name: "Mayadin Media Office", description: "" }],
      defaultLang: "en",
    });
    const pending = await h.make.group(owner, {
      kind: "medical",
      places: ["SY-HL"],
      profiles: [{ lang: "en", name: "Pending Clinic", description: "" }],
      defaultLang: "en",
    });
    const all = await (await h.client().get("/en/groups")).text();
    expect(all).toContain("Afrin Field Clinic");
    expect(all).toContain("Mayadin Media Office");
    expect(all).not.toContain("Pending Clinic");
    const byPlace = await (await h.client().get("/en/groups?place=SY-HL")).text();
    expect(byPlace).toContain("Afrin Field Clinic");
    expect(byPlace).not.toContain("Mayadin Media Office");
    const byKind = await (await h.client().get("/en/groups?kind=media")).text();
    expect(byKind).toContain(`/en/groups/${media.slug}`);
    expect(byKind).not.toContain(`/en/groups/${medical.slug}`);
    const byLang = await (await h.client().get("/en/groups?lang=kmr")).text();
    expect(byLang).toContain("Afrin Field Clinic");
    expect(byLang).not.toContain("Mayadin Media Office");
    expect(byLang).toMatch(/1 group\b/);
    const editor = await h.signedIn("editor");
    const pendingList = await (await editor.client.get("/en/groups?status=pending")).text();
    expect(pendingList).toContain(`/en/groups/${pending.slug}`);
  });
});

describe("group administration", () => {
  it("invites a member by handle, who joins only after accepting", async () => {
    const owner = await h.signedIn();
    const g = await h.make.vouchedGroup(owner.user);
    const invitee = await h.signedIn();
    await owner.client.get(`/en/groups/${g.slug}/admin`);
    const res = await owner.client.post(`/en/groups/${g.slug}/admin/members`, { handle: invitee.user.handle, role: "publisher" });
    expect(res.status).toBe(303);
    expect((await owner.client.post(`/en/groups/${g.slug}/admin/members`, { handle: "no_such_person", role: "publisher" })).status).toBe(422);
    const account = await (await invitee.client.get("/en/account")).text();
    expect(account).toContain("You are invited to join");
    expect((await invitee.client.get(`/en/groups/${g.slug}/statements/new`)).status).toBe(200);
    expect(
      (await invitee.client.post(`/en/groups/${g.slug}/statements/new`, { kind: "statement", lang: "ar", title: "t", body: "b", intent: "publish" })).status,
    ).toBe(403);
    await invitee.client.post(`/en/groups/${g.slug}/invitation`, { accept: "yes" });
    const publish = await invitee.client.post(`/en/groups/${g.slug}/statements/new`, {
      kind: "statement",
      lang: "ar",
      title: "t",
      body: "b",
      intent: "publish",
    });
    expect(publish.status).toBe(303);
  });

  it("edits the profile in another language, and refuses a stale save", async () => {
    const owner = await h.signedIn();
    const g = await h.make.vouchedGroup(owner.user);
    const page = await (await owner.client.get(`/en/groups/${g.slug}/admin`)).text();
    const version = /name="version" value="(\d+)"/.exec(page)?.[1] ?? "";
    const form = {
      version,
      profile_lang: "en",
      name: "Idlib Civil Defence",
      description: "Rescue teams.",
      kind: "civil_defence",
      places: ["SY-ID-idlib"],
      languages: ["ar", "en"],
      contact: "",
    };
    expect((await owner.client.post(`/en/groups/${g.slug}/admin/profile`, form)).status).toBe(303);
    const stale = await owner.client.post(`/en/groups/${g.slug}/admin/profile`, { ...form, name: "Overwritten" });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Someone else saved this group");
    const en = await (await h.client().get(`/en/groups/${g.slug}`)).text();
    expect(en).toContain("Idlib Civil Defence");
    expect(en).not.toContain("Overwritten");
    const ar = await (await h.client().get(`/ar/groups/${g.slug}`)).text();
    expect(ar).toContain("الدفاع المدني في إدلب");
  });

  it("adds and removes support channels and needs; strangers cannot", async () => {
    const owner = await h.signedIn();
    const g = await h.make.vouchedGroup(owner.user);
    await owner.client.get(`/en/groups/${g.slug}/admin`);
    expect(
      (await owner.client.post(`/en/groups/${g.slug}/admin/support`, { lang: "en", label: "Bank transfer", url: "", instructions: "IBAN on request" })).status,
    ).toBe(303);
    expect(
      (await owner.client.post(`/en/groups/${g.slug}/admin/support`, { lang: "en", label: "Bad", url: "javascript:alert(1)", instructions: "" })).status,
    ).toBe(422);
    expect((await owner.client.post(`/en/groups/${g.slug}/admin/needs`, { item: "Insulin", priority: "high" })).status).toBe(303);
    const stranger = await h.signedIn();
    await stranger.client.get("/en/account");
    expect((await stranger.client.post(`/en/groups/${g.slug}/admin/needs`, { item: "Spam", priority: "high" })).status).toBe(403);
    const page = await (await h.client().get(`/en/groups/${g.slug}`)).text();
    expect(page).toContain("Bank transfer");
    expect(page).toContain("Insulin");
    expect(page).not.toContain("Spam");
    expect(page).not.toContain("javascript:");
  });
});
