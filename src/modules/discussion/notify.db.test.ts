import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "../../../test/client";
import { PASSWORD } from "../../../test/factories";
import { useHarness } from "../../../test/harness";
import { buildApp } from "../../main/app";
import type { Viewer } from "../accounts/account.model";

const h = useHarness();
let statementId = "";

// A local SMTP server on loopback that keeps every message it receives.
const mails: Array<{ to: string; text: string }> = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  onData(stream, session, callback) {
    let raw = "";
    stream.on("data", (d: Buffer) => (raw += d.toString()));
    stream.on("end", () => {
      mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), text: raw });
      callback();
    });
  },
});
let smtpUrl = "";

// A stand-in for a self-hosted LibreTranslate server, speaking its HTTP API on loopback.
const mtSeen: Array<{ q: unknown; source: string; target: string }> = [];
const mtServer = http.createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/languages") {
      res.end(
        JSON.stringify([
          { code: "ru", name: "Russian", targets: ["en", "ar"] },
          { code: "ar", name: "Arabic", targets: ["en", "ru"] },
        ]),
      );
      return;
    }
    const input = JSON.parse(body) as { q: string | string[]; source: string; target: string };
    mtSeen.push(input);
    const tr = (s: string) => (s.includes("Спасибо") ? "Thank you &lt;script&gt;alert(1)&lt;/script&gt; friends" : s);
    res.end(JSON.stringify({ translatedText: Array.isArray(input.q) ? input.q.map(tr) : tr(input.q) }));
  });
});
let mtUrl = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => mtServer.listen(0, "127.0.0.1", () => resolve()));
  mtUrl = `http://127.0.0.1:${(mtServer.address() as AddressInfo).port}`;
  const owner = await h.make.user();
  const g = await h.make.vouchedGroup(owner);
  statementId = (await h.make.statement(owner, g.slug)).statementId;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => mtServer.close(() => resolve()));
});

async function clientFor(app: ReturnType<typeof buildApp>, user: Viewer): Promise<TestClient> {
  const client = new TestClient(app);
  await client.get("/en/signin");
  await client.post("/en/signin", { handle: user.handle, password: PASSWORD });
  return client;
}

async function post(client: TestClient, fields: Record<string, string>): Promise<string> {
  const res = await client.post(`/en/statements/${statementId}/comments`, { lang: "", readingLang: "ar", ...fields });
  expect(res.status).toBe(303);
  return /#c-([0-9a-z]+)$/.exec(res.headers.get("location") ?? "")?.[1] ?? "";
}

describe("notifications", () => {
  it("tell authors about replies and moderation decisions in the app and by email", async () => {
    const app = buildApp({ ...h.deps, config: { ...h.deps.config, smtp: { url: smtpUrl, from: "Sada <sada@sada.test>" } } });
    const olga = await h.make.user({ role: "reader" });
    const amal = await h.make.user({ role: "translator" });
    const editor = await h.make.user({ role: "editor" });
    await h.deps.db.updateTable("users").set({ email: "olga@example.org", locale: "ru" }).where("id", "=", olga.id).execute();
    const olgaClient = await clientFor(app, olga);
    const amalClient = await clientFor(app, amal);
    const editorClient = await clientFor(app, editor);

    const first = await post(olgaClient, { body: "Спасибо, друзья. Чем помочь?" });
    // Held (new account): the reply form is not offered and nobody is notified yet.
    const approve = await editorClient.post(`/en/comments/${first}/moderate`, { action: "approve" });
    expect(approve.status).toBe(303);
    await post(amalClient, { body: "شكراً لك، نحتاج أدوية.", parentId: first });
    // Amal's own replies to herself would not notify; Olga gets "approved" and "reply".
    const notices = await h.deps.db
      .selectFrom("comment_notifications")
      .select(["kind", "comment_id"])
      .where("user_id", "=", olga.id)
      .orderBy("created_at")
      .execute();
    expect(notices.map((n) => n.kind)).toEqual(["approved", "reply"]);
    const html = await (await olgaClient.get("/ru/notifications")).text();
    expect(html).toContain("Ваш комментарий одобрен и опубликован.");
    expect(html).toContain("Вам ответили на комментарий.");
    expect(html).toContain("Уведомления (2)");
    expect((await olgaClient.post("/ru/notifications/read", {})).status).toBe(303);
    expect(await (await olgaClient.get("/ru/notifications")).text()).not.toContain("Уведомления (2)");
    // Emails went to the local SMTP server, in Olga's language, without the comment's text.
    await expect.poll(() => mails.filter((m) => m.to === "olga@example.org").length, { timeout: 5000 }).toBe(2);
    const mail = mails.find((m) => m.to === "olga@example.org")?.text ?? "";
    expect(mail).toContain("/ru/statements/");
    expect(mail).not.toContain("Чем помочь");
    // Amal has no address: in-app notice only.
    await editorClient.post(`/en/comments/${first}/moderate`, { action: "hide", reason: "off_topic" });
    const hidden = await h.deps.db
      .selectFrom("comment_notifications")
      .select(["kind", "detail"])
      .where("user_id", "=", olga.id)
      .where("kind", "=", "hidden")
      .executeTakeFirst();
    expect(hidden).toEqual({ kind: "hidden", detail: "off_topic" });
  });

  it("show moderators the queue size in the header", async () => {
    const { client: editor } = await h.signedIn("editor");
    const { client: newbie } = await h.signedIn("reader");
    await post(newbie, { body: "waiting for the queue" });
    const html = await (await editor.get("/en/groups")).text();
    const queue = await (await editor.get("/en/moderation")).text();
    const items = queue.match(/class="queue-item"/g)?.length ?? 0;
    expect(items).toBeGreaterThan(0);
    expect(html).toContain(`Moderation (${items})`);
    expect(await (await newbie.get("/en/groups")).text()).not.toContain("Moderation");
  });
});

