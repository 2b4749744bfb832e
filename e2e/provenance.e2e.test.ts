// `sada verify statement` and `sada log monitor` against a real `sada serve`, run as an outsider
// would: a separate process with no database and no configuration, speaking HTTP only. Then the
// database is changed behind the server's back and both must say so.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runVerifyCommand } from "../src/main/cli-provenance";
import type { SignedStatement } from "../src/modules/provenance/bundle.queries";
import { startSada, type RunningSada } from "./server";
import { apiPost, publishingCouncil } from "./fixtures";

const BIN = path.resolve(import.meta.dirname, "../bin/sada.mjs");
let sada: RunningSada;
let work = "";

beforeAll(async () => {
  sada = await startSada({ env: { SADA_CHECKPOINT_SECONDS: "0", SADA_PAGE_CACHE_SECONDS: "0" } });
  work = fs.mkdtempSync(path.join(os.tmpdir(), "sada-verify-e2e-"));
}, 60_000);
afterAll(async () => {
  await sada?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Runs the CLI as someone without access to the server: a configuration that would not even load. */
function outsider(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH ?? "", HOME: work, DATABASE_URL: "not-a-database", SADA_DATA_DIR: path.join(work, "nowhere") };
    const child = spawn(process.execPath, [BIN, ...args], { cwd: work, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

const lastLine = (text: string) => text.trim().split("\n").at(-1) ?? "";

/** The same command in this process: cheaper than a process for checking exit codes and messages. */
async function verifyHere(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runVerifyCommand(["statement", ...args], { ok: (l) => (stdout += `${l}\n`), fail: (l) => (stderr += `${l}\n`) });
  return { code, stdout, stderr };
}

/** Changes a stored revision directly in the server's database (SQLite file or PostgreSQL). */
async function rewriteRevision(statementId: string, values: { body: string; canonical: string; hash: string }): Promise<void> {
  if (sada.databaseUrl.startsWith("sqlite:")) {
    const db = new Database(sada.databaseUrl.slice("sqlite:".length), { timeout: 10_000 });
    try {
      db.prepare("UPDATE statement_revisions SET body = ?, canonical = ?, hash = ? WHERE statement_id = ? AND number = 1").run(
        values.body,
        values.canonical,
        values.hash,
        statementId,
      );
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: sada.databaseUrl });
  await client.connect();
  try {
    await client.query("UPDATE statement_revisions SET body = $1, canonical = $2, hash = $3 WHERE statement_id = $4 AND number = 1", [
      values.body,
      values.canonical,
      values.hash,
      statementId,
    ]);
  } finally {
    await client.end();
  }
}

describe("verifying a live instance from outside", () => {
  it("finds a published statement valid online and offline, the log consistent; then catches a rewrite", async () => {
    // A vouched group publishes through the API.
    const publisher = await publishingCouncil(sada, "verify-council");
    const s = await apiPost(sada, "/groups/verify-council/statements", publisher, { kind: "appeal", lang: "ar", title: "نداء", body: "نطالب بفتح ممر آمن." });
    expect(s.status).toBe(201);
    const id = ((await s.json()) as { statement: { id: string } }).statement.id;

    // Wait until a checkpoint covers the revision.
    const signedUrl = `${sada.baseUrl}/api/v1/statements/${id}/signed`;
    let bundle: SignedStatement | null = null;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const cp = await fetch(`${sada.baseUrl}/log/v1/checkpoint`);
      if (cp.ok) {
        bundle = (await (await fetch(signedUrl)).json()) as SignedStatement;
        if (bundle.revisions.every((r) => r.log !== null)) {
          break;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(bundle?.revisions[0]?.log).not.toBeNull();

    // Files for the offline check: the log key and a checkpoint obtained separately, and the document
    // with its addresses (not covered by any signature) pointing nowhere, to show nothing is fetched.
    const saved = { ...(bundle as SignedStatement), url: "http://127.0.0.1:9/nowhere", log_url: "http://127.0.0.1:9/nowhere/log/v1" };
    const bundleFile = path.join(work, "statement.signed.json");
    const checkpointFile = path.join(work, "checkpoint");
    const keyFile = path.join(work, "log.vkey");
    fs.writeFileSync(bundleFile, JSON.stringify(saved, null, 2));
    fs.writeFileSync(checkpointFile, saved.checkpoint ?? "");
    fs.writeFileSync(keyFile, await (await fetch(`${sada.baseUrl}/log/v1/key`)).text());
    const pageUrl = `${sada.baseUrl}/en/statements/${id}`;
    const stateDir = path.join(work, "monitor");
    // Independent runs of the real command, in parallel (each start costs a second or two).
    const [online, offline, monitor] = await Promise.all([
      outsider(["verify", "statement", pageUrl]),
      outsider(["verify", "statement", bundleFile, "--checkpoint", checkpointFile, "--log-key", keyFile]),
      outsider(["log", "monitor", sada.baseUrl, "--state", stateDir]),
    ]);

    // Online, from the page URL.
    expect(online.code, online.stdout + online.stderr).toBe(0);
    expect(lastLine(online.stdout)).toMatch(/^valid: statement \w+, \d+ checks passed$/);
    expect(online.stdout).toContain("✓ revision 1: signature");

    // Offline, from files, pinned to the log key and to a checkpoint.
    expect(offline.code, offline.stdout + offline.stderr).toBe(0);
    expect(lastLine(offline.stdout)).toMatch(/^valid:/);
    expect(offline.stdout).toContain("✓ log key: ");
    expect(offline.stdout).toContain("✓ trusted checkpoint: same tree");
    const json = await verifyHere([bundleFile, "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: true, statement: id });

    // Usage and I/O errors are exit 2, with a clear message.
    const missing = await verifyHere([path.join(work, "missing.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Cannot read");
    const notJson = await verifyHere([keyFile]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain("is not JSON");
    const unknown = await verifyHere([`${sada.baseUrl}/api/v1/statements/zzzzzzzzzzzzzzzz/signed`]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("HTTP 404");

    // The monitor's first run pins the key and checks the whole log.
    expect(monitor.code, monitor.stdout + monitor.stderr).toBe(0);
    expect(monitor.stdout).toMatch(/^log 127\.0\.0\.1:\d+\/log: \d+ entries \(\+\d+\), first run: .*, 1 statements re-checked/);
    expect(fs.existsSync(path.join(stateDir, "state.json"))).toBe(true);

    // The operator changes the revision in the database, hash recomputed and all.
    const revision = (bundle as SignedStatement).revisions[0] as SignedStatement["revisions"][number];
    const body = "نص مزور.";
    const canonical = JSON.stringify({ ...(JSON.parse(revision.canonical) as Record<string, unknown>), body });
    const hash = createHash("sha256").update(canonical, "utf8").digest("hex");
    await rewriteRevision(id, { body, canonical, hash });

    const [tampered, alarm] = await Promise.all([
      outsider(["verify", "statement", pageUrl]),
      outsider(["log", "monitor", `${sada.baseUrl}/log/v1`, "--state", stateDir]),
    ]);
    expect(tampered.code, tampered.stdout + tampered.stderr).toBe(1);
    expect(lastLine(tampered.stdout)).toMatch(/^INVALID: statement \w+, \d+ of \d+ checks failed$/);
    expect(tampered.stdout).toContain("✗ revision 1: signature");

    expect(alarm.code, alarm.stdout + alarm.stderr).toBe(1);
    expect(alarm.stderr).toContain(`statement ${id} revision 1: the server now serves hash ${hash} but the log recorded ${revision.hash}`);
    expect(alarm.stdout).toContain("INCONSISTENT");
  }, 120_000);
});
