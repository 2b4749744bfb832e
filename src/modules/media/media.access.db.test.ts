// Media: who may upload (checked before the body is read), encrypted originals, removal, incidents.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { accountService } from "../accounts/account.service";
import type { Viewer } from "../accounts/account.model";
import { incidentInput } from "../incidents/incidents.testkit";
import { incidentService } from "../incidents/incident.service";
import { metadataMarkersIn, phonePhoto, tinyPdf } from "./media.fixtures";
import { mediaFor, storeMedia } from "./media.service";
import { filesUnder, mediaRows, streamedUpload, publishedStatement, session, sessionCookieOf, sha256, useMediaApp } from "./media.testkit";

describe("media: anonymous uploads are refused before their body is read", () => {
  const t = useMediaApp({ SADA_UPLOAD_MAX_BYTES: String(8 * 1024 * 1024) });

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
