import { once } from "node:events";
import fs from "node:fs";
import readline from "node:readline";
import { parseArgs } from "node:util";
import type { Database } from "../modules/database";
import { createProgress, type Progress } from "../platform/cli/progress";
import type { Config } from "../platform/config";
import { connect } from "../platform/db/connect";
import { migrateToLatest } from "../platform/db/migrator";

export const DATA_HELP: Record<string, string> = {
  export: `Usage: sada export [--out FILE]

Writes the instance's open data as JSON Lines (docs/data.md, "Open data export"): listed and
suspended groups, statements with every revision and signature, approved translations, the
transparency log, incidents, media and the files readers can download. Nothing private: no
e-mail addresses, passwords, sessions, tokens, members, drafts, claims, withheld coordinates or
original evidence photos. Writes to stdout, or to FILE with a progress bar on stderr. The same data
always gives the same bytes.`,
  import: `Usage: sada import FILE

Restores an export into an EMPTY instance (no groups, no statements, no incidents or media, no
log beyond the instance's own first entry): the same ids, texts, signatures, log and files (into
the data directory or the S3 bucket). Every line is checked first; on any problem the line
number and reason are printed and nothing is written. Stop the
server while importing. Accounts are created by handle with no usable password.`,
};

// The export loads only its own queries, the import its own code (not the portability module's
// index): `sada export` must stay within its memory budget (bench/export.bench.ts).

const CHUNK_BYTES = 64 * 1024;

type Out = { ok: (s: string) => void; fail: (s: string) => void };

/** Opens the database without creating the instance key: an import must find the instance empty. */
async function open(cfg: Config) {
  const handle = connect<Database>(cfg.database);
  try {
    await migrateToLatest(handle.db as never);
  } catch (e) {
    await handle.close();
    throw e;
  }
  return handle;
}

/**
 * Gathers lines into chunks of about 64 KB of UTF-8, counting lines for the progress bar. The
 * chunks are bytes, not strings: a string of 64 K characters of Arabic text is 128 KB on the JS
 * heap (two bytes a character), so large that V8 keeps such strings in its large-object space
 * until a full collection, and the heap then grew by tens of megabytes during an export.
 */
async function* chunks(lines: AsyncGenerator<string>, progress: Progress | null): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  let n = 0;
  for await (const line of lines) {
    const bytes = Buffer.from(line, "utf8");
    parts.push(bytes);
    size += bytes.length;
    n += 1;
    if (size >= CHUNK_BYTES) {
      progress?.update(n);
      yield Buffer.concat(parts, size);
      parts = [];
      size = 0;
    }
  }
  progress?.update(n);
  yield Buffer.concat(parts, size);
}

/**
 * Writes with backpressure, so the export never runs ahead of a slow disk or pipe; a write
 * error (a full disk, a reader that went away: `sada export | head`) stops the export.
 */
async function writeAll(source: AsyncGenerator<Buffer>, target: NodeJS.WritableStream): Promise<void> {
  let failure: unknown = null;
  const onError = (e: unknown) => {
    failure = e;
  };
  target.on("error", onError);
  try {
    for await (const chunk of source) {
      if (failure !== null) {
        throw failure;
      }
      if (!target.write(chunk)) {
        // Rejects if the stream fails while we wait.
        await once(target, "drain");
      }
    }
  } finally {
    target.off("error", onError);
  }
}

async function runExport(cfg: Config, args: string[], out: Out): Promise<number> {
  let file: string | undefined;
  try {
    file = parseArgs({ args, options: { out: { type: "string" } }, strict: true }).values.out;
  } catch (e) {
    out.fail(`${e instanceof Error ? e.message : String(e)}\n\n${DATA_HELP.export}`);
    return 2;
  }
  const { estimateExportSize, exportLines } = await import("../modules/portability/export.queries");
  const handle = await open(cfg);
  const ctx = { db: handle.db, dialect: handle.dialect, config: cfg };
  try {
    if (!file) {
      try {
        await writeAll(chunks(exportLines(ctx), null), process.stdout);
      } catch (e) {
        out.fail(`Export stopped: ${e instanceof Error ? e.message : String(e)}`);
        return 1;
      }
      return 0;
    }
    // Written beside the target and renamed at the end: an interrupted export leaves no half file.
    const partial = `${file}.partial`;
    const progress = createProgress("Exporting", await estimateExportSize(ctx));
    const stream = fs.createWriteStream(partial);
    try {
      await writeAll(chunks(exportLines(ctx), progress), stream);
      stream.end();
      await once(stream, "finish");
    } catch (e) {
      stream.destroy();
      fs.rmSync(partial, { force: true });
      out.fail(`Cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    progress.done();
    fs.renameSync(partial, file);
    out.ok(`Wrote ${file}.`);
    return 0;
  } finally {
    await handle.close();
  }
}

/**
 * The file's lines, read only once the import asks for the first one: a readline interface
 * made earlier would read on while the import awaits the database, and lines read before
 * iteration starts are lost.
 */
async function* fileLines(file: string): AsyncGenerator<string> {
  const input = fs.createReadStream(file, { encoding: "utf8" });
  try {
    yield* readline.createInterface({ input, crlfDelay: Infinity });
  } finally {
    input.destroy();
  }
}

async function runImport(cfg: Config, args: string[], out: Out): Promise<number> {
  let file: string | undefined;
  try {
    file = parseArgs({ args, allowPositionals: true, strict: true }).positionals[0];
  } catch (e) {
    out.fail(`${e instanceof Error ? e.message : String(e)}\n\n${DATA_HELP.import}`);
    return 2;
  }
  if (!file) {
    out.fail(DATA_HELP.import ?? "");
    return 2;
  }
  let size: number;
  try {
    size = fs.statSync(file).size;
    fs.accessSync(file, fs.constants.R_OK);
  } catch (e) {
    out.fail(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const [{ importExport }, { RECORD_TYPES }] = await Promise.all([
    import("../modules/portability/import.service"),
    import("../modules/portability/portability.model"),
  ]);
  const handle = await open(cfg);
  try {
    const progress = createProgress("Importing (bytes read)", size);
    let read = 0;
    const result = await importExport({ db: handle.db, dialect: handle.dialect }, fileLines(file), {
      config: cfg,
      onLine: (bytes) => {
        read += bytes;
        progress.update(Math.min(read, size));
      },
    });
    progress.done();
    if (!result.ok) {
      const reason =
        result.error.type === "not-empty" ? `${result.error.reason}; import needs an empty instance` : `line ${result.error.line}: ${result.error.reason}`;
      out.fail(`Cannot import ${file}: ${reason}. Nothing was written.`);
      return 1;
    }
    const s = result.value;
    const counted = RECORD_TYPES.filter((t) => s.counts[t] > 0).map((t) => `${s.counts[t].toLocaleString("en")} ${t}`);
    out.ok(`Imported ${file}: ${counted.join(", ") || "no records"}.`);
    out.ok(
      `Accounts: ${s.usersCreated} created without a usable password, ${s.usersReused} already here. Transparency log: ${s.logSize} entries, every checkpoint checked.`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

/** `sada export` and `sada import`: thin entry points over the portability module. Returns the exit code. */
export async function runDataCommand(command: "export" | "import", args: string[], cfg: Config, out: Out): Promise<number> {
  return command === "export" ? runExport(cfg, args, out) : runImport(cfg, args, out);
}
