import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabaseUrl } from "../../../test/db";
import { useHarness } from "../../../test/harness";
import { buildApp } from "../../main/app";
import { createRuntime } from "../../main/wiring";
import { loadConfig, type Config } from "../../platform/config";
import { connect } from "../../platform/db/connect";
import { migrateToLatest } from "../../platform/db/migrator";
import { sha256Hex } from "../../platform/hash";
import type { Database, DbContext } from "../database";
import { redactRevisionSnapshot } from "../incidents/incident-revision.redact";
import { getIncident, type IncidentDetail } from "../incidents/incident.queries";
import { fileAccessFor } from "./export-files";
import { exportLines } from "./export.queries";
import { FileStaging } from "./import-files";
import { importExport } from "./import.service";
import { FILE_CHUNK_BYTES } from "./incidents.records";
import { PUBLIC_COORDS, WITHHELD } from "./portability.incidents.testkit";
import { INCIDENT_RECORD_TYPES, VERSION_1_TYPES, type RecordType } from "./portability.model";
import { collect, seed, type Seeded } from "./portability.testkit";

// Incidents, media and file bytes in the open data export: export → import into an empty
// instance → export gives the same bytes; pages and downloads survive; withheld coordinates and
// private originals never leave; a damaged file is refused with its line, leaving nothing behind.
const h = useHarness();
let seeded: Seeded;
let original = "";
let lines: string[] = [];
const dirs: string[] = [];

type Rec = Record<string, unknown> & { type: string };
const records = () => lines.map((l) => JSON.parse(l) as Rec);
const ofType = (t: string) => records().filter((r) => r.type === t);

beforeAll(async () => {
  seeded = await seed(h.deps, h.make, h.client());
  original = await collect(exportLines(h.deps));
  lines = original.trimEnd().split("\n");
});

afterAll(() => {
  for (const d of dirs) {
    fs.rmSync(d, { recursive: true, force: true });
  }
});

function configFor(url: string, dataDir: string, env: Record<string, string> = {}): Config {
  const loaded = loadConfig({
    DATABASE_URL: url,
    SADA_DATA_DIR: dataDir,
    SADA_BASE_URL: "http://sada.test",
    SADA_SECRET: "a-secret-for-the-incidents-import-0123456",
    ...env,
  });
  if (!loaded.ok) {
    throw new Error(JSON.stringify(loaded.error));
  }
  return loaded.value;
}

/** Runs `fn` on a new, migrated, empty database with a data folder of its own. */
async function withEmptyInstance<T>(fn: (ctx: DbContext & { config: Config }, dataDir: string) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  const fresh = await freshDatabaseUrl();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-incidents-import-"));
  dirs.push(dataDir);
  const config = configFor(fresh.url, dataDir, env);
  const handle = connect<Database>(config.database);
  try {
    await migrateToLatest(handle.db as never);
    return await fn({ db: handle.db, dialect: handle.dialect, config }, dataDir);
  } finally {
    await handle.close();
    await fresh.drop();
  }
}

async function* from(text: string[]): AsyncGenerator<string> {
  yield* text;
}

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((d) => d.isFile()).map((d) => d.name) : [];
}

/**
 * What a reader sees of an incident: without the private coordinates (for editors, compared
 * apart), with revision snapshots redacted as the page shows them, and without who recorded it,
 * saved a revision or added a source (shown only to those who may edit: never exported).
 */
function readerView(d: IncidentDetail | null) {
  if (!d) {
    return null;
  }
  const { privateCoords: _p, coordinatesWithheld: _w, createdBy: _c, ...rest } = d;
  const revisions = d.revisions.map(({ changedBy: _by, ...r }) => ({
    ...r,
    snapshot: JSON.parse(redactRevisionSnapshot(JSON.stringify(r.snapshot), d.coordsPublic)) as unknown,
  }));
  const sources = d.sources.map(({ addedBy: _by, ...s }) => s);
  // The incidents module reads casualties without an order (insertion order): compared sorted.
  const casualties = [...d.casualties].sort((a, b) => `${a.category}/${a.subgroup}`.localeCompare(`${b.category}/${b.subgroup}`));
  return { ...rest, revisions, sources, casualties };
}

