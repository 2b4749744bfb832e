import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freshDatabaseUrl } from "../../../test/db";
import { useHarness } from "../../../test/harness";
import { createRuntime } from "../../main/wiring";
import { loadConfig, type Config } from "../../platform/config";
import { connect } from "../../platform/db/connect";
import { migrateToLatest } from "../../platform/db/migrator";
import type { Database, DbContext } from "../database";
import { hashLeaf } from "../provenance/merkle";
import { exportLines } from "./export.queries";
import { importExport } from "./import.service";
import { IMPORTED_PASSWORD_HASH } from "./import.run";
import { collect, seed } from "./portability.testkit";

// Imports that must fail say where and why, and write nothing.
const h = useHarness();
let lines: string[] = [];

beforeAll(async () => {
  await seed(h.deps, h.make, h.client());
  lines = (await collect(exportLines(h.deps))).trimEnd().split("\n");
});

async function* from(text: string[]): AsyncGenerator<string> {
  yield* text;
}

function configFor(url: string): Config {
  const loaded = loadConfig({
    DATABASE_URL: url,
    SADA_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "sada-import-test-")),
    SADA_BASE_URL: "http://other.test",
    SADA_SECRET: "a-third-secret-only-for-import-tests-0123",
  });
  if (!loaded.ok) {
    throw new Error(JSON.stringify(loaded.error));
  }
  return loaded.value;
}

/** Runs `fn` on a new, migrated, empty database (no instance key: as `sada import` opens it). */
async function withEmptyDb<T>(fn: (ctx: DbContext, config: Config) => Promise<T>): Promise<T> {
  const fresh = await freshDatabaseUrl();
  const config = configFor(fresh.url);
  const handle = connect<Database>(config.database);
  try {
    await migrateToLatest(handle.db as never);
    return await fn({ db: handle.db, dialect: handle.dialect }, config);
  } finally {
    await handle.close();
    await fresh.drop();
  }
}

