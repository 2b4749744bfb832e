import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../src/main/server";
import { createRuntime } from "../src/main/wiring";
import { loadConfig, type Config } from "../src/platform/config";
import { freshDatabaseUrl } from "./db";
import { accountService } from "../src/modules/accounts/account.service";
import { factories, PASSWORD } from "./factories";

let running: Awaited<ReturnType<typeof startServer>>;
let base = "";
let statementPath = "";
let printed: string[] = [];
let db: Awaited<ReturnType<typeof freshDatabaseUrl>>;
let dataDir = "";
let session = { token: "", handle: "" };

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });

beforeAll(async () => {
  db = await freshDatabaseUrl();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-server-"));
  const port = await freePort();
  const loaded = loadConfig({ DATABASE_URL: db.url, SADA_DATA_DIR: dataDir, PORT: String(port) });
  if (!loaded.ok) {
    throw new Error("config");
  }
  const config: Config = loaded.value;
  printed = [];
  running = await startServer(config, (line) => printed.push(line));
  base = config.baseUrl;
  const runtime = await createRuntime(config, { migrate: false });
  const make = factories(runtime.deps);
  const owner = await make.user();
  const g = await make.vouchedGroup(owner);
  const s = await make.statement(owner, g.slug, { title: "بيان للاختبار" });
  statementPath = `/ar/statements/${s.statementId}`;
  const signedIn = await accountService.signIn(runtime.deps, { handle: owner.handle, password: PASSWORD });
  session = signedIn.ok ? { token: signedIn.value.sessionToken, handle: owner.handle } : session;
  await runtime.close();
});

afterAll(async () => {
  await running?.close();
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("the running server", () => {
  it("prints its address and a one-time setup URL on a fresh instance", () => {
    expect(printed[0]).toContain(`Sada is running at ${base}/`);
    expect(printed.join("\n")).toMatch(new RegExp(`${base}/en/setup/[A-Za-z0-9_-]{43}`));
  });

  it("serves repeat anonymous reads from the front cache with the same headers as the app", async () => {
    const first = await fetch(base + statementPath);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag");
    const second = await fetch(base + statementPath, { headers: { "accept-encoding": "gzip" } });
    expect(second.headers.get("etag")).toBe(etag);
    expect(second.headers.get("content-encoding")).toBe("gzip");
    expect(second.headers.get("content-security-policy")).toBe(first.headers.get("content-security-policy"));
    expect(second.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await second.text()).toContain("بيان للاختبار");
    const notModified = await fetch(base + statementPath, { headers: { "if-none-match": etag ?? "" } });
    expect(notModified.status).toBe(304);
  });

  it("never answers a signed-in reader from the cache", async () => {
    await fetch(base + statementPath);
    const withSession = await fetch(base + statementPath, { headers: { cookie: `sada_session=${session.token}` } });
    expect(withSession.status).toBe(200);
    expect(withSession.headers.get("etag")).toBeNull();
    expect(await withSession.text()).toContain(session.handle);
  });
});
