import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "../../../test/client";
import { useHarness } from "../../../test/harness";
import { buildApp } from "../../main/app";
import { defaultLimits } from "../../main/deps";
import { RateLimiter } from "../../platform/http/rate-limit";
import { discussionService } from "./discussion.service";

const h = useHarness();
let statementId = "";

// A stand-in for the operator's LibreTranslate server on loopback, counting translation calls.
let calls = 0;
const mtServer = http.createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/languages") {
      res.end(JSON.stringify([{ code: "ru", name: "Russian", targets: ["en", "ar"] }]));
      return;
    }
    calls++;
    const input = JSON.parse(body) as { q: string | string[] };
    const tr = (q: string) => `EN(${q})`;
    res.end(JSON.stringify({ translatedText: Array.isArray(input.q) ? input.q.map(tr) : tr(input.q) }));
  });
});
let mtUrl = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => mtServer.listen(0, "127.0.0.1", () => resolve()));
  mtUrl = `http://127.0.0.1:${(mtServer.address() as AddressInfo).port}`;
  const owner = await h.make.user();
  const g = await h.make.vouchedGroup(owner);
  statementId = (await h.make.statement(owner, g.slug)).statementId;
});
afterAll(() => new Promise<void>((resolve) => mtServer.close(() => resolve())));

async function comment(body: string): Promise<string> {
  const author = await h.make.user({ role: "translator" });
  const r = await discussionService.post(h.deps, author, statementId, { body, lang: "ru", readingLang: "ru", parentId: null }, null);
  if (!r.ok) {
    throw new Error(r.error.type);
  }
  return r.value.id;
}

describe("show translation: a limited, cached call to the MT server", () => {
  it("limits anonymous readers' calls with a localised 429, answers repeats from memory, and keys accounts apart", async () => {
    const limits = { ...defaultLimits(), commentMtPerClient: new RateLimiter(3, 10 * 60_000), commentMtTotal: new RateLimiter(5, 60 * 60_000) };
    const app = buildApp({ ...h.deps, limits, config: { ...h.deps.config, mt: { url: mtUrl, apiKey: null } } });
    const ids = [await comment("Первый комментарий"), await comment("Второй комментарий"), await comment("Третий"), await comment("Четвёртый")];
    const reader = new TestClient(app);
    const first = await reader.get(`/en/comments/${ids[0]}/translation?to=en`);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("EN(Первый комментарий)");
    expect(calls).toBe(1);
    // The same comment and language again: from memory, no call, not counted.
    for (let n = 0; n < 5; n++) {
      expect((await reader.get(`/en/comments/${ids[0]}/translation?to=en`)).status).toBe(200);
    }
    expect(calls).toBe(1);
    expect((await reader.get(`/en/comments/${ids[1]}/translation?to=en`)).status).toBe(200);
    expect((await reader.get(`/en/comments/${ids[2]}/translation?to=en`)).status).toBe(200);
    expect(calls).toBe(3);
    // A fourth call from the same (anonymous) client is refused, in the reader's language, without a call.
    const refused = await reader.get(`/en/comments/${ids[3]}/translation?to=en`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("Too many translation requests");
    const ru = await new TestClient(app).get(`/ru/comments/${ids[3]}/translation?to=en`);
    expect(ru.status).toBe(429);
    expect(await ru.text()).toContain("Слишком много запросов перевода");
    expect(calls).toBe(3);
    // What is in memory is still served.
    expect((await reader.get(`/en/comments/${ids[1]}/translation?to=en`)).status).toBe(200);
    // A signed-in reader has a limit of their own; the site's total bounds everyone together.
    const user = await h.make.user();
    const r1 = await discussionServiceMt(app, user.handle, ids[3] ?? "");
    expect(r1).toBe(200);
    const other = await h.make.user();
    expect(await discussionServiceMt(app, other.handle, ids[3] ?? "")).toBe(200); // cached
    expect(calls).toBe(4);
    const fifth = await comment("Пятый");
    expect(await discussionServiceMt(app, other.handle, fifth)).toBe(200);
    const sixth = await comment("Шестой");
    expect(await discussionServiceMt(app, other.handle, sixth)).toBe(429);
    expect(calls).toBe(5);
  });

  it("translates an edited comment afresh and never serves a deleted one from memory", async () => {
    const app = buildApp({ ...h.deps, limits: defaultLimits(), config: { ...h.deps.config, mt: { url: mtUrl, apiKey: null } } });
    const author = await h.make.user({ role: "translator" });
    const posted = await discussionService.post(h.deps, author, statementId, { body: "Версия один", lang: "ru", readingLang: "ru", parentId: null }, null);
    const id = posted.ok ? posted.value.id : "";
    const reader = new TestClient(app);
    expect(await (await reader.get(`/en/comments/${id}/translation?to=en`)).text()).toContain("EN(Версия один)");
    const edited = await discussionService.edit(h.deps, author, id, { body: "Версия два", lang: null, version: 1 });
    expect(edited.ok).toBe(true);
    expect(await (await reader.get(`/en/comments/${id}/translation?to=en`)).text()).toContain("EN(Версия два)");
    expect((await discussionService.remove(h.deps, author, id)).ok).toBe(true);
    const gone = await reader.get(`/en/comments/${id}/translation?to=en`);
    expect(gone.status).toBe(404);
    expect(await gone.text()).not.toContain("Версия");
  });
});

/** Asks for a machine translation as a signed-in reader; returns the status. */
async function discussionServiceMt(app: ReturnType<typeof buildApp>, handle: string, id: string): Promise<number> {
  h.deps.limits.authPerClient.reset("local");
  const client = new TestClient(app);
  await client.get("/en/signin");
  const { PASSWORD } = await import("../../../test/factories");
  const signin = await client.post("/en/signin", { handle, password: PASSWORD });
  expect(signin.status).toBe(303);
  return (await client.get(`/en/comments/${id}/translation?to=en`)).status;
}
