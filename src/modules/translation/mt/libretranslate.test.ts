import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLibreTranslateProvider } from "./libretranslate";
import { createMtProvider } from "./mt.factory";
import { describeMtError, type MtError } from "./mt.provider";

/**
 * A fake LibreTranslate on 127.0.0.1 speaking the real wire format. Its "translation"
 * upper-cases text and leaves tags and entities alone, like an engine in HTML mode.
 */
interface FakeState {
  languages: { code: string; name: string; targets: string[] }[];
  apiKey: string | null;
  /** Replaces the normal answer to POST /translate. */
  override: ((res: http.ServerResponse) => void) | null;
  /** Post-processes each translated HTML string. */
  mangle: ((html: string) => string) | null;
  requests: { method: string; path: string; body: Record<string, unknown> | null }[];
}

const state: FakeState = { languages: [], apiKey: null, override: null, mangle: null, requests: [] };
const defaultLanguages = () => [
  { code: "ar", name: "Arabic", targets: ["en", "ru", "fr"] },
  { code: "en", name: "English", targets: ["ar", "ru", "fr"] },
  { code: "ru", name: "Russian", targets: ["ar", "en"] },
  { code: "fr", name: "French", targets: ["ar", "en"] },
];

const fakeTranslate = (html: string) =>
  html.replace(/(<[^>]*>|&[#\w]+;)|([^<&]+)/g, (_m, keep: string | undefined, text: string | undefined) => keep ?? (text ?? "").toUpperCase());

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
  const body = raw === "" ? null : (JSON.parse(raw) as Record<string, unknown>);
  state.requests.push({ method: req.method ?? "", path: req.url ?? "", body });
  if (req.method === "GET" && req.url === "/languages") {
    return send(res, 200, state.languages);
  }
  if (req.method !== "POST" || req.url !== "/translate" || body === null) {
    return send(res, 404, { error: "Not found" });
  }
  if (state.apiKey !== null && body.api_key !== state.apiKey) {
    return send(res, 403, { error: "Invalid API key" });
  }
  const source = state.languages.find((l) => l.code === body.source);
  if (source === undefined || !source.targets.includes(String(body.target))) {
    return send(res, 400, { error: `${String(body.source)} -> ${String(body.target)} is not supported` });
  }
  if (state.override !== null) {
    return state.override(res);
  }
  const one = (q: unknown) => (state.mangle ?? ((h: string) => h))(fakeTranslate(String(q)));
  return send(res, 200, { translatedText: Array.isArray(body.q) ? body.q.map(one) : one(body.q) });
}

const server = http.createServer((req, res) => {
  let raw = "";
  req.setEncoding("utf8");
  req.on("data", (chunk: string) => (raw += chunk));
  req.on("end", () => handle(req, res, raw));
});
let url = "";

/** Fails the test on any request that would leave this machine's loopback address. */
const localOnly: typeof fetch = (input, init) => {
  const target = new URL(input instanceof Request ? input.url : String(input));
  if (target.hostname !== "127.0.0.1") {
    throw new Error(`unexpected request to ${target.hostname}`);
  }
  return fetch(input, init);
};

const provider = (opts: { apiKey?: string | null; timeoutMs?: number; url?: string } = {}) =>
  createLibreTranslateProvider({ url: opts.url ?? url, apiKey: opts.apiKey ?? null, timeoutMs: opts.timeoutMs ?? 2000, fetch: localOnly });
const translateCalls = () => state.requests.filter((r) => r.path === "/translate");
const errorOf = (r: { ok: true } | { ok: false; error: MtError }) => (r.ok ? null : r.error);

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  state.languages = defaultLanguages();
  state.apiKey = null;
  state.override = null;
  state.mangle = null;
  state.requests = [];
});