describe("incidents and media in the export", () => {
  it("has version 2 and every incident and media record type", () => {
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ format: "sada-export", version: 2 });
    for (const t of INCIDENT_RECORD_TYPES) {
      expect(ofType(t).length, t).toBeGreaterThan(0);
    }
    // The translation tables name the incident, after the incident record.
    const at = (pred: (r: Rec) => boolean) => records().findIndex(pred);
    expect(at((r) => r.type === "translation_target" && r.statement_id === seeded.incidents.withheld)).toBeGreaterThan(
      at((r) => r.type === "incident" && r.id === seeded.incidents.withheld),
    );
  });

  it("never holds withheld coordinates, evidence photos' original bytes or kept originals", () => {
    for (const n of [WITHHELD.latitude, WITHHELD.longitude]) {
      expect(original).not.toContain(String(n));
    }
    expect(original).toContain(`"latitude":"${PUBLIC_COORDS.latitude}"`);
    const withheld = ofType("incident").find((r) => r.id === seeded.incidents.withheld);
    expect(withheld).toMatchObject({ coords_public: 0, latitude: null, longitude: null, precision_m: null });
    const snapshot = ofType("incident_revision").find((r) => r.incident_id === seeded.incidents.withheld)?.snapshot;
    expect(JSON.parse(String(snapshot))).toMatchObject({ latitude: null, longitude: null, precision_m: null });
    // The photo's metadata is there; its bytes (with the phone's GPS position) are not.
    expect(ofType("evidence_file").map((r) => r.sha256)).toContain(seeded.incidents.photoSha256);
    expect(ofType("file").map((r) => r.key)).not.toContain(seeded.incidents.photoSha256);
    expect(ofType("media").every((r) => r.original_key === null && r.original_sha256 === null)).toBe(true);
  });

  it("writes file bytes in chunks of at most 1 MiB that add up to the file", () => {
    const archive = ofType("file").find((r) => r.key === seeded.incidents.archiveSha256);
    expect(archive).toMatchObject({ store: "evidence", sha256: seeded.incidents.archiveSha256, mime: "application/pdf" });
    const chunks = ofType("file_chunk").filter((r) => r.sha256 === seeded.incidents.archiveSha256);
    expect(chunks.length).toBe(2);
    const bytes = Buffer.concat(chunks.map((c) => Buffer.from(String(c.data), "base64")));
    expect(chunks.every((c) => Buffer.from(String(c.data), "base64").length <= FILE_CHUNK_BYTES)).toBe(true);
    expect(bytes.length).toBe(archive?.size);
    expect(sha256Hex(bytes)).toBe(seeded.incidents.archiveSha256);
  });

  it("imports into an empty instance, which exports the same bytes, shows the same incidents and serves the same files", async () => {
    await withEmptyInstance(async (ctx, dataDir) => {
      const result = await importExport(ctx, from(lines), { config: ctx.config });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      expect(await collect(exportLines(ctx))).toBe(original);
      for (const id of [seeded.incidents.withheld, seeded.incidents.open]) {
        for (const lang of ["en", "ar"]) {
          const [after, before] = [readerView(await getIncident(ctx, id, lang)), readerView(await getIncident(h.deps, id, lang))];
          for (const key of Object.keys(before ?? {})) {
            expect(after?.[key as keyof typeof after], key).toEqual(before?.[key as keyof typeof before]);
          }
          expect(after).toEqual(before);
        }
      }
      expect((await getIncident(ctx, seeded.incidents.open, "en"))?.privateCoords).toEqual(
        (await getIncident(h.deps, seeded.incidents.open, "en"))?.privateCoords,
      );
      expect((await getIncident(ctx, seeded.incidents.withheld, "en"))?.privateCoords).toBeNull();
      expect(filesUnder(dataDir).some((f) => f.endsWith(".tmp"))).toBe(false);
      expect(fs.readdirSync(dataDir).some((f) => f.startsWith(".import-"))).toBe(false);

      const runtime = await createRuntime(ctx.config);
      try {
        const app = buildApp(runtime.deps);
        const pdf = await app.request(`http://sada.test/evidence/${seeded.incidents.archiveSha256}`);
        expect(pdf.status).toBe(200);
        expect(sha256Hex(new Uint8Array(await pdf.arrayBuffer()))).toBe(seeded.incidents.archiveSha256);
        for (const m of ofType("media")) {
          for (const v of JSON.parse(String(m.variants)) as Array<{ name: string }>) {
            const url = `/media/${String(m.public_hash)}/${v.name}`;
            const [before, after] = await Promise.all([h.app.request(`http://sada.test${url}`), app.request(`http://sada.test${url}`)]);
            expect(after.status, url).toBe(200);
            expect(Buffer.from(await after.arrayBuffer()).equals(Buffer.from(await before.arrayBuffer())), url).toBe(true);
          }
        }
        const page = await (await app.request(`http://sada.test/en/incidents/${seeded.incidents.withheld}`)).text();
        expect(page).toContain("Strike on the bakery queue");
        expect(page).not.toContain(String(WITHHELD.latitude));
      } finally {
        await runtime.close();
      }
    });
  });

  it.each([
    ["bad base64", (data: string) => `${data.slice(0, -4)}*AAA`, /data: must be base64/],
    [
      "bytes that do not match the hash",
      (data: string) => `${data.slice(0, 100)}${data[100] === "A" ? "B" : "A"}${data.slice(101)}`,
      /do not have its SHA-256/,
    ],
  ] as const)("refuses a file chunk with %s, with its line, and leaves no rows and no files", async (_name, damage, reason) => {
    // The last media file: the evidence files before it are already staged when it fails.
    const last = lines.findLastIndex((l) => l.includes('"type":"file_chunk"'));
    const record = JSON.parse(lines[last] ?? "{}") as Rec;
    const edited = [...lines];
    edited[last] = JSON.stringify({ ...record, data: damage(String(record.data)) });
    await withEmptyInstance(async (ctx, dataDir) => {
      const result = await importExport(ctx, from(edited), { config: ctx.config });
      expect(result).toMatchObject({ ok: false, error: { type: "invalid", line: last + 1 } });
      expect(!result.ok && result.error.type === "invalid" && result.error.reason).toMatch(reason);
      for (const table of ["incidents", "evidence_files", "media", "incident_sources", "groups"] as const) {
        const n = await ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow();
        expect(Number(n.n), table).toBe(0);
      }
      expect(filesUnder(dataDir)).toEqual([]);
    });
  });

  it("refuses a file whose chunks stop before its end", async () => {
    const last = lines.findLastIndex((l) => l.includes('"type":"file_chunk"'));
    const edited = lines.filter((_l, i) => i !== last);
    const end = JSON.parse(edited[edited.length - 1] ?? "{}") as { counts: Record<string, number> };
    end.counts.file_chunk = (end.counts.file_chunk ?? 0) - 1;
    edited[edited.length - 1] = JSON.stringify(end);
    await withEmptyInstance(async (ctx, dataDir) => {
      const result = await importExport(ctx, from(edited), { config: ctx.config });
      expect(result).toMatchObject({ ok: false, error: { type: "invalid" } });
      expect(!result.ok && result.error.type === "invalid" && result.error.reason).toMatch(/chunks are missing/);
      expect(filesUnder(dataDir)).toEqual([]);
    });
  });

  it("still reads a version 1 file, and refuses newer record types in one", async () => {
    const incidentIds = new Set(ofType("incident").map((r) => r.id));
    const incidentSegments = new Set(
      ofType("segment")
        .filter((r) => incidentIds.has(r.statement_id))
        .map((r) => r.id),
    );
    const v1 = records().filter(
      (r) => (VERSION_1_TYPES as readonly string[]).includes(r.type) && !incidentIds.has(r.statement_id) && !incidentSegments.has(r.segment_id),
    );
    const counts = Object.fromEntries(VERSION_1_TYPES.map((t: RecordType) => [t, v1.filter((r) => r.type === t).length]));
    const header = { ...(JSON.parse(lines[0] ?? "{}") as Rec), version: 1 };
    const file = [JSON.stringify(header), ...v1.map((r) => JSON.stringify(r)), JSON.stringify({ type: "end", counts })];
    await withEmptyInstance(async (ctx) => {
      const result = await importExport(ctx, from(file), { config: ctx.config });
      expect(result.ok, JSON.stringify(result)).toBe(true);
    });
    const withIncident = [...file];
    const incident = lines.find((l) => l.includes('"type":"incident"')) ?? "";
    const at = file.findIndex((l) => l.includes('"type":"translation_target"'));
    withIncident.splice(at, 0, incident);
    await withEmptyInstance(async (ctx) => {
      const result = await importExport(ctx, from(withIncident), { config: ctx.config });
      expect(result).toMatchObject({ ok: false, error: { type: "invalid", line: at + 1 } });
      expect(!result.ok && result.error.type === "invalid" && result.error.reason).toContain("version 1");
    });
  });

  it("imports media files into an S3-compatible store, and exports them from there", async () => {
    const s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-s3rver-"));
    dirs.push(s3Dir);
    const s3 = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: s3Dir, configureBuckets: [{ name: "sada-import" }] });
    const { port } = await s3.run();
    try {
      const env = {
        SADA_S3_ENDPOINT: `http://127.0.0.1:${port}`,
        SADA_S3_BUCKET: "sada-import",
        SADA_S3_ACCESS_KEY_ID: "S3RVER",
        SADA_S3_SECRET_ACCESS_KEY: "S3RVER",
      };
      await withEmptyInstance(async (ctx, dataDir) => {
        const result = await importExport(ctx, from(lines), { config: ctx.config });
        expect(result.ok, JSON.stringify(result)).toBe(true);
        expect(fs.existsSync(path.join(dataDir, "media"))).toBe(false);
        const store = await fileAccessFor(ctx.config).media();
        const [key] = ofType("file")
          .filter((r) => r.store === "media")
          .map((r) => String(r.key));
        expect(await store.get(key ?? "")).not.toBeNull();
        expect(await collect(exportLines(ctx))).toBe(original);
      }, env);
    } finally {
      await s3.close();
    }
  });

  it("removes the files it put in place when the import fails after placing them", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-staging-"));
    dirs.push(dataDir);
    const access = fileAccessFor(configFor("sqlite::memory:", dataDir));
    const staging = new FileStaging(access);
    const bytes = Buffer.from("%PDF-1.4 a small file\n");
    const sha256 = sha256Hex(bytes);
    expect(staging.begin(1, { store: "evidence", key: sha256, sha256, size: bytes.length, mime: "application/pdf" })).toBeNull();
    expect(staging.chunk(sha256, 0, bytes.toString("base64"))).toBeNull();
    expect(staging.begin(3, { store: "media", key: `public/${sha256}/file`, sha256, size: bytes.length, mime: "application/pdf" })).toBeNull();
    expect(staging.chunk(sha256, 0, bytes.toString("base64"))).toBeNull();
    await staging.publish();
    expect(fs.readFileSync(path.join(access.evidenceDir, sha256))).toEqual(bytes);
    expect(Buffer.from((await (await access.media()).get(`public/${sha256}/file`)) ?? [])).toEqual(bytes);
    await staging.rollback();
    staging.cleanup();
    expect(filesUnder(dataDir)).toEqual([]);
  });
});

describe("redactRevisionSnapshot", () => {
  it("removes coordinates when the snapshot or the incident withholds them, and is idempotent", () => {
    const open = '{"coords_public":1,"latitude":"1.5","longitude":"2.5","precision_m":10,"title":"t"}';
    expect(redactRevisionSnapshot(open, true)).toBe(open);
    expect(redactRevisionSnapshot(open, false)).toBe('{"coords_public":1,"latitude":null,"longitude":null,"precision_m":null,"title":"t"}');
    const closed = '{"facts":{"coordsPublic":false,"latitude":1.5,"longitude":2.5,"precisionM":10},"title":"t"}';
    const redacted = redactRevisionSnapshot(closed, true);
    expect(redacted).toBe('{"facts":{"coordsPublic":false,"latitude":null,"longitude":null,"precisionM":null},"title":"t"}');
    expect(redactRevisionSnapshot(redacted, true)).toBe(redacted);
    expect(redactRevisionSnapshot("not json", false)).toBe("not json");
  });
});
