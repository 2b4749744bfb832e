import fs from "node:fs";
import { incidentInput } from "../incidents/incidents.testkit";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import exifr from "exifr";
import sharp from "sharp";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../main/app";
import type { AppEnv } from "../http-env";
import { createTestDb, type TestDb } from "../../../test/db";
import { factories, PASSWORD } from "../../../test/factories";
import { accountService } from "../accounts/account.service";
import type { Viewer } from "../accounts/account.model";
import { metadataMarkersIn, phonePhoto, pngBomb, pngWithText, tinyPdf } from "./media.fixtures";
import { mediaFor, storeMedia } from "./media.service";
import { incidentService } from "../incidents/incident.service";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** One database and app with its own data folder; `env` adds configuration. */
function useMediaApp(env: Record<string, string> = {}) {
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

type App = ReturnType<typeof useMediaApp>;

/** A browser-like session: cookies and the page's CSRF token. */
async function session(t: App, handle?: string) {
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
async function publishedStatement(t: App) {
  const owner = await t.make.user();
  const group = await t.make.vouchedGroup(owner);
  const statement = await t.make.statement(owner, group.slug);
  return { owner, group, statement };
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** The session cookie of a signed-in `handle`, for hand-made requests. */
async function sessionCookieOf(t: App, handle: string): Promise<string> {
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

async function mediaRows(t: App): Promise<number> {
  const row = await t.deps.db
    .selectFrom("media")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every public URL on a page: <source srcset>, <img src/srcset>, download links. */
function mediaUrls(html: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/\/media\/[0-9a-f]{64}\/[a-z0-9.]+(?:\?m=[0-9a-z]{16})?/g)) {
    urls.add(m[0]);
  }
  return [...urls];
}

describe("media: a photo with GPS leaves no metadata", () => {
  const t = useMediaApp();

  it("strips EXIF with GPS, XMP, IPTC and the colour profile from every served variant, and shows <picture> lazily", async () => {
    const { owner, statement } = await publishedStatement(t);
    const photo = await phonePhoto();
    // The fixture really carries what a phone writes.
    const before = await exifr.parse(photo, { gps: true, xmp: true, iptc: true, icc: true, tiff: true });
    expect(before.latitude).toBeCloseTo(33.5722, 3);
    expect(before.Byline).toBe("Documenter Real Name");
    expect(metadataMarkersIn(photo)).toEqual(expect.arrayContaining(["Exif", "http://ns.adobe.com/xap", "8BIM", "ICC_PROFILE"]));

    const s = await session(t, owner.handle);
    const res = await s.upload(statement.statementId, photo, "IMG_20260314_douma_checkpoint.jpg", "Rubble of the market after the strike");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/en/statements/${statement.statementId}?media=added#media`);

    // Anonymous reader, public page.
    const page = await t.app.request(`http://sada.test/en/statements/${statement.statementId}`);
    const html = await page.text();
    expect(html).toContain("<picture>");
    expect(html).toMatch(/<source type="image\/avif" srcset="[^"]*w480\.avif 480w, [^"]*w960\.avif 960w, [^"]*w1200\.avif 1200w"/);
    expect(html).toMatch(/<source type="image\/webp" srcset="[^"]+w480\.webp 480w/);
    expect(html).toMatch(/<img [^>]*loading="lazy"/);
    expect(html).toMatch(/<img [^>]*decoding="async"/);
    expect(html).toMatch(/<img [^>]*width="1200" height="800"/);
    expect(html).toContain('alt="Rubble of the market after the strike"');
    expect(html).not.toContain("douma_checkpoint");

    const urls = mediaUrls(html);
    expect(urls).toHaveLength(9); // 480, 960, 1200 (never upscaled to 1600) × AVIF, WebP, JPEG
    for (const url of urls) {
      const r = await t.app.request(`http://sada.test${url}`);
      expect(r.status, url).toBe(200);
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("cache-control")).toContain("immutable");
      const bytes = new Uint8Array(await r.arrayBuffer());
      const type = url.endsWith(".avif") ? "image/avif" : url.endsWith(".webp") ? "image/webp" : "image/jpeg";
      expect(r.headers.get("content-type")).toBe(type);
      expect(metadataMarkersIn(bytes), url).toEqual([]);
      const meta = await sharp(bytes).metadata();
      expect(meta.exif, url).toBeUndefined();
      expect(meta.xmp, url).toBeUndefined();
      expect(meta.iptc, url).toBeUndefined();
      expect(meta.icc, url).toBeUndefined();
      if (type !== "image/webp") {
        // exifr reads JPEG and AVIF/HEIF (not WebP): it finds nothing at all.
        expect(
          await exifr.parse(bytes, { gps: true, xmp: true, iptc: true, icc: true, tiff: true, exif: true, ifd1: true, makerNote: true }),
          url,
        ).toBeUndefined();
        expect(await exifr.gps(bytes), url).toBeUndefined();
      }
    }
  });

  it("drops PNG text chunks and EXIF from a PNG", async () => {
    const { owner, statement } = await publishedStatement(t);
    const png = await pngWithText();
    expect(metadataMarkersIn(png)).toEqual(expect.arrayContaining(["tEXt", "eXIf"]));
    const s = await session(t, owner.handle);
    expect((await s.upload(statement.statementId, png, "screen.png")).status).toBe(303);
    const html = await (await t.app.request(`http://sada.test/en/statements/${statement.statementId}`)).text();
    const urls = mediaUrls(html);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      const bytes = new Uint8Array(await (await t.app.request(`http://sada.test${url}`)).arrayBuffer());
      expect(metadataMarkersIn(bytes), url).toEqual([]);
    }
  });

  it("applies the EXIF orientation before dropping it", async () => {
    const { owner, statement } = await publishedStatement(t);
    const rotated = await sharp(await phonePhoto({ width: 600, height: 400 }))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    expect((await sharp(rotated).metadata()).orientation).toBe(6);
    const owner2 = await session(t, owner.handle);
    expect((await owner2.upload(statement.statementId, rotated, "r.jpg")).status).toBe(303);
    const row = await t.deps.db
      .selectFrom("media")
      .select(["width", "height", "public_hash"])
      .where("owner_id", "=", statement.statementId)
      .executeTakeFirstOrThrow();
    expect([Number(row.width), Number(row.height)]).toEqual([400, 600]);
    const bytes = new Uint8Array(await (await t.app.request(`http://sada.test/media/${row.public_hash}/w400.jpg`)).arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([400, 600, undefined]);
  });
});

describe("media: refusals store nothing", () => {
  const t = useMediaApp();

  it("refuses a decompression bomb, SVG, HTML and executables with a clear message, writing no row and no file", async () => {
    const { owner, statement } = await publishedStatement(t);
    const s = await session(t, owner.handle);
    const bomb = pngBomb(30_000, 30_000);
    expect(bomb.length).toBeLessThan(10_000);
    const refused: [Uint8Array, string, number, string][] = [
      [bomb, "bomb.png", 413, "too many pixels"],
      [Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "map.svg", 415, "can contain scripts"],
      [Buffer.from("<svg onload=alert(1)>"), "photo.jpg", 415, "can contain scripts"],
      [Buffer.from("\uFEFF  <!DOCTYPE html><html><body>hi</body></html>"), "report.pdf", 415, "can contain scripts"],
      [Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), "tool.pdf", 415, "Programs and scripts"],
      [Buffer.from("MZ\x90\x00", "latin1"), "setup.jpg", 415, "Programs and scripts"],
      [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]), "broken.jpg", 422, "could not be read"],
      [Buffer.concat([Buffer.from("\0\0\0\x18ftypheic\0\0\0\0mif1heic", "latin1"), Buffer.alloc(64)]), "IMG_0001.HEIC", 415, "Most Compatible"],
    ];
    for (const [bytes, name, status, message] of refused) {
      const res = await s.upload(statement.statementId, bytes, name);
      expect(res.status, name).toBe(status);
      expect(await res.text(), name).toContain(message);
    }
    // In Arabic too.
    const ar = new FormData();
    ar.append("_csrf", await s.csrfFrom(`/ar/statements/${statement.statementId}`));
    ar.append("file", new Blob([Buffer.from("<svg/>")]), "x.svg");
    const arRes = await s.send("POST", `/ar/statements/${statement.statementId}/media`, ar);
    expect(arRes.status).toBe(415);
    expect(await arRes.text()).toContain("لا تُقبل ملفات SVG");
    expect(await mediaRows(t)).toBe(0);
    expect(filesUnder(t.mediaDir)).toEqual([]);
  });

  it("refuses uploads from anonymous readers, readers, and another group's publishers; accepts site editors", async () => {
    const { statement } = await publishedStatement(t);
    const pdf = tinyPdf();
    const anonymous = await session(t);
    const anon = await anonymous.upload(statement.statementId, pdf, "a.pdf");
    expect(anon.status).toBe(303);
    expect(anon.headers.get("location")).toMatch(/^\/en\/signin\?next=/);

    const reader = await t.make.user();
    expect((await (await session(t, reader.handle)).upload(statement.statementId, pdf, "a.pdf")).status).toBe(403);

    const otherOwner = await t.make.user();
    await t.make.vouchedGroup(otherOwner);
    expect((await (await session(t, otherOwner.handle)).upload(statement.statementId, pdf, "a.pdf")).status).toBe(403);

    // The API: no token, a reader's token.
    const form = () => {
      const f = new FormData();
      f.append("file", new Blob([new Uint8Array(pdf)]), "a.pdf");
      return f;
    };
    expect((await t.app.request(`http://sada.test/api/v1/statements/${statement.statementId}/media`, { method: "POST", body: form() })).status).toBe(401);
    const token = await accountService.createApiToken(t.deps, reader.handle, "t");
    const readerApi = await t.app.request(`http://sada.test/api/v1/statements/${statement.statementId}/media`, {
      method: "POST",
      body: form(),
      headers: { authorization: `Bearer ${token.ok ? token.value.token : ""}` },
    });
    expect(readerApi.status).toBe(403);
    expect(((await readerApi.json()) as { error: { code: string } }).error.code).toBe("ERR_FORBIDDEN");
    expect(await mediaRows(t)).toBe(0);

    // Without the CSRF token the form is refused before anything is read.
    const editor = await t.make.user({ role: "editor" });
    const ed = await session(t, editor.handle);
    const noCsrf = new FormData();
    noCsrf.append("file", new Blob([new Uint8Array(pdf)]), "a.pdf");
    expect((await ed.send("POST", `/en/statements/${statement.statementId}/media`, noCsrf)).status).toBe(403);
    expect(await mediaRows(t)).toBe(0);

    expect((await ed.upload(statement.statementId, pdf, "a.pdf")).status).toBe(303);
    expect(await mediaRows(t)).toBe(1);
  });
});

