import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sha256Hex } from "../../platform/hash";

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../public");

export interface StaticAsset {
  body: string;
  href: string;
  type: string;
}

/** A file of public/, read once; its URL carries a content hash so it can be cached forever. */
function asset(file: string, type: string): StaticAsset {
  const body = fs.readFileSync(path.join(PUBLIC_DIR, file), "utf8");
  const [name, ext] = file.split(".");
  return { body, href: `/static/${name}.${sha256Hex(body).slice(0, 12)}.${ext}`, type };
}

export const STYLESHEET = asset("sada.css", "text/css; charset=utf-8");
/** Scripts only enhance a page; every page works without them. */
export const SCRIPTS = {
  workspace: asset("workspace.js", "text/javascript; charset=utf-8"),
  verify: asset("verify.js", "text/javascript; charset=utf-8"),
  passkeys: asset("passkeys.js", "text/javascript; charset=utf-8"),
} as const;
export type ScriptName = keyof typeof SCRIPTS;

export const CSS = STYLESHEET.body;
export const CSS_HREF = STYLESHEET.href;
export const ALL_ASSETS: StaticAsset[] = [STYLESHEET, ...Object.values(SCRIPTS)];
