import { describe, expect, it } from "vitest";
import { countRows } from "../../../test/db";
import { useHarness } from "../../../test/harness";
import { accountService } from "../accounts/account.service";

const h = useHarness();

async function tokenFor(role: "reader" | "editor" | "admin" = "reader") {
  const user = await h.make.user({ role });
  const r = await accountService.createApiToken(h.deps, user.handle, "test");
  if (!r.ok) {
    throw new Error("token");
  }
  return { user, auth: { authorization: `Bearer ${r.value.token}` } };
}

const groupBody = (slug: string) => ({
  slug,
  kind: "medical",
  defaultLang: "ar",
  profiles: [
    { lang: "ar", name: "عيادة ميدانية", description: "عيادة في ريف حلب" },
    { lang: "en", name: "Field clinic", description: "A clinic near Aleppo" },
  ],
  places: ["SY-HL-atarib"],
  languages: ["ar", "en"],
  supportChannels: [{ lang: "en", label: "Donate", url: "https://example.org/d" }],
  needs: [{ item: "Antibiotics", priority: "urgent" }],
});

describe("JSON API", () => {
  it("publishes an OpenAPI document listing the endpoints", async () => {
    const res = await h.client().get("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/groups",
        "/groups/{slug}",
        "/groups/{slug}/vouches",
        "/groups/{slug}/members",
        "/groups/{slug}/statements",
        "/statements/{id}",
        "/statements/{id}/revisions",
        "/statements/{id}/retraction",
        "/search",
      ]),
    );
  });

  it("creates, vouches, lists and gets groups", async () => {
    const { auth } = await tokenFor();
    const created = await h.client().json("POST", "/api/v1/groups", groupBody("api-clinic"), auth);
    expect(created.status).toBe(201);
    const body = (await created.json()) as { group: { slug: string; status: string; needs: unknown[] } };
    expect(body.group).toMatchObject({ slug: "api-clinic", status: "pending" });
    expect(body.group.needs).toHaveLength(1);
    for (let i = 0; i < 2; i++) {
      const editor = await tokenFor("editor");
      const v = await h.client().json("POST", "/api/v1/groups/api-clinic/vouches", { reason: "known" }, editor.auth);
      expect(v.status).toBe(201);
    }
    const got = (await (await h.client().get("/api/v1/groups/api-clinic")).json()) as { group: { status: string; vouches: unknown[] } };
    expect(got.group.status).toBe("vouched");
    expect(got.group.vouches).toHaveLength(2);
    const list = (await (await h.client().get("/api/v1/groups?kind=medical")).json()) as { groups: Array<{ slug: string }> };
    expect(list.groups.map((g) => g.slug)).toContain("api-clinic");
  });

  it("answers errors as JSON with stable codes", async () => {
    const { auth } = await tokenFor();
    const c = h.client();
    expect((await c.json("POST", "/api/v1/groups", groupBody("x-needs-auth"))).status).toBe(401);
    const bad = await c.request("POST", "/api/v1/groups", { body: "{not json", headers: { ...auth, "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("ERR_MALFORMED_JSON");
    const invalid = await c.json("POST", "/api/v1/groups", { ...groupBody("ok-slug"), places: ["nowhere"] }, auth);
    expect(invalid.status).toBe(422);
    const err = ((await invalid.json()) as { error: { code: string; details: Array<{ field: string }> } }).error;
    expect(err.code).toBe("ERR_VALIDATION");
    expect(err.details.map((d) => d.field)).toContain("places.0");
    await c.json("POST", "/api/v1/groups", groupBody("dupe-api"), auth);
    const dupe = await c.json("POST", "/api/v1/groups", groupBody("dupe-api"), auth);
    expect(dupe.status).toBe(409);
    expect(((await dupe.json()) as { error: { code: string } }).error.code).toBe("ERR_SLUG_TAKEN");
    const missing = await c.get("/api/v1/groups/nope-nope");
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("ERR_GROUP_NOT_FOUND");
    const badToken = await c.json("POST", "/api/v1/groups", groupBody("x-bad-token"), { authorization: "Bearer sada_wrong" });
    expect(badToken.status).toBe(401);
  });

  it("refuses bodies over 1 MB with 413 and writes nothing", async () => {
    const { auth } = await tokenFor();
    const before = await countRows(h.deps, "groups");
    const huge = { ...groupBody("huge-one"), contact: "x".repeat(1_100_000) };
    const res = await h.client().json("POST", "/api/v1/groups", huge, auth);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("ERR_BODY_TOO_LARGE");
    expect(await countRows(h.deps, "groups")).toBe(before);
  });

  it("publishes statements, revises with If-Match (412 when stale), retracts, and searches", async () => {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    const t = await accountService.createApiToken(h.deps, owner.handle, "t");
    const auth = { authorization: `Bearer ${t.ok ? t.value.token : ""}` };
    const c = h.client();
    const created = await c.json(
      "POST",
      `/api/v1/groups/${g.slug}/statements`,
      { kind: "report", lang: "ar", title: "تقرير الأسبوع", body: "وصلت ٣ شاحنات إغاثة." },
      auth,
    );
    expect(created.status).toBe(201);
    const etag1 = created.headers.get("etag") ?? "";
    const s = ((await created.json()) as { statement: { id: string; currentHash: string } }).statement;
    expect(etag1).toBe(`"${s.currentHash}"`);
    expect((await c.json("POST", `/api/v1/statements/${s.id}/revisions`, { title: "a", body: "b" }, auth)).status).toBe(428);
    const rev = await c.json(
      "POST",
      `/api/v1/statements/${s.id}/revisions`,
      { title: "تقرير الأسبوع", body: "وصلت ٤ شاحنات إغاثة." },
      { ...auth, "if-match": etag1 },
    );
    expect(rev.status).toBe(201);
    const stale = await c.json("POST", `/api/v1/statements/${s.id}/revisions`, { title: "x", body: "overwrite" }, { ...auth, "if-match": etag1 });
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe("ERR_PRECONDITION_FAILED");
    expect(stale.headers.get("etag")).toBe(rev.headers.get("etag"));
    const got = (await (await c.get(`/api/v1/statements/${s.id}`)).json()) as {
      statement: { revisions: Array<{ body: string; previousHash: string | null }> };
    };
    expect(got.statement.revisions.map((r) => r.body)).toEqual(["وصلت ٣ شاحنات إغاثة.", "وصلت ٤ شاحنات إغاثة."]);
    expect(got.statement.revisions[1]?.previousHash).toBe(s.currentHash);
    const found = (await (await c.get(`/api/v1/search?q=${encodeURIComponent("شاحنات")}`)).json()) as { statements: Array<{ id: string }> };
    expect(found.statements.map((x) => x.id)).toContain(s.id);
    const retracted = await c.json("POST", `/api/v1/statements/${s.id}/retraction`, { reason: "duplicate" }, auth);
    expect(retracted.status).toBe(201);
    expect(((await retracted.json()) as { statement: { status: string } }).statement.status).toBe("retracted");
    const again = await c.json("POST", `/api/v1/statements/${s.id}/retraction`, { reason: "again" }, auth);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("ERR_STATEMENT_RETRACTED");
  });

  it("adds members by invitation", async () => {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    const t = await accountService.createApiToken(h.deps, owner.handle, "t");
    const auth = { authorization: `Bearer ${t.ok ? t.value.token : ""}` };
    const invitee = await h.make.user();
    const res = await h.client().json("POST", `/api/v1/groups/${g.slug}/members`, { handle: invitee.handle, role: "publisher" }, auth);
    expect(res.status).toBe(201);
    const other = await tokenFor();
    const forbidden = await h.client().json("POST", `/api/v1/groups/${g.slug}/members`, { handle: other.user.handle, role: "admin" }, other.auth);
    expect(forbidden.status).toBe(403);
  });
});

describe("API authentication", () => {
  it("accepts the bearer scheme in any case, and refuses a wrong token", async () => {
    const owner = await h.make.user();
    const t = await accountService.createApiToken(h.deps, owner.handle, "t");
    const token = t.ok ? t.value.token : "";
    const res = await h.client().json("POST", "/api/v1/groups", groupBody("lower-bearer"), { authorization: `bearer ${token}` });
    expect(res.status).toBe(201);
    const wrong = await h.client().get("/api/v1/groups", { authorization: "Bearer sada_not_a_token" });
    expect(wrong.status).toBe(401);
  });
});
