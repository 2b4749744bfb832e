import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabaseUrl } from "../../../test/db";
import { useHarness } from "../../../test/harness";
import { buildApp } from "../../main/app";
import { createRuntime, type Runtime } from "../../main/wiring";
import { loadConfig } from "../../platform/config";
import { bytesEqual, verifyConsistency } from "../provenance/merkle";
import type { SignedStatement } from "../provenance/bundle.queries";
import { fingerprint, fromBase64Strict, generateKeyPair, openNote, parseCheckpoint, parseVerifierKey, sign, toBase64 } from "../provenance/signing";
import { verifySignedStatement, type VerifyReport } from "../provenance/verify/statement-verify";
import { runVerifyCommand } from "../../main/cli-provenance";
import { exportLines } from "./export.queries";
import { collect, seed, type Seeded } from "./portability.testkit";

// export → `sada import` into a fresh database → `sada export`: the same bytes. Then the imported
// instance serves the same statements, and its signed statements verify against the imported log.
const h = useHarness();
const BIN = path.resolve(import.meta.dirname, "../../../bin/sada.mjs");
let dir = "";
let target: Awaited<ReturnType<typeof freshDatabaseUrl>>;
let seeded: Seeded;
let original = "";
let imported: Runtime | null = null;

function sada(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, SADA_DATA_DIR: dir, DATABASE_URL: target.url, SADA_SECRET: "another-secret-for-the-imported-instance-0123" };
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  seeded = await seed(h.deps, h.make, h.client());
  original = await collect(exportLines(h.deps));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-roundtrip-"));
  fs.writeFileSync(path.join(dir, "export.jsonl"), original);
  target = await freshDatabaseUrl();
});

