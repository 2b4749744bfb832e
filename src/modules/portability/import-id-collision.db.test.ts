import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabaseUrl } from "../../../test/db";
import { useHarness } from "../../../test/harness";
import { loadConfig } from "../../platform/config";
import { connect } from "../../platform/db/connect";
import { migrateToLatest } from "../../platform/db/migrator";
import type { Database } from "../database";
import { incidentService } from "../incidents/incident.service";
import { incidentInput } from "../incidents/incidents.testkit";
import { exportLines } from "./export.queries";
import { importExport } from "./import.service";
import { collect } from "./portability.testkit";

// Statements and incidents share the translation tables' `statement_id`: an id must name one
// document only. A file in which an incident has a statement's id (crafted, or damaged) would
// give both one set of translation rows, so the import refuses it.
const h = useHarness();
let statementId = "";
let incidentId = "";
let lines: string[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  const owner = await h.make.user();
  const group = await h.make.vouchedGroup(owner);
  statementId = (await h.make.statement(owner, group.slug, { lang: "en", title: "On the market", body: "The market was shelled." })).statementId;
  const editor = await h.make.user({ role: "editor" });
  const r = await incidentService.create({ ...h.deps, dataDir: h.deps.config.dataDir }, editor, incidentInput({ lang: "ar", title: "قصف السوق" }));
  if (!r.ok) {
    throw new Error(r.error.type);
  }
  incidentId = r.value.id;
  lines = (await collect(exportLines(h.deps))).trimEnd().split("\n");
});

afterAll(() => {
  for (const d of dirs) {
    fs.rmSync(d, { recursive: true, force: true });
  }
});

async function importInto(text: string[]) {
  const fresh = await freshDatabaseUrl();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-collision-"));
  dirs.push(dataDir);
  const loaded = loadConfig({
    DATABASE_URL: fresh.url,
    SADA_DATA_DIR: dataDir,
    SADA_BASE_URL: "http://sada.test",
    SADA_SECRET: "a-secret-for-the-collision-import-0123456",
  });
  if (!loaded.ok) {
    throw new Error(JSON.stringify(loaded.error));
  }
  const handle = connect<Database>(loaded.value.database);
  try {
    await migrateToLatest(handle.db as never);
    async function* from() {
      yield* text;
    }
    const result = await importExport({ db: handle.db, dialect: handle.dialect, config: loaded.value }, from());
    const docs = await handle.db.selectFrom("translatable_documents").select(["id", "document"]).execute();
    return { result, docs };
  } finally {
    await handle.close();
    await fresh.drop();
  }
}

describe("an incident and a statement with one id", () => {
  it("imports the export as it is", async () => {
    const { result, docs } = await importInto(lines);
    expect(result.ok).toBe(true);
    expect(
      docs
        .filter((d) => d.id === statementId || d.id === incidentId)
        .map((d) => d.document)
        .sort(),
    ).toEqual(["incident", "statement"]);
  });

  it("is refused, with the incident's line, and nothing is written", async () => {
    // The incident's own translation rows are left out (they would collide with the statement's
    // in the translation tables' keys); the end line counts what is left.
    type Rec = { type: string; statement_id?: string; id?: string; segment_id?: string; counts?: Record<string, number> };
    const parsed = lines.map((l) => JSON.parse(l) as Rec);
    const incidentSegments = new Set(parsed.filter((r) => r.type === "segment" && r.statement_id === incidentId).map((r) => r.id));
    const kept = lines.filter((_, i) => {
      const r = parsed[i] as Rec;
      return !(
        (["translation_target", "segment", "revision_segment"].includes(r.type) && r.statement_id === incidentId) ||
        (r.type === "segment_translation" && incidentSegments.has(r.segment_id))
      );
    });
    const body = kept.slice(0, -1).map((l) => l.split(incidentId).join(statementId));
    const end = JSON.parse(kept[kept.length - 1] ?? "{}") as Rec;
    const counts = Object.fromEntries(Object.keys(end.counts ?? {}).map((t) => [t, body.filter((l) => (JSON.parse(l) as Rec).type === t).length]));
    const crafted = [...body, JSON.stringify({ type: "end", counts: Object.fromEntries(Object.entries(counts).sort(([x], [y]) => (x < y ? -1 : 1))) })];
    const { result, docs } = await importInto(crafted);
    const line = crafted.findIndex((l) => (JSON.parse(l) as { type: string }).type === "incident") + 1;
    expect(result).toEqual({ ok: false, error: { type: "invalid", line, reason: expect.stringContaining(statementId) as string } });
    expect(docs).toEqual([]);
  });
});
