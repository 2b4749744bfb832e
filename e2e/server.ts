import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freshDatabaseUrl } from "../test/db";

const BIN = path.resolve(import.meta.dirname, "../bin/sada.mjs");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface RunningSada {
  baseUrl: string;
  setupUrl: string;
  env: Record<string, string>;
  /** Runs a `sada` CLI command against the same database. */
  cli(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

/** Starts `sada serve` as a real process on a free port with a fresh database. */
export async function startSada(): Promise<RunningSada> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-e2e-"));
  const db = await freshDatabaseUrl();
  const env = { ...process.env, PORT: String(port), HOST: "127.0.0.1", SADA_DATA_DIR: dataDir, DATABASE_URL: db.url } as Record<string, string>;
  const child: ChildProcess = spawn(process.execPath, [BIN, "serve"], { cwd: dataDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const setupUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /(http:\/\/\S+\/setup\/\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    setupUrl,
    env,
    cli: (args, input = "") =>
      new Promise((resolve) => {
        const c = spawn(process.execPath, [BIN, ...args], { env });
        let stdout = "";
        let stderr = "";
        c.stdout.on("data", (d) => (stdout += d));
        c.stderr.on("data", (d) => (stderr += d));
        c.on("close", (code) => resolve({ code, stdout, stderr }));
        c.stdin.end(input);
      }),
    stop: async () => {
      child.removeAllListeners("exit");
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