afterAll(async () => {
  await imported?.close();
  await target.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function openImported(): Promise<Runtime> {
  const loaded = loadConfig({
    DATABASE_URL: target.url,
    SADA_DATA_DIR: dir,
    SADA_BASE_URL: "http://sada.test",
    SADA_SECRET: "another-secret-for-the-imported-instance-0123",
  });
  if (!loaded.ok) {
    throw new Error(JSON.stringify(loaded.error));
  }
  imported = await createRuntime(loaded.value);
  return imported;
}

type Bundle = { checkpoint: string | null; log_key: string; revisions: unknown[]; translations: unknown[] };

describe("sada import and sada export", () => {
  it("restores an export into an empty instance, which exports the same bytes", async () => {
    const imp = await sada(["import", path.join(dir, "export.jsonl")]);
    expect(imp.stderr).not.toContain("Cannot");
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain("Imported");
    expect(imp.stdout).toContain("4 statement,");
    const toFile = await sada(["export", "--out", path.join(dir, "again.jsonl")]);
    expect(toFile.code, toFile.stderr).toBe(0);
    expect(toFile.stderr).toContain("Exporting");
    expect(fs.readFileSync(path.join(dir, "again.jsonl"), "utf8")).toBe(original);
    expect(fs.existsSync(path.join(dir, "again.jsonl.partial"))).toBe(false);
    const toStdout = await sada(["export"]);
    expect(toStdout.code).toBe(0);
    expect(toStdout.stdout).toBe(original);
  });

  it("serves the same statement pages and search, and signed statements that verify against the imported checkpoint", async () => {
    const runtime = await openImported();
    const app = buildApp(runtime.deps);
    const get = (a: typeof app, p: string) => a.request(`http://sada.test${p}`);
    for (const id of [seeded.statements.translated, seeded.statements.retracted, seeded.statements.offline]) {
      for (const page of [`/en/statements/${id}`, `/ar/statements/${id}?view=side`]) {
        const [before, after] = await Promise.all([get(h.app, page), get(app, page)]);
        expect(after.status, page).toBe(200);
        expect(await after.text(), page).toBe(await before.text());
      }
    }
    const search = await (await get(app, `/api/v1/search?q=${encodeURIComponent("مشفى الأمل")}`)).json();
    expect(JSON.stringify(search)).toContain(seeded.groups.vouched);

    const checkpoint = (await runtime.deps.db.selectFrom("log_checkpoints").select("note").orderBy("size", "desc").executeTakeFirstOrThrow()).note;
    for (const id of Object.values(seeded.statements)) {
      const before = (await (await get(h.app, `/api/v1/statements/${id}/signed`)).json()) as Bundle;
      const after = (await (await get(app, `/api/v1/statements/${id}/signed`)).json()) as Bundle;
      // The same revisions, signatures, translations and inclusion proofs, against the same checkpoint.
      expect(after.revisions).toEqual(before.revisions);
      expect(after.translations).toEqual(before.translations);
      expect(after.checkpoint).toBe(checkpoint);
      // A reader who pinned the original log key checks the imported proofs with it. (The imported
      // instance signs from now on with a key of its own: the original's private key never left.)
      const report = await verifySignedStatement(
        { ...after, log_key: before.log_key },
        { logKey: before.log_key, trustedCheckpoint: checkpoint, requireLogged: true },
      );
      expect(
        report.checks.filter((c) => !c.ok),
        id,
      ).toEqual([]);
      expect(report.valid).toBe(true);
    }
  });

  it("continues the imported log: the next checkpoint is consistent with the imported one", async () => {
    const runtime = imported ?? (await openImported());
    const last = await runtime.deps.db.selectFrom("log_checkpoints").select(["size", "root_hash", "note"]).orderBy("size", "desc").executeTakeFirstOrThrow();
    await runtime.deps.provenance.flush();
    const app = buildApp(runtime.deps);
    const note = await (await app.request("http://sada.test/log/v1/checkpoint")).text();
    const vkey = parseVerifierKey((await (await app.request("http://sada.test/log/v1/key")).text()).trim());
    const next = parseCheckpoint(openNote(note, [vkey]).text);
    const oldSize = Number(last.size);
    // The start rotated the instance key out (its private half stayed with the original): two entries.
    expect(next.size).toBe(oldSize + 2);
    expect(next.origin).toBe("sada.test/log");
    const proof = (await (await app.request(`http://sada.test/log/v1/proof/consistency?from=${oldSize}&to=${next.size}`)).json()) as {
      consistency_path: string[];
    };
    const path = proof.consistency_path.map((p) => fromBase64Strict(p) ?? new Uint8Array());
    const oldRoot = Uint8Array.from(Buffer.from(last.root_hash, "hex"));
    expect(verifyConsistency(oldSize, next.size, oldRoot, next.rootHash, path)).toBe(true);
    expect(bytesEqual(oldRoot, next.rootHash)).toBe(false);
  });

  it("verifies translations signed by the original instance key against the imported instance's own log key, and no other key", async () => {
    const runtime = imported ?? (await openImported());
    // The imported instance signs its own checkpoints from now on: its documents carry its own log key.
    await runtime.deps.provenance.flush();
    const app = buildApp(runtime.deps);
    const id = seeded.statements.translated;
    const logKey = (await (await app.request("http://sada.test/log/v1/key")).text()).trim();
    const doc = (await (await app.request(`http://sada.test/api/v1/statements/${id}/signed`)).json()) as SignedStatement;
    const [tr] = doc.translations;
    if (!tr) {
      throw new Error("the translated statement has no published translation");
    }
    const original = doc.keys.find((k) => k.fingerprint === tr.signature.key);
    expect(doc.log_key).toBe(logKey);
    expect(parseVerifierKey(logKey).publicKey).not.toEqual(fromBase64Strict(original?.public_key ?? ""));
    expect(original).toMatchObject({ owner: "instance", status: "rotated" });

    const failing = (r: VerifyReport) => r.checks.filter((c) => !c.ok).map((c) => `${c.what}: ${c.detail ?? ""}`);
    const signature = (r: VerifyReport) => r.checks.find((c) => c.what === "translation en #1: signature");
    const report = await verifySignedStatement(doc, { logKey, requireLogged: true, statement: id });
    expect(failing(report)).toEqual([]);
    expect(signature(report)?.detail).toContain(`by the instance key ${tr.signature.key}, an earlier key of this log`);

    // The CLI verifier, online against the imported instance, with its log key pinned.
    const lines: string[] = [];
    const out = { ok: (l: string) => lines.push(l), fail: (l: string) => lines.push(l) };
    const code = await runVerifyCommand(["statement", `http://sada.test/en/statements/${id}`, "--log-key", logKey, "--require-log"], out, (url) =>
      Promise.resolve(app.request(url)),
    );
    expect(code, lines.join("\n")).toBe(0);
    expect(lines.at(-1)).toMatch(new RegExp(`^valid: statement ${id}, \\d+ checks passed$`));

    // Still strict. A new key listed as an instance key, signing the same text: the log recorded another signer.
    const pair = generateKeyPair();
    const forged = structuredClone(doc);
    const forgedFp = fingerprint(pair.publicKey);
    forged.keys.push({ ...(original as SignedStatement["keys"][number]), fingerprint: forgedFp, public_key: toBase64(pair.publicKey) });
    (forged.translations[0] as typeof tr).signature = {
      format: "ed25519",
      key: forgedFp,
      value: toBase64(sign(pair.privateKey, new TextEncoder().encode(tr.canonical))),
    };
    const byForged = await verifySignedStatement(forged, { logKey, requireLogged: true });
    expect(byForged.valid).toBe(false);
    expect(signature(byForged)).toMatchObject({ ok: false });
    expect(signature(byForged)?.detail).toContain("no log entry of this translation records it as the signer");

    // The original key, listed as replaced before the translation was published.
    const replaced = structuredClone(doc);
    const listing = replaced.keys.find((k) => k.fingerprint === tr.signature.key) as SignedStatement["keys"][number];
    listing.retired_at = "2001-01-01T00:00:00.000Z";
    const byReplaced = await verifySignedStatement(replaced, { logKey, requireLogged: true });
    expect(failing(byReplaced)).toEqual([expect.stringMatching(/^translation en #1: signature: .*it was replaced on 2001-01-01T00:00:00.000Z/)]);

    // The original key, no longer listed.
    const unlisted = { ...doc, keys: doc.keys.filter((k) => k.fingerprint !== tr.signature.key) };
    const byUnlisted = await verifySignedStatement(unlisted, { logKey, requireLogged: true });
    expect(failing(byUnlisted)).toEqual([`translation en #1: signature: key ${tr.signature.key} is not among the document's keys`]);
  });

  it("refuses an instance that is not empty, and writes nothing", async () => {
    const runtime = imported ?? (await openImported());
    const count = async () =>
      Number(
        (
          await runtime.deps.db
            .selectFrom("statement_revisions")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const again = await sada(["import", path.join(dir, "export.jsonl")]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("the database already has groups; import needs an empty instance. Nothing was written.");
    expect(await count()).toBe(before);
  });
});
