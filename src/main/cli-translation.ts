import fs from "node:fs";
import { parseArgs } from "node:util";
import { createProgress } from "../platform/cli/progress";
import { CONTENT_LANG_CODES } from "../platform/i18n/languages";
import type { Runtime } from "./wiring";

// The translation module is loaded only when a command runs (not for --help): see cli.ts.
const accounts = () => import("../modules/accounts/account.service").then((m) => m.accountService);

export const TRANSLATION_HELP: Record<string, string> = {
  tm: `Usage: sada tm import FILE.tmx [--source LANG]
       sada tm export --pair SRC-TGT [--out FILE]

Imports a TMX 1.4b file into the translation memory (idempotent: units already there are
skipped), with a progress bar; or writes the memory of one language pair as TMX 1.4b
(to stdout unless --out is given). Example: sada tm export --pair ar-en --out ar-en.tmx`,
  xliff: `Usage: sada xliff export --statement ID --lang LANG [--out FILE]
       sada xliff import FILE.xlf --statement ID --lang LANG --handle H

Exports the current revision of a statement for one target language as XLIFF 2.1, or imports
an XLIFF file edited in another tool: only changed segments are saved (as the account
--handle), and QA runs on them. A malformed or hostile file changes nothing.`,
  glossary: `Usage: sada glossary import FILE.tbx --pair SRC-TGT --handle H
       sada glossary export --pair SRC-TGT [--out FILE]

Imports a TBX (TBX-Basic, or TBX 2008 martif) glossary for a language pair as the account
--handle (a reviewer or above), or exports the pair's glossary as TBX-Basic.`,
};

type Out = { ok: (s: string) => void; fail: (s: string) => void };

function pairOf(value: string | undefined): { sourceLang: string; targetLang: string } | null {
  const m = /^([a-z]{2,3})-([a-z]{2,3})$/.exec(value ?? "");
  if (!m?.[1] || !m[2] || !CONTENT_LANG_CODES.includes(m[1]) || !CONTENT_LANG_CODES.includes(m[2]) || m[1] === m[2]) {
    return null;
  }
  return { sourceLang: m[1], targetLang: m[2] };
}

function readFile(path: string | undefined, out: Out): Buffer | null {
  if (!path) {
    out.fail("Name the file to import.");
    return null;
  }
  try {
    return fs.readFileSync(path);
  } catch (e) {
    out.fail(`Cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

function write(text: string, file: string | undefined, out: Out): void {
  if (file) {
    fs.writeFileSync(file, text);
    out.ok(`Wrote ${file}.`);
  } else {
    process.stdout.write(text);
  }
}

/** `sada tm|xliff|glossary …`: thin entry points over the translation module. Returns the exit code. */
export async function runTranslationCommand(command: string, args: string[], open: () => Promise<Runtime>, out: Out): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        pair: { type: "string" },
        out: { type: "string" },
        source: { type: "string" },
        statement: { type: "string" },
        lang: { type: "string" },
        handle: { type: "string" },
      },
    });
  } catch (e) {
    out.fail(`${e instanceof Error ? e.message : String(e)}\n\n${TRANSLATION_HELP[command] ?? ""}`);
    return 2;
  }
  const [action, file] = parsed.positionals;
  const v = parsed.values;
  const usage = () => {
    out.fail(TRANSLATION_HELP[command] ?? "");
    return 2;
  };
  if (command === "tm" && action === "import") {
    const data = readFile(file, out);
    if (!data) {
      return 2;
    }
    const { importTmx } = await import("../modules/translation/memory");
    const runtime = await open();
    try {
      let bar: ReturnType<typeof createProgress> | null = null;
      const r = await importTmx(runtime.deps, data, {
        sourceLang: v.source,
        onProgress: (done, total) => {
          bar ??= createProgress("Importing TMX", total);
          bar.update(done);
        },
      });
      (bar as ReturnType<typeof createProgress> | null)?.done();
      if (!r.ok) {
        out.fail(r.error.message);
        return 1;
      }
      out.ok(`${r.value.units} segment pairs read: ${r.value.added} added, ${r.value.skipped} already in the memory.`);
      for (const e of r.value.errors) {
        out.fail(`  skipped: ${e}`);
      }
      return 0;
    } finally {
      await runtime.close();
    }
  }
  if (command === "tm" && action === "export") {
    const pair = pairOf(v.pair);
    if (!pair) {
      return usage();
    }
    const { exportTmx } = await import("../modules/translation/memory");
    const runtime = await open();
    try {
      write(await exportTmx(runtime.deps, pair), v.out, out);
      return 0;
    } finally {
      await runtime.close();
    }
  }
  if (command === "xliff" && (action === "export" || action === "import")) {
    if (!v.statement || !v.lang) {
      return usage();
    }
    const { importXliffUpload, xliffDownload } = await import("../modules/translation/translation.xliff");
    const runtime = await open();
    try {
      const deps = { ...runtime.deps };
      if (action === "export") {
        const doc = await xliffDownload(deps, v.statement, v.lang);
        if (!doc) {
          out.fail(`Statement ${v.statement} has no target language "${v.lang}".`);
          return 1;
        }
        write(doc.xml, v.out, out);
        return 0;
      }
      const data = readFile(file, out);
      const viewer = v.handle ? await (await accounts()).findByHandle(deps, v.handle) : null;
      if (!data || !viewer) {
        out.fail(data ? `No account with handle "${v.handle ?? ""}" (give --handle).` : "");
        return 2;
      }
      const r = await importXliffUpload(deps, viewer, v.statement, v.lang, data);
      if (!r.ok) {
        out.fail(r.error);
        return 1;
      }
      out.ok(`${r.value.updated} segments updated, ${r.value.unchanged} unchanged, ${r.value.ignored} ignored.`);
      if (r.value.conflicts > 0) {
        out.fail(`${r.value.conflicts} segments were changed in Sada after the file was exported and were not overwritten.`);
      }
      return 0;
    } finally {
      await runtime.close();
    }
  }
  if (command === "glossary" && (action === "import" || action === "export")) {
    const pair = pairOf(v.pair);
    if (!pair) {
      return usage();
    }
    const { exportTbx, importTbx, termsForPair } = await import("../modules/translation/glossary");
    const runtime = await open();
    try {
      if (action === "export") {
        write(exportTbx(await termsForPair(runtime.deps, pair.sourceLang, pair.targetLang), pair.sourceLang, pair.targetLang), v.out, out);
        return 0;
      }
      const data = readFile(file, out);
      const viewer = v.handle ? await (await accounts()).findByHandle(runtime.deps, v.handle) : null;
      if (!data || !viewer) {
        out.fail(data ? `No account with handle "${v.handle ?? ""}" (give --handle).` : "");
        return 2;
      }
      const r = await importTbx(runtime.deps, viewer, data, pair);
      if (!r.ok) {
        out.fail("message" in r.error ? String(r.error.message) : `Import refused: ${r.error.type}.`);
        return 1;
      }
      out.ok(`Glossary ${v.pair}: ${r.value.added} added, ${r.value.updated} updated.`);
      for (const e of r.value.errors) {
        out.fail(`  skipped: ${e}`);
      }
      return 0;
    } finally {
      await runtime.close();
    }
  }
  return usage();
}
