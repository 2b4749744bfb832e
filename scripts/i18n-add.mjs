#!/usr/bin/env node
// Adds (or replaces) UI messages in every catalog at once:
//   node scripts/i18n-add.mjs messages.json
// where messages.json is {"key": {"en": "…", "ar": "…", "ru": "…", "context": "…"}, …}.
// Keys keep the catalogs' existing order; new keys go at the end.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
for (const file of ["en", "ar", "ru", "context"]) {
  const p = path.join(root, "locales", `${file}.json`);
  const catalog = JSON.parse(fs.readFileSync(p, "utf8"));
  for (const [key, texts] of Object.entries(input)) {
    if (typeof texts[file] !== "string" || texts[file].trim() === "") {
      console.error(`${key}: missing "${file}"`);
      process.exit(1);
    }
    catalog[key] = texts[file];
  }
  fs.writeFileSync(p, JSON.stringify(catalog, null, 2) + "\n");
}
console.log(`added ${Object.keys(input).length} keys to en, ar, ru and context`);
