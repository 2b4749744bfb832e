import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sha256Hex } from "../../platform/hash";

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../public");

/** The stylesheet, read once; its URL carries a content hash so it can be cached forever. */
export const CSS = fs.readFileSync(path.join(PUBLIC_DIR, "sada.css"), "utf8");
export const CSS_HASH = sha256Hex(CSS).slice(0, 12);
export const CSS_HREF = `/static/sada.${CSS_HASH}.css`;
