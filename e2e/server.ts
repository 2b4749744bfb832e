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
  /** The server's DATABASE_URL (sqlite:PATH or postgres://…), for tests that reach under the app. */
  databaseUrl: string;
  /** Runs a `sada` CLI command against the same database. */
  cli(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** kill -9 the server, keeping its data. */
  crash(): Promise<void>;
  /** Starts the server again on the same data (after a crash). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Spawns `sada serve` and resolves once it prints its address (and setup URL, if any). */
function spawnServer(env: Record<string, string>, cwd: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [BIN, "serve"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onExit = (code: number | null) => reject(new Error(`server exited with ${code}:\n${output}`));
    child.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
      if (/Sada is running at/.test(output) && (/\/setup\/\S+/.test(output) || !/No admin account yet/.test(output))) {
        // Give the setup line a moment when it is coming.
        setTimeout(() => {
          clearTimeout(timer);
          child.off("exit", onExit);
          resolve({ child, output: () => output });
        }, 100);
      }
    });
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", onExit);
  });
}

/**
 * Starts `sada serve` as a real process on a free port with a fresh database, from another directory.
 * `options.env` adds variables (e.g. SADA_CHECKPOINT_SECONDS) for the server and the CLI.
 */
export async function startSada(options: { env?: Record<string, string>; hostName?: string } = {}): Promise<RunningSada> {
  const port = await freePort();
  // WebAuthn needs a host name (not an IP address) as its relying party: tests of passkeys use localhost.
  const baseUrl = `http://${options.hostName ?? "127.0.0.1"}:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-e2e-"));
  const db = await freshDatabaseUrl();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    SADA_DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    ...(options.hostName ? { SADA_BASE_URL: baseUrl } : {}),
    ...options.env,
  } as Record<string, string>;
  let server = await spawnServer(env, dataDir);
  const setupUrl = /(http:\/\/\S+\/setup\/\S+)/.exec(server.output())?.[1] ?? "";
  const exited = (child: ChildProcess) =>
    new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
  return {
    baseUrl,
    setupUrl,
    databaseUrl: db.url,
    cli: (args, input = "") =>
      new Promise((resolve) => {
        const c = spawn(process.execPath, [BIN, ...args], { cwd: dataDir, env });
        let stdout = "";
        let stderr = "";
        c.stdout.on("data", (d) => (stdout += d));
        c.stderr.on("data", (d) => (stderr += d));
        c.on("close", (code) => resolve({ code, stdout, stderr }));
        c.stdin.end(input);
      }),
    output: () => server.output(),
    crash: async () => {
      server.child.kill("SIGKILL");
      await exited(server.child);
    },
    restart: async () => {
      server = await spawnServer(env, dataDir);
    },
    stop: async () => {
      server.child.kill("SIGTERM");
      await exited(server.child);
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
