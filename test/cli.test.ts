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
    const commands = [
      ["--help"],
      ["serve", "--help"],
      ["migrate", "--help"],
      ["user", "--help"],
      ["token", "--help"],
      ["help", "user"],
      ["tm", "--help"],
      ["xliff", "--help"],
      ["glossary", "--help"],
      ["export", "--help"],
      ["import", "--help"],
    ];
    const results = await Promise.all(commands.map((args) => run(args)));
    for (const [n, r] of results.entries()) {
      const args = commands[n]?.join(" ") ?? "";
      expect(r.code, args).toBe(0);
      expect(r.stdout, args).toContain("Usage: sada");
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
    expect(shortPw.stderr).toContain("The password must be 15 to 256 characters long.");
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

describe("sada export and import", () => {
  it("exports JSON Lines to stdout, and refuses a malformed file naming the line, writing nothing", async () => {
    const out = await run(["export"]);
    expect(out.code, out.stderr).toBe(0);
    const lines = out.stdout.trimEnd().split("\n");
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ format: "sada-export", version: 2, type: "header" });
    expect(JSON.parse(lines[lines.length - 1] ?? "")).toMatchObject({ type: "end" });
    const file = path.join(dataDir, "bad.jsonl");
    fs.writeFileSync(file, `${lines[0] ?? ""}\n{"type":"group","id":"NOT AN ID"}\n`);
    const bad = await run(["import", file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`Cannot import ${file}: line 2: `);
    expect(bad.stderr).toContain("Nothing was written.");
    expect((await run(["export"])).stdout).toBe(out.stdout);
    const missing = await run(["import", path.join(dataDir, "nope.jsonl")]);
    expect(missing.code).toBe(2);
  });
});

describe("sada tm and glossary", () => {
  const tmx = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="ar" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="ar"><seg>وصلت الشاحنات.</seg></tuv><tuv xml:lang="en"><seg>The trucks arrived.</seg></tuv></tu>
<tu><tuv xml:lang="ar-SY"><seg>شكراً لكم.</seg></tuv><tuv xml:lang="en-GB"><seg>Thank you.</seg></tuv></tu>
</body></tmx>`;

  it("imports a TMX file idempotently and exports the pair again", async () => {
    const file = path.join(dataDir, "in.tmx");
    fs.writeFileSync(file, tmx);
    const first = await run(["tm", "import", file]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("2 added");
    const again = await run(["tm", "import", file]);
    expect(again.stdout).toContain("0 added");
    const out = await run(["tm", "export", "--pair", "ar-en"]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("<seg>The trucks arrived.</seg>");
    const bad = await run(["tm", "export", "--pair", "ar"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Usage: sada tm");
  });

  it("refuses a hostile TMX file with a clear message and adds nothing", async () => {
    const file = path.join(dataDir, "evil.tmx");
    fs.writeFileSync(file, `<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><tmx version="1.4"><body>&b;</body></tmx>`);
    const r = await run(["tm", "import", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("DOCTYPE");
  });

  it("exports an empty glossary as TBX and explains a missing reviewer handle", async () => {
    const out = await run(["glossary", "export", "--pair", "ar-en"]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("TBX");
    const file = path.join(dataDir, "g.tbx");
    fs.writeFileSync(file, out.stdout);
    const noHandle = await run(["glossary", "import", file, "--pair", "ar-en"]);
    expect(noHandle.code).toBe(2);
    expect(noHandle.stderr).toContain("--handle");
  });
});