describe("media: documents", () => {
  const t = useMediaApp();

  it("serves a PDF only as an attachment, with nosniff; other files as opaque downloads", async () => {
    const { owner, statement } = await publishedStatement(t);
    const s = await session(t, owner.handle);
    expect((await s.upload(statement.statementId, tinyPdf(), "تقرير الأضرار.pdf")).status).toBe(303);
    expect((await s.upload(statement.statementId, Buffer.from("name,casualties\nmarket,3\n"), "list.csv")).status).toBe(303);
    const html = await (await t.app.request(`http://sada.test/en/statements/${statement.statementId}`)).text();
    expect(html).toContain("تقرير الأضرار.pdf");
    expect(html).toMatch(/\(PDF, 1 KB\)/);
    const [pdfUrl, csvUrl] = mediaUrls(html);
    const pdf = await t.app.request(`http://sada.test${pdfUrl ?? ""}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("x-content-type-options")).toBe("nosniff");
    expect(pdf.headers.get("content-disposition")).toBe(
      `attachment; filename="_____ _______.pdf"; filename*=UTF-8''${encodeURIComponent("تقرير الأضرار.pdf")}`,
    );
    expect(Buffer.from(await pdf.arrayBuffer())).toEqual(tinyPdf());
    const csv = await t.app.request(`http://sada.test${csvUrl ?? ""}`);
    expect(csv.headers.get("content-type")).toBe("application/octet-stream");
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="list.csv"/);
    // A variant that does not exist, and a path trying to climb out.
    expect((await t.app.request(`http://sada.test${(pdfUrl ?? "").replace(/file(?:\?.*)?$/, "w480.jpg")}`)).status).toBe(404);
    expect((await t.app.request(`http://sada.test/media/${"0".repeat(64)}/file`)).status).toBe(404);
    expect((await t.app.request(`http://sada.test/media/..%2f..%2fsecret/file`)).status).toBe(404);
  });

  it("names a shared document after the attachment being downloaded, never another group's upload", async () => {
    const a = await publishedStatement(t);
    const b = await publishedStatement(t);
    const pdf = Buffer.concat([tinyPdf(), Buffer.from("\n% shared bytes\n")]);
    expect((await (await session(t, a.owner.handle)).upload(a.statement.statementId, pdf, "witness-Abu-Karim.pdf")).status).toBe(303);
    expect((await (await session(t, b.owner.handle)).upload(b.statement.statementId, pdf, "report-b.pdf")).status).toBe(303);
    expect((await (await session(t, a.owner.handle)).upload(a.statement.statementId, Buffer.from("a,b\n1,2\n"), "list.csv")).status).toBe(303);
    const rows = await t.deps.db.selectFrom("media").select(["id", "public_hash", "owner_id"]).where("public_hash", "=", sha256(pdf)).execute();
    expect(rows).toHaveLength(2);
    const dispositionOf = async (url: string) => (await t.app.request(`http://sada.test${url}`)).headers.get("content-disposition") ?? "";
    // The statement page of group B links to a download named as group B named it.
    const htmlB = await (await t.app.request(`http://sada.test/en/statements/${b.statement.statementId}`)).text();
    const [urlB] = mediaUrls(htmlB);
    expect(await dispositionOf(urlB ?? "")).toMatch(/^attachment; filename="report-b.pdf"/);
    const htmlA = await (await t.app.request(`http://sada.test/en/statements/${a.statement.statementId}`)).text();
    expect(await dispositionOf(mediaUrls(htmlA)[0] ?? "")).toMatch(/^attachment; filename="witness-Abu-Karim.pdf"/);
    // So does the API's listing.
    const list = (await (await t.app.request(`http://sada.test/api/v1/statements/${b.statement.statementId}/media`)).json()) as { items: { url: string }[] };
    expect(await dispositionOf(list.items[0]?.url ?? "")).toMatch(/^attachment; filename="report-b.pdf"/);
    // A bare address names no one's upload; an attachment id that does not go with the hash is not found.
    const bare = await dispositionOf(`/media/${sha256(pdf)}/file`);
    expect(bare).not.toContain("Abu-Karim");
    expect(bare).not.toContain("report-b");
    const other = await t.deps.db.selectFrom("media").select("id").where("filename", "=", "list.csv").executeTakeFirstOrThrow();
    expect((await t.app.request(`http://sada.test/media/${sha256(pdf)}/file?m=${other.id}`)).status).toBe(404);
    expect((await t.app.request(`http://sada.test/media/${sha256(pdf)}/file?m=${"z".repeat(16)}`)).status).toBe(404);
  });

  it("takes uploads through the API with a bearer token and lists them", async () => {
    const { owner, statement } = await publishedStatement(t);
    const token = await accountService.createApiToken(t.deps, owner.handle, "t");
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(await phonePhoto({ width: 500, height: 300 }))]), "p.jpg");
    form.append("alt", "A street");
    const res = await t.app.request(`http://sada.test/api/v1/statements/${statement.statementId}/media`, {
      method: "POST",
      body: form,
      headers: { authorization: `Bearer ${token.ok ? token.value.token : ""}` },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { kind: string; width: number; alt: string; variants: { url: string }[]; url: string };
    expect(body).toMatchObject({ kind: "image", width: 500, alt: "A street" });
    expect(body.variants.map((v) => v.url.split("/").pop())).toEqual(["w480.avif", "w480.webp", "w480.jpg", "w500.avif", "w500.webp", "w500.jpg"]);
    const list = (await (await t.app.request(`http://sada.test/api/v1/statements/${statement.statementId}/media`)).json()) as { items: { url: string }[] };
    expect(list.items.map((i) => i.url)).toEqual([body.url]);
  });
});

