import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabaseUrl } from "./db";

const BIN = path.resolve(import.meta.dirname, "../bin/sada.mjs");
let dataDir = "";
let db: Awaited<ReturnType<typeof freshDatabaseUrl>>;

function run(args: string[], input = "", env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Run from another directory, as an operator would with `npx sada`.
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dataDir, env: { ...process.env, SADA_DATA_DIR: dataDir, DATABASE_URL: db.url, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-cli-"));
  db = await freshDatabaseUrl();
});
afterAll(async () => {
  await db.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("sada CLI", () => {
  it("prints help for every command", async () => {
    for (const args of [["--help"], ["serve", "--help"], ["migrate", "--help"], ["user", "--help"], ["token", "--help"], ["help", "user"]]) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout, args.join(" ")).toContain("Usage: sada");
    }
  });

  it("migrates, then says the database is up to date", async () => {
    const first = await run(["migrate"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("applied 2026-11-25T1600-foundation");
    const second = await run(["migrate"]);
    expect(second.stdout).toContain("Database is up to date.");
  });

  it("creates a user with the password from stdin, and prints an API token for them", async () => {
    const created = await run(["user", "create", "--handle", "Editor_One", "--role", "editor"], "a long passphrase for the editor\n");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created editor "editor_one"');
    const token = await run(["token", "create", "--handle", "editor_one"]);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^sada_[A-Za-z0-9_-]{43}$/);
  });

  it("explains bad input and exits non-zero", async () => {
    const shortPw = await run(["user", "create", "--handle", "someone", "--role", "editor"], "short\n");
    expect(shortPw.code).toBe(2);
    expect(shortPw.stderr).toContain("The password must be 10 to 256 characters long.");
    const badRole = await run(["user", "create", "--handle", "someone", "--role", "king"], "a long passphrase here\n");
    expect(badRole.stderr).toContain("Choose a valid role.");
    const noUser = await run(["token", "create", "--handle", "ghost"]);
    expect(noUser.code).toBe(1);
    expect(noUser.stderr).toContain('No account with handle "ghost"');
    const unknown = await run(["frobnicate"]);
    expect(unknown.code).toBe(2);
  });

  it("lists every configuration problem at once", async () => {
    const r = await run(["migrate"], "", { PORT: "abc", DATABASE_URL: "mysql://nope" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("PORT");
    expect(r.stderr).toContain("DATABASE_URL");
  });
});
