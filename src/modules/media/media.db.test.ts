// Media: photos without metadata, refusals, documents and size limits.
import exifr from "exifr";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { accountService } from "../accounts/account.service";
import { metadataMarkersIn, phonePhoto, pngBomb, pngWithText, tinyPdf } from "./media.fixtures";
import { filesUnder, mediaRows, mediaUrls, publishedStatement, session, sha256, useMediaApp } from "./media.testkit";

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
