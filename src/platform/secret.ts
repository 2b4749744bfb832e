import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { Config } from "./config";

/**
 * The secret that seals server-held private keys: SADA_SECRET when set, else the file `secret`
 * in the data folder, created (mode 0600) with 32 random bytes the first time it is needed.
 */
export function resolveSecret(config: Pick<Config, "secret" | "dataDir">): string {
  if (config.secret) {
    return config.secret;
  }
  const file = path.join(config.dataDir, "secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") {
      throw e;
    }
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64");
  try {
    // "wx": if another process created it meanwhile, theirs wins and is read below.
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
      throw e;
    }
  }
  return fs.readFileSync(file, "utf8").trim();
}