describe("LibreTranslate provider", () => {
  it("translates a batch and keeps every placeholder", async () => {
    const res = await provider().translate(["{1}bold{/1} text {2/}", "a < b & {{c}}", "plain"], "en", "ar");
    expect(res).toEqual({ ok: true, value: ["{1}BOLD{/1} TEXT {2/}", "A < B & {{C}}", "PLAIN"] });
    const [call] = translateCalls();
    expect(call?.body).toEqual({
      q: ['<span id="p1">bold</span> text <br id="p2">', "a &lt; b &amp; {c}", "plain"],
      source: "en",
      target: "ar",
      format: "html",
    });
  });

  it("sends a single text as a string and reads a string back", async () => {
    const res = await provider().translate(["one {1/}"], "ar", "en");
    expect(res).toEqual({ ok: true, value: ["ONE {1/}"] });
    expect(translateCalls()[0]?.body?.q).toBe('one <br id="p1">');
  });

  it("accepts placeholders the engine reordered", async () => {
    state.mangle = (h) => h.replace(/^(<span id="p1">.*?<\/span>) (.*)$/, "$2 $1");
    const res = await provider().translate(["{1}a{/1} b {2/}"], "en", "fr");
    expect(res).toEqual({ ok: true, value: ["B {2/} {1}A{/1}"] });
  });

  it("sends the api key when one is configured", async () => {
    state.apiKey = "s3cret";
    expect(await provider({ apiKey: "s3cret" }).translate(["x", "y"], "en", "ru")).toEqual({ ok: true, value: ["X", "Y"] });
    expect(translateCalls()[0]?.body?.api_key).toBe("s3cret");
    const without = await provider().translate(["x"], "en", "ru");
    expect(errorOf(without)).toEqual({ type: "rejected", status: 403, message: "Invalid API key" });
    expect(translateCalls()[1]?.body).not.toHaveProperty("api_key");
  });

  it("refuses an unsupported pair before sending any text", async () => {
    const res = await provider().translate(["secret statement"], "ru", "fr");
    expect(errorOf(res)).toEqual({ type: "unsupported-pair", source: "ru", target: "fr" });
    expect(state.requests.map((r) => r.path)).toEqual(["/languages"]);
    expect(errorOf(await provider().translate(["x"], "syc", "en"))).toEqual({ type: "unsupported-pair", source: "syc", target: "en" });
    expect(translateCalls()).toHaveLength(0);
  });

  it("uses ku for Sorani and Kurmanji only when the server lists it", async () => {
    expect(errorOf(await provider().translate(["x"], "ckb", "en"))).toEqual({ type: "unsupported-pair", source: "ckb", target: "en" });
    state.languages = [...defaultLanguages(), { code: "ku", name: "Kurdish", targets: ["en"] }];
    state.languages[1]?.targets.push("ku");
    expect(await provider().translate(["x"], "ckb", "en")).toEqual({ ok: true, value: ["X"] });
    expect(await provider().translate(["y"], "en", "kmr")).toEqual({ ok: true, value: ["Y"] });
    expect(translateCalls().map((c) => [c.body?.source, c.body?.target])).toEqual([
      ["ku", "en"],
      ["en", "ku"],
    ]);
  });

  it("asks for the language list once per provider", async () => {
    const p = provider();
    await p.translate(["a"], "en", "ar");
    await p.translate(["b"], "ar", "en");
    expect(state.requests.filter((r) => r.path === "/languages")).toHaveLength(1);
  });

  it("does not call the server for an empty batch", async () => {
    expect(await provider().translate([], "en", "ar")).toEqual({ ok: true, value: [] });
    expect(state.requests).toHaveLength(0);
  });

  it("maps a 400 with an error body to rejected with the server's message", async () => {
    state.override = (res) => send(res, 400, { error: "Invalid request: missing q parameter" });
    const res = await provider().translate(["x"], "en", "ar");
    expect(errorOf(res)).toEqual({ type: "rejected", status: 400, message: "Invalid request: missing q parameter" });
  });

  it("maps a 500 to unavailable", async () => {
    state.override = (res) => send(res, 500, { error: "Cannot translate text: model crashed" });
    const res = await provider().translate(["x"], "en", "ar");
    expect(errorOf(res)).toEqual({ type: "unavailable", message: "HTTP 500: Cannot translate text: model crashed" });
  });

  it("gives up on a hanging server with a timeout", async () => {
    state.override = () => undefined;
    const started = Date.now();
    const res = await provider({ timeoutMs: 150 }).translate(["x"], "en", "ar");
    expect(errorOf(res)).toEqual({ type: "timeout" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("reports a refused connection as unavailable", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const res = await provider({ url: `http://127.0.0.1:${port}` }).translate(["x"], "en", "ar");
    expect(errorOf(res)).toEqual({ type: "unavailable", message: `could not reach http://127.0.0.1:${port} (ECONNREFUSED)` });
  });

  it("maps malformed JSON and wrong shapes to bad-response", async () => {
    state.override = (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"translatedText": ["unterminated');
    };
    expect(errorOf(await provider().translate(["x"], "en", "ar"))).toEqual({ type: "bad-response", message: "/translate did not return JSON" });
    state.override = (res) => send(res, 200, { translatedText: ["only one"] });
    expect(errorOf(await provider().translate(["x", "y"], "en", "ar"))).toEqual({ type: "bad-response", message: "sent 2 texts, got 1 translations" });
    state.override = (res) => send(res, 200, { detectedLanguage: "en" });
    expect(errorOf(await provider().translate(["x"], "en", "ar"))).toEqual({ type: "bad-response", message: "/translate returned no translatedText" });
  });

  it("fails the whole batch when a translation drops a placeholder", async () => {
    state.mangle = (h) => h.replace(/<br id="p2">/, "");
    const res = await provider().translate(["fine {1/}", "{1}a{/1} {2/}"], "en", "ar");
    expect(errorOf(res)).toEqual({ type: "bad-response", message: "item 1 of the batch: placeholder 2 missing" });
  });
});

describe("describeMtError", () => {
  it("describes each error without quoting text", () => {
    expect(describeMtError({ type: "timeout" })).toBe("machine translation timed out");
    expect(describeMtError({ type: "unsupported-pair", source: "ar", target: "syc" })).toBe("machine translation does not support ar → syc");
    expect(describeMtError({ type: "rejected", status: 403, message: "Invalid API key" })).toBe(
      "machine translation rejected the request (HTTP 403): Invalid API key",
    );
  });
});

describe("createMtProvider", () => {
  it("is off unless a URL is configured", () => {
    expect(createMtProvider({ url: null, apiKey: "k" })).toBeNull();
    expect(createMtProvider({ url: "  ", apiKey: null })).toBeNull();
    expect(createMtProvider({ url: "http://127.0.0.1:5000", apiKey: null })?.name).toBe("libretranslate");
  });
});
