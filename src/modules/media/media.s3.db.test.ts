import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import exifr from "exifr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../main/app";
import { createTestDb, type TestDb } from "../../../test/db";
import { factories } from "../../../test/factories";
import { loadConfig } from "../../platform/config";
import { metadataMarkersIn, phonePhoto, tinyPdf } from "./media.fixtures";
import { storeMedia } from "./media.service";
import { S3Store } from "./media.store";

// A local S3-compatible server on the loopback interface (s3rver, pure JavaScript). It checks
// SigV4 signatures against its default account S3RVER / S3RVER.
let s3: S3rver;
let endpoint = "";
let s3Dir = "";
let dataDir = "";
let db: TestDb;

beforeAll(async () => {
  s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-s3rver-"));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-media-s3-"));
  s3 = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: s3Dir, configureBuckets: [{ name: "sada-media" }] });
  const { port } = await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
  db = await createTestDb({
    env: {
      SADA_DATA_DIR: dataDir,
      SADA_S3_ENDPOINT: endpoint,
      SADA_S3_BUCKET: "sada-media",
      SADA_S3_ACCESS_KEY_ID: "S3RVER",
      SADA_S3_SECRET_ACCESS_KEY: "S3RVER",
      SADA_KEEP_ORIGINALS: "true",
    },
  });
});

afterAll(async () => {
  await db?.close();
  await s3?.close();
  fs.rmSync(s3Dir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const config = () => ({ endpoint, bucket: "sada-media", region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", pathStyle: true });

describe("S3Store against a local S3-compatible server", () => {
  it("puts, gets and deletes objects; a missing key is null", async () => {
    const store = new S3Store(config());
    const key = `public/${"a".repeat(64)}/file`;
    await store.put(key, new Uint8Array([1, 2, 3]), "application/octet-stream");
    expect([...((await store.get(key)) ?? [])]).toEqual([1, 2, 3]);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    expect(await store.get(`public/${"b".repeat(64)}/file`)).toBeNull();
    await expect(store.get("../etc/passwd")).rejects.toThrow(/refused key/);
    store.close();
  });

  it("fails loudly when the bucket does not exist (no silent local fallback)", async () => {
    const store = new S3Store({ ...config(), bucket: "no-such-bucket" });
    await expect(store.put(`public/${"c".repeat(64)}/file`, new Uint8Array([1]), "application/octet-stream")).rejects.toThrow();
    store.close();
  });

  it("serves clean variants and encrypted originals from the bucket, writing nothing to the data folder", async () => {
    const app = buildApp(db.deps);
    const make = factories(db.deps);
    const owner = await make.user();
    const group = await make.vouchedGroup(owner);
    const statement = await make.statement(owner, group.slug);
    const photo = await phonePhoto({ width: 800, height: 600 });
    const stored = await storeMedia(db.deps, owner, { owner: { kind: "statement", id: statement.statementId }, bytes: photo, filename: "p.jpg" });
    const pdf = await storeMedia(db.deps, owner, { owner: { kind: "statement", id: statement.statementId }, bytes: tinyPdf(), filename: "r.pdf" });
    expect(stored.ok && pdf.ok).toBe(true);
    if (!stored.ok) {
      return;
    }
    for (const v of stored.value.variants) {
      const res = await app.request(`http://sada.test/media/${stored.value.publicHash}/${v.name}`);
      expect(res.status).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(metadataMarkersIn(bytes)).toEqual([]);
      if (v.mime === "image/jpeg") {
        expect(await exifr.gps(bytes)).toBeUndefined();
      }
    }
    const onS3 = fs.readdirSync(s3Dir, { recursive: true }).map(String);
    expect(onS3.some((f) => f.includes(stored.value.publicHash))).toBe(true);
    expect(onS3.some((f) => f.includes(`originals/${stored.value.id}.bin`) || f.includes(`${stored.value.id}.bin`))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, "media"))).toBe(false);
  });

  it("needs the bucket and both keys once an endpoint is set", () => {
    const r = loadConfig({ SADA_S3_ENDPOINT: "http://127.0.0.1:9000", SADA_S3_BUCKET: "b-1" });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error[0]?.variable).toBe("SADA_S3_ENDPOINT");
    const good = loadConfig({ SADA_S3_ENDPOINT: "http://127.0.0.1:9000/", SADA_S3_BUCKET: "b-1", SADA_S3_ACCESS_KEY_ID: "k", SADA_S3_SECRET_ACCESS_KEY: "s" });
    expect(good.ok && good.value.s3).toEqual({
      endpoint: "http://127.0.0.1:9000",
      bucket: "b-1",
      region: "us-east-1",
      accessKeyId: "k",
      secretAccessKey: "s",
      pathStyle: true,
    });
    const none = loadConfig({});
    expect(none.ok && [none.value.s3, none.value.uploadMaxBytes, none.value.keepOriginals]).toEqual([null, 20 * 1024 * 1024, false]);
  });
});
