// Checks that locales/en.json holds exactly the message keys the code uses, and that
// locales/context.json describes each. Run by `npm test`; `--write` adds missing keys to en.json
// and context.json as TODO stubs and drops unused ones.
import fs from "node:fs";
import path from "node:path";
import { GROUP_KINDS, GROUP_STATUSES, MEMBER_ROLES, NEED_PRIORITIES } from "../src/modules/groups/group.model";
import { ROLES } from "../src/modules/accounts/account.model";
import { STATEMENT_KINDS } from "../src/modules/statements/statement.model";
import { QA_CODES } from "../src/modules/translation/qa";
import { SEGMENT_STATUSES } from "../src/modules/translation/translation.model";

const root = path.resolve(import.meta.dirname, "..");
const files: string[] = [];
const walk = (dir: string) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(full);
    } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
      files.push(full);
    }
  }
};
walk(path.join(root, "src"));

const used = new Set<string>();
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  for (const m of text.matchAll(/\bt\(\s*"([a-z_]+\.[a-z0-9_.]+)"/g)) {
    used.add(m[1] ?? "");
  }
  for (const m of text.matchAll(/"((?:error|notice)\.[a-z_]+)"/g)) {
    used.add(m[1] ?? "");
  }
}
// Keys built from enumerations: t(`group_kind.${kind}`) and the like.
const families: Record<string, readonly string[]> = {
  group_kind: GROUP_KINDS,
  group_status: GROUP_STATUSES,
  member_role: MEMBER_ROLES,
  need_priority: NEED_PRIORITIES,
  role: ROLES,
  statement_kind: STATEMENT_KINDS,
  qa: QA_CODES,
  segment_status: SEGMENT_STATUSES,
  target_state: ["waiting", "in_progress", "published", "outdated"],
  // keys.status_${status} for signing keys (provenance.schema KeyStatus).
  keys: ["status_active", "status_rotated", "status_revoked"],
};
for (const [prefix, values] of Object.entries(families)) {
  for (const v of values) {
    used.add(`${prefix}.${v}`);
  }
}

const enPath = path.join(root, "locales/en.json");
const ctxPath = path.join(root, "locales/context.json");
const en = JSON.parse(fs.readFileSync(enPath, "utf8")) as Record<string, string>;
const ctx = JSON.parse(fs.readFileSync(ctxPath, "utf8")) as Record<string, string>;
const missing = [...used].filter((k) => !(k in en)).sort();
const unused = Object.keys(en)
  .filter((k) => !used.has(k))
  .sort();
const undescribed = Object.keys(en)
  .filter((k) => !ctx[k])
  .sort();

if (process.argv.includes("--write")) {
  for (const k of missing) {
    en[k] = `TODO ${k}`;
    ctx[k] = "TODO: describe where this message appears.";
  }
  for (const k of unused) {
    delete en[k];
    delete ctx[k];
  }
  fs.writeFileSync(enPath, JSON.stringify(en, null, 2) + "\n");
  fs.writeFileSync(ctxPath, JSON.stringify(ctx, null, 2) + "\n");
  console.log(`en.json: added ${missing.length}, removed ${unused.length}`);
} else if (missing.length + unused.length + undescribed.length > 0) {
  if (missing.length) {
    console.error(`Keys used in code but missing from locales/en.json:\n  ${missing.join("\n  ")}`);
  }
  if (unused.length) {
    console.error(`Keys in locales/en.json not used by the code:\n  ${unused.join("\n  ")}`);
  }
  if (undescribed.length) {
    console.error(`Keys without a description in locales/context.json:\n  ${undescribed.join("\n  ")}`);
  }
  console.error("Run `npm run i18n:extract -- --write`, then fill in the texts.");
  process.exit(1);
} else {
  console.log(`i18n: ${used.size} keys, catalogs in step with the code.`);
}
