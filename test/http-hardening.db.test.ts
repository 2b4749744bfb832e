// HTTP hardening across every kind of page, for anonymous and signed-in readers: strict CSP
// without inline script or style, no framing, no sniffing, no referrer, an opener policy and a
// permissions policy; cookies HttpOnly and SameSite (and Secure behind TLS, with HSTS); the API
// ignores cookies (so a cross-site JSON POST cannot ride a session); bodies are size-limited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/main/app";
import { createTestDb, type TestDb } from "./db";
import { factories, PASSWORD } from "./factories";
import { TestClient } from "./client";
import { useHarness } from "./harness";

const h = useHarness();

function expectHardened(res: Response, path: string): void {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp, path).toContain("default-src 'none'");
  expect(csp, path).toContain("frame-ancestors 'none'");
  expect(csp, path).toMatch(/script-src 'self'(;|$)/);
  expect(csp, path).not.toContain("unsafe-inline");
  expect(csp, path).not.toContain("unsafe-eval");
  expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
  expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
  expect(res.headers.get("cross-origin-opener-policy"), path).toBe("same-origin");
  expect(res.headers.get("permissions-policy"), path).toContain("geolocation=()");
  for (const cookie of res.headers.getSetCookie()) {
    expect(cookie, path).toMatch(/;\s*HttpOnly/i);
    expect(cookie, path).toMatch(/;\s*SameSite=(Lax|Strict)/i);
  }
}

describe("HTTP hardening on every page type", () => {
  it("holds for anonymous and signed-in readers alike", async () => {
    const owner = await h.make.user();
    const group = await h.make.vouchedGroup(owner);
    const { statementId } = await h.make.statement(owner, group.slug);
    const pages = [
      "/en/",
      "/ar/groups",
      `/en/groups/${group.slug}`,
      `/en/groups/${group.slug}/keys`,
      `/en/statements/${statementId}`,
      `/en/statements/${statementId}/revisions/1`,
      `/en/statements/${statementId}/embed`,
      "/en/search?q=x",
      "/en/signin",
      "/en/signup",
      "/en/translate",
      "/en/glossary?pair=ar-en",
      "/en/fediverse",
      "/en/incidents",
      "/en/incidents/methodology",
      "/en/no-such-page",
      "/xx/unknown-prefix",
    ];
    const { client: signedIn } = await h.signedIn("editor");
    for (const client of [h.client(), signedIn]) {
      for (const path of pages) {
        expectHardened(await client.get(path), path);
      }
    }
    for (const path of ["/en/account", "/en/account/security", "/en/notifications"]) {
      expectHardened(await signedIn.get(path), path);
    }
    // Non-HTML answers carry the headers too.
    for (const path of ["/en/feed.atom", "/sitemap.xml", "/api/v1/groups", "/log/v1/checkpoint"]) {
      expectHardened(await h.client().get(path), path);
    }
  });

  it("ignores session cookies on the API: a JSON POST with only a cookie is unauthenticated and writes nothing", async () => {
    const { client } = await h.signedIn("editor");
    const before = await h.deps.db.selectFrom("groups").select("id").execute();
    const res = await client.json("POST", "/api/v1/groups", {
      slug: "cookie-only",
      kind: "local_council",
      defaultLang: "ar",
      profiles: [{ lang: "ar", name: "x" }],
    });
    expect(res.status).toBe(401);
    expect(await h.deps.db.selectFrom("groups").select("id").execute()).toEqual(before);
  });

  it("refuses bodies over the limit on forms and on the API", async () => {
    const big = "x".repeat(1024 * 1024 + 10);
    const { client } = await h.signedIn();
    await client.get("/en/account");
    expect((await client.post("/en/account", { locale: "", email: big })).status).toBe(413);
    expect((await client.json("POST", "/api/v1/groups", { slug: big })).status).toBe(413);
  });
});

describe("behind TLS", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb({ env: { SADA_BASE_URL: "https://sada.example" } });
  });
  afterAll(async () => {
    await db.close();
  });

  it("sends HSTS and marks every cookie Secure", async () => {
    const app = buildApp(db.deps);
    const user = await factories(db.deps).user();
    const client = new TestClient(app, { origin: "https://sada.example" });
    const page = await client.get("/en/signin");
    expect(page.headers.get("strict-transport-security")).toContain("max-age=");
    const signin = await client.post("/en/signin", { handle: user.handle, password: PASSWORD });
    const cookies = [...page.headers.getSetCookie(), ...signin.headers.getSetCookie()];
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
    }
  });
});