describe("media: request size limits", () => {
  const t = useMediaApp({ SADA_UPLOAD_MAX_BYTES: String(2 * 1024 * 1024) });

  it("lets upload routes take more than 1 MB while every other route still answers 413", async () => {
    const { owner, statement } = await publishedStatement(t);
    const s = await session(t, owner.handle);
    const big = Buffer.concat([tinyPdf(), Buffer.alloc(1536 * 1024, 0x20)]);
    expect((await s.upload(statement.statementId, big, "big.pdf")).status).toBe(303);

    const token = await s.csrfFrom("/en/signin");
    const other = await s.send("POST", "/en/signin", new URLSearchParams({ _csrf: token, handle: "x", password: "y".repeat(1536 * 1024) }), {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(other.status).toBe(413);
    const api = await t.app.request("http://sada.test/api/v1/groups", {
      method: "POST",
      body: JSON.stringify({ pad: "x".repeat(1536 * 1024) }),
      headers: { "content-type": "application/json" },
    });
    expect(api.status).toBe(413);

    // Over the upload limit: refused by the service (just over) or by the body limit (far over), nothing stored.
    const rows = await mediaRows(t);
    const over = await s.upload(statement.statementId, Buffer.concat([tinyPdf(), Buffer.alloc(2 * 1024 * 1024, 0x20)]), "over.pdf");
    expect(over.status).toBe(413);
    expect(await over.text()).toContain("too large (at most 2 MB)");
    expect((await s.upload(statement.statementId, Buffer.alloc(3 * 1024 * 1024, 0x20), "far.pdf")).status).toBe(413);
    expect(await mediaRows(t)).toBe(rows);
  });
});

describe("media: anonymous uploads are refused before their body is read", () => {
  const t = useMediaApp({ SADA_UPLOAD_MAX_BYTES: String(8 * 1024 * 1024) });

  /** A multipart body of `total` bytes streamed in 64 KB chunks, counting what the server pulled. */
  function streamedUpload(total: number) {
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

  it("answers sign-in or 401 on every upload path without reading the body; signed-in uploads still work", async () => {
    const { owner, statement } = await publishedStatement(t);
    const total = 8 * 1024 * 1024;
    for (const [url, expected] of [
      [`/en/statements/${statement.statementId}/media`, 303],
      [`/ar/incidents/0123456789abcdef/sources`, 303],
      [`/api/v1/statements/${statement.statementId}/media`, 401],
      [`/api/v1/incidents/0123456789abcdef/sources`, 401],
    ] as const) {
      const { body, state } = streamedUpload(total);
      const res = await t.app.request(
        new Request(`http://sada.test${url}`, {
          method: "POST",
          body,
          duplex: "half",
          headers: { "content-type": "multipart/form-data; boundary=x" },
        } as RequestInit),
      );
      expect(res.status, url).toBe(expected);
      if (expected === 303) {
        expect(res.headers.get("location"), url).toMatch(/^\/(en|ar)\/signin\?next=/);
      } else {
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("ERR_UNAUTHENTICATED");
      }
      // At most what a stream reads ahead, never the upload.
      expect(state.pulled, url).toBeLessThan(512 * 1024);
      await body.cancel().catch(() => undefined);
    }
    expect(await mediaRows(t)).toBe(0);
    // An expired or forged session is anonymous too.
    const forged = streamedUpload(total);
    const res = await t.app.request(
      new Request(`http://sada.test/en/statements/${statement.statementId}/media`, {
        method: "POST",
        body: forged.body,
        duplex: "half",
        headers: { "content-type": "multipart/form-data; boundary=x", cookie: `sada_session=${"A".repeat(43)}` },
      } as RequestInit),
    );
    expect(res.status).toBe(303);
    expect(forged.state.pulled).toBeLessThan(512 * 1024);
    // Someone signed in is not affected.
    expect((await (await session(t, owner.handle)).upload(statement.statementId, tinyPdf(), "a.pdf")).status).toBe(303);
  });

  it("refuses a signed-in account that may not attach files to the statement before reading the body, too", async () => {
    const { statement } = await publishedStatement(t);
    const total = 8 * 1024 * 1024;
    const rows = await mediaRows(t);
    const reader = await t.make.user();
    const cookie = await sessionCookieOf(t, reader.handle);
    const page = streamedUpload(total);
    const res = await t.app.request(
      new Request(`http://sada.test/en/statements/${statement.statementId}/media`, {
        method: "POST",
        body: page.body,
        duplex: "half",
        headers: { "content-type": "multipart/form-data; boundary=x", cookie },
      } as RequestInit),
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("You do not have permission to do this.");
    expect(page.state.pulled).toBeLessThan(512 * 1024);
    const token = await accountService.createApiToken(t.deps, reader.handle, "t");
    const api = streamedUpload(total);
    const apiRes = await t.app.request(
      new Request(`http://sada.test/api/v1/statements/${statement.statementId}/media`, {
        method: "POST",
        body: api.body,
        duplex: "half",
        headers: { "content-type": "multipart/form-data; boundary=x", authorization: `Bearer ${token.ok ? token.value.token : ""}` },
      } as RequestInit),
    );
    expect(apiRes.status).toBe(403);
    expect(((await apiRes.json()) as { error: { code: string } }).error.code).toBe("ERR_FORBIDDEN");
    expect(api.state.pulled).toBeLessThan(512 * 1024);
    expect(await mediaRows(t)).toBe(rows);
  });
});

describe("media: encrypted originals for evidence", () => {
  const t = useMediaApp({ SADA_KEEP_ORIGINALS: "true" });

  it("keeps the untouched upload encrypted, records its SHA-256, and gives it to editors only", async () => {
    const { owner, statement } = await publishedStatement(t);
    const photo = await phonePhoto({ width: 700, height: 500 });
    const viewer: Viewer = { id: owner.id, handle: owner.handle, role: owner.role, locale: null };
    const stored = await storeMedia(t.deps, viewer, { owner: { kind: "statement", id: statement.statementId }, bytes: photo, filename: "p.jpg", alt: "" });
    expect(stored.ok).toBe(true);
    const id = stored.ok ? stored.value.id : "";
    const row = await t.deps.db.selectFrom("media").select(["original_key", "original_sha256"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.original_sha256).toBe(sha256(photo));
    const onDisk = fs.readFileSync(path.join(t.mediaDir, ...(row.original_key ?? "").split("/")));
    expect(onDisk.equals(photo)).toBe(false);
    expect(onDisk.includes(photo.subarray(0, 64))).toBe(false);
    expect(metadataMarkersIn(onDisk)).toEqual([]);

    // Anonymous: not found; the publisher and a reader: forbidden; an editor: the exact bytes.
    expect((await t.app.request(`http://sada.test/media/${id}/original`)).status).toBe(404);
    expect((await (await session(t, owner.handle)).send("GET", `/media/${id}/original`)).status).toBe(403);
    const reader = await t.make.user();
    expect((await (await session(t, reader.handle)).send("GET", `/media/${id}/original`)).status).toBe(403);
    const editor = await t.make.user({ role: "editor" });
    const ed = await session(t, editor.handle);
    const res = await ed.send("GET", `/media/${id}/original`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment;/);
    const back = Buffer.from(await res.arrayBuffer());
    expect(sha256(back)).toBe(sha256(photo));
    // The editor sees the link on the page; the public does not.
    expect(await (await ed.send("GET", `/en/statements/${statement.statementId}`)).text()).toContain(`/media/${id}/original`);
    expect(await (await t.app.request(`http://sada.test/en/statements/${statement.statementId}`)).text()).not.toContain("/original");
  });
});

describe("media: removal", () => {
  const t = useMediaApp({ SADA_KEEP_ORIGINALS: "true" });

  it("lets the publisher remove a photo: its URLs stop working and its files leave storage; others cannot", async () => {
    const { owner, statement } = await publishedStatement(t);
    const s = await session(t, owner.handle);
    expect((await s.upload(statement.statementId, await phonePhoto({ width: 500, height: 300 }), "p.jpg")).status).toBe(303);
    const row = await t.deps.db.selectFrom("media").select(["id", "public_hash"]).where("owner_id", "=", statement.statementId).executeTakeFirstOrThrow();
    const url = `http://sada.test/media/${row.public_hash}/w500.jpg`;
    expect((await t.app.request(url)).status).toBe(200);
    const filesBefore = filesUnder(t.mediaDir).length;
    expect(filesBefore).toBe(7); // 6 variants and the encrypted original

    const reader = await t.make.user();
    const rs = await session(t, reader.handle);
    const refused = await rs.send("POST", `/en/media/${row.id}/delete`, new URLSearchParams({ _csrf: await rs.csrfFrom("/en/signin") }), {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(refused.status).toBe(403);
    const token = await accountService.createApiToken(t.deps, reader.handle, "t");
    const api = await t.app.request(`http://sada.test/api/v1/media/${row.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token.ok ? token.value.token : ""}` },
    });
    expect(api.status).toBe(403);
    expect(await mediaRows(t)).toBe(1);

    const page = await (await s.send("GET", `/en/statements/${statement.statementId}`)).text();
    expect(page).toContain(`/en/media/${row.id}/delete`);
    const removed = await s.send(
      "POST",
      `/en/media/${row.id}/delete`,
      new URLSearchParams({ _csrf: await s.csrfFrom(`/en/statements/${statement.statementId}`) }),
      {
        "content-type": "application/x-www-form-urlencoded",
      },
    );
    expect(removed.status).toBe(303);
    expect(removed.headers.get("location")).toBe(`/en/statements/${statement.statementId}?media=removed#media`);
    expect(await mediaRows(t)).toBe(0);
    expect((await t.app.request(url)).status).toBe(404);
    expect(filesUnder(t.mediaDir)).toEqual([]);
    expect(await (await t.app.request(`http://sada.test/en/statements/${statement.statementId}`)).text()).not.toContain("<picture>");
  });
});

describe("media: incidents", () => {
  const t = useMediaApp();

  it("lets the incidents module attach files to an incident for its group's members, and no one else", async () => {
    const { owner, group } = await publishedStatement(t);
    const deps = { ...t.deps, dataDir: t.deps.config.dataDir };
    const created = await incidentService.create(deps, owner, incidentInput({ group: group.slug }));
    expect(created.ok).toBe(true);
    const incident = { kind: "incident" as const, id: created.ok ? created.value.id : "" };
    const photo = await phonePhoto({ width: 300, height: 200 });
    const other = await t.make.user();
    await t.make.vouchedGroup(other);
    expect(await storeMedia(t.deps, other, { owner: incident, bytes: photo, filename: "p.jpg" })).toEqual({ ok: false, error: { type: "forbidden" } });
    expect(await storeMedia(t.deps, null, { owner: incident, bytes: photo, filename: "p.jpg" })).toEqual({ ok: false, error: { type: "forbidden" } });
    expect(await storeMedia(t.deps, owner, { owner: { kind: "incident", id: "nosuchincident00" }, bytes: photo, filename: "p.jpg" })).toEqual({
      ok: false,
      error: { type: "not-found" },
    });
    const stored = await storeMedia(t.deps, owner, { owner: incident, bytes: photo, filename: "p.jpg", alt: "Crater" });
    expect(stored.ok).toBe(true);
    const items = await mediaFor(t.deps, incident);
    expect(items.map((i) => [i.kind, i.alt, i.width])).toEqual([["image", "Crater", 300]]);
  });
});
