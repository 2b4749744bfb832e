// The same instance served over Tor: pages reached through the onion address carry no absolute
// URL to the clearnet address (canonical, language versions, feeds, link previews, sitemap), the
// page cache keeps the two renderings apart, and clearnet pages announce the onion service.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { buildApp } from "../src/main/app";
import type { AppEnv } from "../src/modules/http-env";
import { loadConfig } from "../src/platform/config";
import { createTestDb, type TestDb } from "./db";
import { factories } from "./factories";
import { TestClient } from "./client";

const ONION = `http://${"a".repeat(41)}bcdefghijklmnop.onion`;
const CLEARNET = "https://sada.example";

describe("onion service mode", () => {
  let db: TestDb;
  let app: Hono<AppEnv>;
  let statementId = "";

  beforeAll(async () => {
    db = await createTestDb({ env: { SADA_BASE_URL: CLEARNET, SADA_ONION_URL: ONION } });
    app = buildApp(db.deps);
    const make = factories(db.deps);
    const owner = await make.user();
    const group = await make.vouchedGroup(owner, { slug: "onion-council" });
    statementId = (await make.statement(owner, group.slug)).statementId;
  });

  afterAll(async () => {
    await db.close();
  });

  const viaOnion = () => new TestClient(app, { host: new URL(ONION).host });
  const viaClearnet = () => new TestClient(app, { host: new URL(CLEARNET).host });

  it("puts every absolute URL of a page on the onion address when it was reached through it", async () => {
    for (const path of [`/en/statements/${statementId}`, "/en/groups/onion-council", "/en/", "/en/feed.atom", "/sitemap.xml", "/robots.txt"]) {
      const res = await viaOnion().get(path);
      expect(res.status, path).toBe(200);
      const body = await res.text();
      expect(body, path).not.toContain("sada.example");
      expect(body, path).toContain(ONION);
      expect(res.headers.get("onion-location"), path).toBeNull();
    }
  });

  it("keeps clearnet pages on the clearnet address, announces the onion service, and never serves one from the other's cache", async () => {
    const path = `/en/statements/${statementId}`;
    await viaOnion().get(path);
    const res = await viaClearnet().get(path);
    const body = await res.text();
    expect(body).toContain(`<link rel="canonical" href="${CLEARNET}${path}"`);
    expect(body).not.toContain(".onion");
    expect(res.headers.get("onion-location")).toBe(`${ONION}${path}`);
    // And the other way round, after the clearnet page is cached.
    expect(await (await viaOnion().get(path)).text()).toContain(`<link rel="canonical" href="${ONION}${path}"`);
  });

  it("accepts only a real onion address in the setting", () => {
    expect(loadConfig({ SADA_ONION_URL: "http://example.org" }).ok).toBe(false);
    expect(loadConfig({ SADA_ONION_URL: ONION }).ok).toBe(true);
  });
});