describe("reading across languages", () => {
  it("shows a labelled machine translation from the configured server on request", async () => {
    const app = buildApp({ ...h.deps, config: { ...h.deps.config, mt: { url: mtUrl, apiKey: null } } });
    const olga = await h.make.user({ role: "translator" });
    const id = await post(await clientFor(app, olga), { body: "Спасибо, **друзья**" });
    const reader = new TestClient(app);
    const pageHtml = await (await reader.get(`/en/statements/${statementId}`)).text();
    expect(pageHtml).toContain(`/en/comments/${id}/translation?to=en`);
    const res = await reader.get(`/en/comments/${id}/translation?to=en`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Machine translation from Русский into English. It may be wrong.");
    // The engine's answer is shown as text, never as markup.
    expect(html).toContain("Thank you &lt;script&gt;alert(1)&lt;/script&gt; friends");
    expect(html).not.toContain("<script>alert(1)");
    expect(mtSeen.at(-1)).toMatchObject({ source: "ru", target: "en" });
    // Without a server there is no link and the page says so.
    expect(await (await h.client().get(`/en/statements/${statementId}`)).text()).not.toContain(`/comments/${id}/translation`);
    expect((await h.client().get(`/en/comments/${id}/translation?to=en`)).status).toBe(404);
  });

  it("lets trusted volunteers add a human translation, credited, and refuses untrusted ones", async () => {
    const { client: olga } = await h.signedIn("translator");
    const id = await post(olga, { body: "Где нужна помощь?" });
    const { client: volunteer, user } = await h.signedIn("translator");
    expect((await volunteer.get(`/en/comments/${id}/translate`)).status).toBe(200);
    const same = await volunteer.post(`/en/comments/${id}/translate`, { lang: "ru", body: "Где?" });
    expect(same.status).toBe(422);
    const res = await volunteer.post(`/en/comments/${id}/translate`, { lang: "ar", body: "أين نحتاج المساعدة؟" });
    expect(res.status).toBe(303);
    const html = await (await h.client().get(`/en/statements/${statementId}`)).text();
    expect(html).toContain(`Translation into العربية by ${user.handle}`);
    expect(html).toContain("أين نحتاج المساعدة؟");
    const { client: newbie } = await h.signedIn("reader");
    expect((await newbie.post(`/en/comments/${id}/translate`, { lang: "en", body: "Where is help needed?" })).status).toBe(403);
    // Another volunteer cannot replace it; a translation carrying personal data is not published.
    const { client: other } = await h.signedIn("translator");
    await other.get(`/en/comments/${id}/translate`);
    expect((await other.post(`/en/comments/${id}/translate`, { lang: "ar", body: "ترجمة أخرى" })).status).toBe(403);
    const doxx = await other.post(`/en/comments/${id}/translate`, { lang: "en", body: "Call him on +963 944 123 456" });
    expect(doxx.status).toBe(422);
    expect(await (await h.client().get(`/en/statements/${statementId}`)).text()).not.toContain("944 123 456");
  });
});

describe("the public API", () => {
  it("lists the public thread as a tree, without held comments or erased text, and documents it", async () => {
    const { client: a } = await h.signedIn("translator");
    const { client: newbie } = await h.signedIn("reader");
    const top = await post(a, { body: "Публичный комментарий" });
    await post(a, { body: "ответ на него", parentId: top });
    const held = await post(newbie, { body: "still waiting in the queue" });
    const res = await h.client().get(`/api/v1/statements/${statementId}/comments`);
    expect(res.status).toBe(200);
    const data = (await res.json()) as {
      count: number;
      comments: Array<{ id: string; lang: string; body: string | null; replies: Array<{ body: string | null; depth: number }> }>;
    };
    const item = data.comments.find((c) => c.id === top);
    expect(item).toMatchObject({ lang: "ru", body: "Публичный комментарий" });
    expect(item?.replies[0]).toMatchObject({ body: "ответ на него", depth: 1 });
    expect(JSON.stringify(data)).not.toContain(held);
    const missing = await h.client().get("/api/v1/statements/0000000000000000/comments");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("ERR_STATEMENT_NOT_FOUND");
    const doc = (await (await h.client().get("/api/v1/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(doc.paths).toHaveProperty(["/statements/{id}/comments"]);
  });
});
