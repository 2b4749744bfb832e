// `npm run bench`: requests/s and p99 latency of a public statement page, against plain
// node:http serving the same bytes from memory, measured in the same run on this machine.
// Each server runs in its own process; autocannon drives it from this one.
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createRuntime } from "../src/main/wiring";
import { loadConfig } from "../src/platform/config";
import { seedStatement } from "./fixture";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const here = import.meta.dirname;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

function start(script: string, env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(here, script), { env: { ...process.env, ...env }, execArgv: ["--import", "tsx"], stdio: "inherit" });
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function measure(label: string, url: string) {
  // Warm up (JIT, caches), then measure.
  await autocannon({ url, connections: CONNECTIONS, duration: 2 });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  if (r.non2xx > 0 || r.errors > 0) {
    throw new Error(`${label}: ${r.non2xx} non-2xx responses, ${r.errors} errors`);
  }
  return { label, rps: r.requests.average, p99: r.latency.p99, bytes: r.throughput.average / Math.max(r.requests.average, 1) };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-bench-"));
const dbFile = path.join(dir, "bench.db");
const cfg = loadConfig({ DATABASE_URL: `sqlite:${dbFile}`, SADA_DATA_DIR: dir });
if (!cfg.ok) {
  throw new Error("config");
}
const runtime = await createRuntime(cfg.value);
const statementId = await seedStatement(runtime.deps);
await runtime.close();

const results = [];
for (const cacheSeconds of ["5", "0"]) {
  const port = await freePort();
  const sada = await start("serve-sada.ts", {
    PORT: String(port),
    DATABASE_URL: `sqlite:${dbFile}`,
    SADA_DATA_DIR: dir,
    SADA_PAGE_CACHE_SECONDS: cacheSeconds,
  });
  const url = `http://127.0.0.1:${port}/ar/statements/${statementId}`;
  const page = await (await fetch(url)).text();
  const bodyFile = path.join(dir, "page.html");
  fs.writeFileSync(bodyFile, page);
  const sadaResult = await measure(cacheSeconds === "0" ? "sada (page cache off)" : "sada (default: page cache on)", url);
  sada.kill();
  const plainPort = await freePort();
  const plain = await start("serve-plain.mjs", { PORT: String(plainPort), BENCH_BODY_FILE: bodyFile });
  const plainResult = await measure("node:http, same bytes", `http://127.0.0.1:${plainPort}/`);
  plain.kill();
  results.push({ sada: sadaResult, plain: plainResult });
}

console.log(`\nStatement page, ${CONNECTIONS} connections, ${SECONDS} s each, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"})`);
console.log("server                          req/s     p99 ms   bytes/resp");
for (const { sada, plain } of results) {
  for (const r of [sada, plain]) {
    console.log(`${r.label.padEnd(30)} ${r.rps.toFixed(0).padStart(7)} ${String(r.p99).padStart(9)} ${r.bytes.toFixed(0).padStart(11)}`);
  }
  console.log(`ratio ${sada.label}: ${(sada.rps / plain.rps).toFixed(2)}× plain node:http (this issue's target ≥ 0.5×; DESIGN.md aims for ≥ 0.9×)\n`);
}
fs.rmSync(dir, { recursive: true, force: true });
