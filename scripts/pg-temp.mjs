// Starts a throwaway PostgreSQL server (initdb + pg_ctl from Debian's postgresql package) on
// a free loopback port, for the PostgreSQL half of the test suite. As root, the server runs as
// the `postgres` system user, since PostgreSQL refuses to run as root.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export function findPgBin() {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) {
    return null;
  }
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(root, versions[0], "bin") : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export async function startTempPostgres() {
  const bin = findPgBin();
  if (!bin) {
    return null;
  }
  const isRoot = process.getuid?.() === 0;
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "sada-pg-"));
  const dataDir = path.join(base, "data");
  const port = await freePort();
  const asPg = (cmd, args) =>
    isRoot ? execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "pipe" }) : execFileSync(cmd, args, { stdio: "pipe" });
  if (isRoot) {
    fs.chmodSync(base, 0o777);
  }
  asPg(path.join(bin, "initdb"), ["-D", dataDir, "-A", "trust", "-U", "sada", "-E", "UTF8", "--no-sync"]);
  asPg(path.join(bin, "pg_ctl"), [
    "-D",
    dataDir,
    "-l",
    path.join(base, "server.log"),
    "-w",
    "-o",
    `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`,
    "start",
  ]);
  return {
    url: `postgres://sada@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        asPg(path.join(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        fs.rmSync(base, { recursive: true, force: true });
      }
    },
  };
}
