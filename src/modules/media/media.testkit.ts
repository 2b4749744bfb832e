// Test helpers of the media module: an app with its own data folder, browser-like sessions,
// a publishing group with a statement, and readers of what was stored and served.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, expect } from "vitest";
import { buildApp } from "../../main/app";
import type { AppEnv } from "../http-env";
import { createTestDb, type TestDb } from "../../../test/db";
import { factories, PASSWORD } from "../../../test/factories";

export const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** One database and app with its own data folder; `env` adds configuration. */
export function useMediaApp(env: Record<string, string> = {}) {
  const state: { db?: TestDb; app?: Hono<AppEnv>; dir?: string } = {};
  beforeAll(async () => {
    state.dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-media-"));
    state.db = await createTestDb({ env: { SADA_DATA_DIR: state.dir, ...env } });
    state.app = buildApp(state.db.deps);
  });
  afterAll(async () => {
    await state.db?.close();
    if (state.dir) {
      fs.rmSync(state.dir, { recursive: true, force: true });
    }
  });
  const need = () => {
    if (!state.db || !state.app || !state.dir) {
      throw new Error("used before beforeAll");
    }
    return { deps: state.db.deps, app: state.app, dir: state.dir };
  };
  return {
    get deps() {
      return need().deps;
    },
    get app() {
      return need().app;
    },
    get mediaDir() {
      return path.join(need().dir, "media");
    },
    get make() {
      return factories(need().deps);
    },
  };
}

export type App = ReturnType<typeof useMediaApp>;

/** A browser-like session: cookies and the page's CSRF token. */
export async function session(t: App, handle?: string) {
  const cookies = new Map<string, string>();
  const send = async (method: string, url: string, body?: BodyInit, headers: Record<string, string> = {}) => {
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await t.app.request(`http://sada.test${url}`, { method, body, headers: { ...(cookie ? { cookie } : {}), ...headers } });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  };
  const csrfFrom = async (url: string) => {
    const html = await (await send("GET", url)).text();
    return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  };
  if (handle) {
    const token = await csrfFrom("/en/signin");
    const res = await send("POST", "/en/signin", new URLSearchParams({ _csrf: token, handle, password: PASSWORD }), {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(303);
  }
  return {
    send,
    csrfFrom,
    /** Sends the upload form of a statement page, as a browser would. */
    async upload(statementId: string, bytes: Uint8Array, filename: string, alt = "") {
      const token = (await csrfFrom(`/en/statements/${statementId}`)) || (await csrfFrom("/en/signin"));
      const form = new FormData();
      form.append("_csrf", token);
      form.append("alt", alt);
      form.append("file", new Blob([new Uint8Array(bytes)]), filename);
      return send("POST", `/en/statements/${statementId}/media`, form);
    },
  };
}

/** A publishing group, its owner (a publisher), and one statement. */
export async function publishedStatement(t: App) {
  const owner = await t.make.user();
  const group = await t.make.vouchedGroup(owner);
  const statement = await t.make.statement(owner, group.slug);
  return { owner, group, statement };
}

export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** The session cookie of a signed-in `handle`, for hand-made requests. */
export async function sessionCookieOf(t: App, handle: string): Promise<string> {
  const signin = await t.app.request("http://sada.test/en/signin");
  const csrfCookie = signin.headers
    .getSetCookie()
    .map((l) => l.split(";")[0] ?? "")
    .join("; ");
  const token = /name="_csrf" value="([^"]+)"/.exec(await signin.text())?.[1] ?? "";
  const res = await t.app.request("http://sada.test/en/signin", {
    method: "POST",
    body: new URLSearchParams({ _csrf: token, handle, password: PASSWORD }),
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
  });
  expect(res.status).toBe(303);
  return res.headers
    .getSetCookie()
    .map((l) => l.split(";")[0] ?? "")
    .join("; ");
}

export async function mediaRows(t: App): Promise<number> {
  const row = await t.deps.db
    .selectFrom("media")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every public URL on a page: <source srcset>, <img src/srcset>, download links. */
export function mediaUrls(html: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/\/media\/[0-9a-f]{64}\/[a-z0-9.]+(?:\?m=[0-9a-z]{16})?/g)) {
    urls.add(m[0]);
  }
  return [...urls];
}

/** A multipart body of `total` bytes streamed in 64 KB chunks, counting what the server pulled. */
export function streamedUpload(total: number) {
  const state = { pulled: 0 };
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) {
        controller.close();
        return;
      }
      state.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { body, state };
}
