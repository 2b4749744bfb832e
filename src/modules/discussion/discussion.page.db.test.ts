// What the discussion and media sections of a statement page cost, and what the page cache keeps:
// the sections read their data while the page renders, with the viewer the request already resolved.
import type { Hono } from "hono";
import type { KyselyPlugin, OperationNode } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "../../../test/client";
import { PASSWORD } from "../../../test/factories";
import { useHarness } from "../../../test/harness";
import { buildApp } from "../../main/app";
import type { Viewer } from "../accounts/account.model";
import type { AppEnv } from "../http-env";
import { postCommentCommand } from "./discussion.commands";
import { discussionService } from "./discussion.service";

const h = useHarness();

/** The tables each query of the app touched, in order, while `counting` is on. */
const queries: string[][] = [];
let counting = false;

function tablesOf(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) {
    node.forEach((n) => tablesOf(n, out));
  } else if (node !== null && typeof node === "object") {
    const n = node as { kind?: string; table?: { identifier?: { name?: string } } };
    if (n.kind === "TableNode" && n.table?.identifier?.name) {
      out.add(n.table.identifier.name);
    }
    Object.values(node).forEach((v) => tablesOf(v, out));
  }
  return out;
}

const counter: KyselyPlugin = {
  transformQuery(args) {
    if (counting) {
      queries.push([...tablesOf(args.node as OperationNode, new Set())]);
    }
    return args.node;
  },
  transformResult: (args) => Promise.resolve(args.result),
};

/** Runs one request and returns its response with the queries it made. */
async function measured(run: () => Promise<Response>): Promise<{ res: Response; html: string; queries: string[][] }> {
  queries.length = 0;
  counting = true;
  try {
    const res = await run();
    const html = await res.text();
    return { res, html, queries: [...queries] };
  } finally {
    counting = false;
  }
}

let app: Hono<AppEnv>;
let owner: Viewer;
let statementId = "";

async function signIn(handle: string): Promise<TestClient> {
  h.deps.limits.authPerClient.reset("local");
  const client = new TestClient(app);
  await client.get("/en/signin");
  const res = await client.post("/en/signin", { handle, password: PASSWORD });
  expect(res.status).toBe(303);
  return client;
}

beforeAll(async () => {
  // The same app as the harness's, over a database handle that records every query.
  app = buildApp({ ...h.deps, db: h.deps.db.withPlugin(counter) });
  owner = await h.make.user({ role: "translator" });
  const group = await h.make.vouchedGroup(owner);
  statementId = (await h.make.statement(owner, group.slug)).statementId;
});

