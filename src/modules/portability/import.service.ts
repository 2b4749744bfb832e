import { err, ok, type Result } from "../../platform/result";
import type { Config } from "../../platform/config";
import type { DbContext } from "../database";
import { fileAccessFor } from "./export-files";
import { FileStaging } from "./import-files";
import { ImportFailure, ImportRun, type ImportSummary } from "./import.run";
import { emptinessProblem } from "./import.repo";
import { reindexImported } from "./import.search";

export type ImportError = { type: "not-empty"; reason: string } | { type: "invalid"; line: number; reason: string };

class NotEmpty extends Error {}

/**
 * Restores an export (docs/data.md, "Open data export") into an empty instance, exactly: the
 * same ids, texts, hashes, signatures and log. Every line is validated; the first problem is
 * reported with its line number and nothing is written, because everything happens in one
 * transaction. The log's tree is rebuilt and checked against every imported checkpoint, and the
 * search index is rebuilt for the imported groups and statements.
 */
export async function importExport(
  ctx: DbContext & { config?: Config },
  lines: AsyncIterable<string>,
  opts: { onLine?: (bytes: number) => void; config?: Config } = {},
): Promise<Result<ImportSummary, ImportError>> {
  const problem = await emptinessProblem(ctx.db);
  if (problem) {
    return err({ type: "not-empty", reason: problem });
  }
  // File bytes go to the evidence folder and the media store the configuration names (from
  // `opts` or the context; without one, a file with bytes is refused). They are staged, put in
  // place only once every line has been checked, and removed again if the import fails after.
  const config = opts.config ?? ctx.config;
  const files = config ? new FileStaging(fileAccessFor(config)) : null;
  try {
    const summary = await ctx.db.transaction().execute(async (trx) => {
      const again = await emptinessProblem(trx);
      if (again) {
        throw new NotEmpty(again);
      }
      const run = new ImportRun(trx, files);
      let n = 0;
      for await (const line of lines) {
        n += 1;
        opts.onLine?.(Buffer.byteLength(line, "utf8") + 1);
        await run.line(n, line);
      }
      const result = await run.finish(n);
      await reindexImported({ ...ctx, db: trx });
      await files?.publish();
      return result;
    });
    return ok(summary);
  } catch (e) {
    await files?.rollback();
    if (e instanceof ImportFailure) {
      return err({ type: "invalid", line: e.line, reason: e.reason });
    }
    if (e instanceof NotEmpty) {
      return err({ type: "not-empty", reason: e.message });
    }
    throw e;
  } finally {
    files?.cleanup();
  }
}

export type { ImportSummary };