async function rowCounts(ctx: DbContext): Promise<number[]> {
  const tables = [
    "users",
    "groups",
    "statements",
    "statement_revisions",
    "segments",
    "log_entries",
    "log_nodes",
    "log_checkpoints",
    "search_docs",
    "instance_settings",
  ] as const;
  return Promise.all(
    tables.map(async (t) =>
      Number(
        (
          await ctx.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ),
  );
}

const indexOf = (type: string, match: (r: Record<string, unknown>) => boolean = () => true) =>
  lines.findIndex((l) => {
    const r = JSON.parse(l) as Record<string, unknown>;
    return r.type === type && match(r);
  });

/** The file with line `i` (0-based) replaced. */
const edited = (i: number, change: (r: Record<string, unknown>) => Record<string, unknown> | string) =>
  lines.map((l, j) => {
    if (j !== i) {
      return l;
    }
    const out = change(JSON.parse(l) as Record<string, unknown>);
    return typeof out === "string" ? out : JSON.stringify(out);
  });

describe("importExport refuses bad files and writes nothing", () => {
  const cases: Array<[string, () => string[], RegExp]> = [
    ["a line that is not JSON", () => edited(indexOf("statement"), () => '{"type":"statement",'), /not JSON/],
    [
      "a revision whose text was changed",
      () => edited(indexOf("statement_revision"), (r) => ({ ...r, canonical: String(r.canonical).replace('"title":"', '"title":"X') })),
      /hash is not the SHA-256 of canonical/,
    ],
    ["a field the format does not have", () => edited(indexOf("user"), (r) => ({ ...r, email: "x@example.org" })), /Unrecognized key/],
    ["a private key", () => edited(indexOf("signing_key"), (r) => ({ ...r, sealed_private_key: "v1.abc.def" })), /private keys are never exported/],
    [
      "records out of order",
      () => edited(indexOf("group_place"), () => ({ type: "user", handle: "late-user", created_at: "2026-01-01T00:00:00.000Z" })),
      /order/,
    ],
    [
      "a reference to a group that is not in the file",
      () => edited(indexOf("group_profile"), (r) => ({ ...r, group_id: "zzzzzzzzzzzzzzzz" })),
      /group zzzzzzzzzzzzzzzz has no group record/,
    ],
    [
      "a rewritten log entry (its leaf hash recomputed, so only the checkpoint catches it)",
      () =>
        edited(
          indexOf("log_entry", (r) => r.idx === 1),
          (r) => {
            const entry = String(r.entry).replace(/"status":"vouched"/, '"status":"verified"');
            return { ...r, entry, leaf_hash: Buffer.from(hashLeaf(new TextEncoder().encode(entry))).toString("hex") };
          },
        ),
      /is not the root of the imported log .* the log is inconsistent/,
    ],
    ["a file cut short", () => lines.slice(0, -1), /cut short/],
    [
      "wrong counts in the end line",
      () => edited(lines.length - 1, (r) => ({ ...r, counts: { ...(r.counts as object), statement: 99 } })),
      /counts 99 "statement"/,
    ],
  ];

  it.each(cases)("%s", async (_name, make, reason) => {
    const file = make();
    await withEmptyDb(async (ctx, config) => {
      const before = await rowCounts(ctx);
      const result = await importExport(ctx, from(file), { config });
      expect(result.ok).toBe(false);
      if (!result.ok && result.error.type === "invalid") {
        expect(result.error.reason).toMatch(reason);
        const bad = file.findIndex((l, i) => l !== lines[i]);
        // The problem is reported on the edited line, or for a checkpoint/end-line check, where it is detected.
        expect(result.error.line).toBeGreaterThanOrEqual(bad === -1 ? file.length : bad + 1);
      } else {
        throw new Error(`expected an invalid file, got ${JSON.stringify(result)}`);
      }
      expect(await rowCounts(ctx)).toEqual(before);
    });
  });

  it("names the exact line of a bad record", async () => {
    const i = indexOf("statement_revision");
    await withEmptyDb(async (ctx, config) => {
      const result = await importExport(ctx, from(edited(i, (r) => ({ ...r, number: 0 }))), { config });
      expect(result).toMatchObject({ ok: false, error: { type: "invalid", line: i + 1 } });
      expect(!result.ok && result.error.type === "invalid" && result.error.reason).toContain("number");
    });
  });
});

describe("importExport into a freshly started instance", () => {
  it("replaces the instance's own first key and log entry, reuses accounts by handle, and creates the rest without passwords", async () => {
    await withEmptyDb(async (ctx, config) => {
      // A fresh start: the instance key and its log entry, and an account made before the import.
      const runtime = await createRuntime(config);
      await runtime.deps.provenance.flush();
      await runtime.deps.db
        .insertInto("users")
        .values({
          id: "localadmin000000",
          handle: "amal-writer",
          password_hash: "$argon2id$local",
          email: null,
          role: "admin",
          locale: null,
          created_at: "2026-01-01T00:00:00.000Z",
        })
        .execute();
      await runtime.close();

      const result = await importExport(ctx, from(lines), { config });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      const entries = lines.filter((l) => l.includes('"type":"log_entry"')).length;
      expect(result.ok && result.value).toMatchObject({ usersReused: 1, logSize: entries });
      const keys = await ctx.db.selectFrom("signing_keys").select("id").where("group_id", "is", null).execute();
      const exportedInstanceKeys = lines
        .filter((l) => l.includes('"type":"signing_key"') && l.includes('"group_id":null'))
        .map((l) => String(JSON.parse(l).id));
      expect(keys.map((k) => k.id)).toEqual(exportedInstanceKeys);
      const state = await ctx.db.selectFrom("log_state").select("size").executeTakeFirstOrThrow();
      expect(Number(state.size)).toBe(entries);
      const admin = await ctx.db.selectFrom("users").selectAll().where("handle", "=", "amal-writer").executeTakeFirstOrThrow();
      expect(admin).toMatchObject({ id: "localadmin000000", role: "admin" });
      const others = await ctx.db.selectFrom("users").select(["password_hash", "role", "email"]).where("handle", "!=", "amal-writer").execute();
      expect(others.length).toBeGreaterThan(0);
      expect(others.every((u) => u.password_hash === IMPORTED_PASSWORD_HASH && u.role === "reader" && u.email === null)).toBe(true);
      const origin = await ctx.db.selectFrom("instance_settings").select("value").where("name", "=", "log_origin").executeTakeFirstOrThrow();
      expect(origin.value).toBe("sada.test/log");
    });
  });

  it("refuses an instance whose log has more than its first entry", async () => {
    await withEmptyDb(async (ctx, config) => {
      const runtime = await createRuntime(config);
      // The instance's own key registration is there; one more entry makes it an instance in use.
      const entry = String(JSON.parse(lines[indexOf("log_entry", (r) => r.idx === 1)] ?? "{}").entry);
      await runtime.deps.db.insertInto("log_queue").values({ entry, created_at: "2026-01-01T00:00:00.000Z" }).execute();
      await runtime.close();
      const result = await importExport(ctx, from(lines), { config });
      expect(result).toMatchObject({ ok: false, error: { type: "not-empty" } });
    });
  });
});