describe("a statement page's discussion and media sections", () => {
  it("read the signed-in reader's session once per page", async () => {
    const reader = await h.make.user({ role: "translator" });
    const client = await signIn(reader.handle);
    const posted = await discussionService.post(
      h.deps,
      owner,
      statementId,
      postCommentCommand.parse({ body: "A comment to show", lang: "en", readingLang: "ar" }),
      null,
    );
    expect(posted.ok).toBe(true);
    const { res, html, queries: q } = await measured(() => client.get(`/en/statements/${statementId}`));
    expect(res.status).toBe(200);
    expect(html).toContain("A comment to show");
    expect(html).toContain(`href="/en/notifications"`);
    console.info(`signed-in statement page: ${q.length} queries: ${q.map((t) => t.join("+")).join(", ")}`);
    expect(q.filter((tables) => tables.includes("sessions"))).toHaveLength(1);
  });

  it("serve anonymous pages from the page cache without reading the database, and never cache a signed-in page", async () => {
    const reader = await h.make.user({ role: "translator" });
    const client = await signIn(reader.handle);
    const anonymous = new TestClient(app);
    const signedIn = await measured(() => client.get(`/en/statements/${statementId}`));
    expect(signedIn.html).toContain(`href="/en/notifications"`);
    const first = await measured(() => anonymous.get(`/en/statements/${statementId}`));
    expect(first.html).toContain("A comment to show");
    expect(first.html).not.toContain("/notifications");
    expect(first.html).not.toContain(reader.handle);
    const hit = await measured(() => anonymous.get(`/en/statements/${statementId}`));
    expect(hit.html).toBe(first.html);
    console.info(`anonymous statement page: ${first.queries.length} queries, then ${hit.queries.length} from the page cache`);
    expect(hit.queries).toEqual([]);
    // The signed-in reader still gets their own page, not the cached one.
    const again = await measured(() => client.get(`/en/statements/${statementId}`));
    expect(again.html).toContain(`href="/en/notifications"`);
    expect(again.queries.length).toBeGreaterThan(0);
    // A new comment (a write) empties the cache: the next anonymous page shows it.
    const res = await client.post(`/en/statements/${statementId}/comments`, { body: "A second comment, after the cache", lang: "en", readingLang: "ar" });
    expect(res.status).toBe(303);
    const after = await measured(() => anonymous.get(`/en/statements/${statementId}`));
    expect(after.html).toContain("A second comment, after the cache");
    expect(after.queries.length).toBeGreaterThan(0);
  });

  it("show a signed-in reader their unread notices in the header of every page", async () => {
    const reader = await h.make.user({ role: "translator" });
    const client = await signIn(reader.handle);
    const mine = await discussionService.post(
      h.deps,
      reader,
      statementId,
      postCommentCommand.parse({ body: "Is help needed at the clinic?", lang: "en", readingLang: "ar" }),
      null,
    );
    expect(mine.ok).toBe(true);
    const reply = await discussionService.post(
      h.deps,
      owner,
      statementId,
      postCommentCommand.parse({ body: "Yes, at the clinic.", lang: "en", readingLang: "ar", parentId: mine.ok ? mine.value.id : "" }),
      null,
    );
    expect(reply.ok).toBe(true);
    for (const path of ["/en/groups", `/en/statements/${statementId}`, "/en/account"]) {
      const html = await (await client.get(path)).text();
      expect(html, path).toContain("Notifications (1)");
    }
    // Pages answering a form too (here a refused, empty comment).
    const refused = await client.post(`/en/statements/${statementId}/comments`, { body: "", lang: "", readingLang: "ar" });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Notifications (1)");
  });
});

describe("pages of the discussion for signed-in people", () => {
  it("send anyone else to sign in, coming back to the same page, and change nothing", async () => {
    const id = "0123456789abcdef";
    const gets = [
      `/comments/${id}/reply`,
      `/comments/${id}/edit`,
      `/comments/${id}/report`,
      `/comments/${id}/translate`,
      "/moderation?show=held",
      "/moderation/log",
      "/moderation/wordlists",
      "/notifications",
    ];
    const posts = [
      `/statements/${statementId}/comments`,
      `/comments/${id}/edit`,
      `/comments/${id}/delete`,
      `/comments/${id}/report`,
      `/comments/${id}/translate`,
      `/comments/${id}/moderate`,
      `/statements/${statementId}/discussion`,
      "/moderation/wordlists",
      "/notifications/read",
    ];
    const anonymous = new TestClient(app);
    const before = await h.deps.db.selectFrom("comments").select("id").execute();
    for (const [method, path] of [...gets.map((p) => ["GET", p] as const), ...posts.map((p) => ["POST", p] as const)]) {
      const res =
        method === "GET"
          ? await anonymous.get(`/ar${path}`)
          : await anonymous.post(`/ar${path}`, { body: "Anonymous words", mode: "closed", lang: "en", words: "x" });
      expect(res.status, `${method} ${path}`).toBe(303);
      expect(res.headers.get("location"), `${method} ${path}`).toBe(`/ar/signin?next=${encodeURIComponent(`/ar${path}`)}`);
    }
    expect(await h.deps.db.selectFrom("comments").select("id").execute()).toEqual(before);
  });

  it("let a signed-in person through, with the checks each page adds", async () => {
    const reader = await h.make.user();
    const client = await signIn(reader.handle);
    expect((await client.get("/en/notifications")).status).toBe(200);
    expect((await client.get("/en/moderation")).status).toBe(403);
    expect((await client.get("/en/moderation/wordlists")).status).toBe(403);
    expect((await client.get("/en/comments/0123456789abcdef/edit")).status).toBe(404);
    const read = await client.post("/en/notifications/read", {});
    expect(read.status).toBe(303);
    expect(read.headers.get("location")).toBe("/en/notifications");
  });
});
