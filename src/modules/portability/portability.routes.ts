import type { Hono } from "hono";
import type { AppDeps } from "../../main/deps";
import { connect } from "../../platform/db/connect";
import { log } from "../../platform/log";
import { apiError } from "../api/api-helpers";
import type { Database, DbContext } from "../database";
import { directoryFilter } from "../groups/group.commands";
import { LANG, type AppEnv } from "../http-env";
import { directoryCsv } from "./directory-csv.queries";
import { exportLines } from "./export.queries";

/** Exports running at once in this process: each holds a database connection for its whole download. */
const MAX_CONCURRENT_EXPORTS = 2;
/** Bytes gathered before a write, so a large export is not sent a line at a time. */
const CHUNK_CHARS = 64 * 1024;

/**
 * A web stream over text chunks that pulls only when the client reads (memory stays flat for
 * a slow client) and always runs `cleanup` once: at the end, on error, or when the client
 * goes away.
 */
export function textStream(chunks: AsyncGenerator<string>, cleanup: () => Promise<void> = async () => {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleaned = false;
  const finish = async () => {
    if (!cleaned) {
      cleaned = true;
      await cleanup();
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let buffer = "";
        while (buffer.length < CHUNK_CHARS) {
          const next = await chunks.next();
          if (next.done) {
            if (buffer !== "") {
              controller.enqueue(encoder.encode(buffer));
            }
            controller.close();
            await finish();
            return;
          }
          buffer += next.value;
        }
        controller.enqueue(encoder.encode(buffer));
      } catch (e) {
        log.error("http", "stream_failed", { message: e instanceof Error ? e.message : String(e) });
        controller.error(e);
        await finish();
      }
    },
    async cancel() {
      await chunks.return(undefined);
      await finish();
    },
  });
}

/**
 * A database connection for one export. On SQLite a snapshot transaction holds its connection,
 * which the app shares with every request, so the export gets a connection of its own (an
 * in-memory database, used by nothing but tests, cannot be opened twice and is shared).
 */
function exportConnection(deps: AppDeps): { ctx: DbContext & { config: AppDeps["config"] }; close: () => Promise<void> } {
  const database = deps.config.database;
  if (database.kind === "sqlite" && database.path === ":memory:") {
    return { ctx: deps, close: async () => {} };
  }
  const handle = connect<Database>(database);
  return { ctx: { db: handle.db, dialect: handle.dialect, config: deps.config }, close: () => handle.close() };
}

/** Route table of open data: the JSON Lines export of the instance and the directory as CSV (docs/data.md). */
export function portabilityRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  let running = 0;

  // Open data: public, no token. Everything in it is already public on the site.
  app.get("/api/v1/export", (c) => {
    const headers = {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": 'attachment; filename="sada-export.jsonl"',
      "Cache-Control": "no-store",
      "Access-Control-Allow-Origin": "*",
    };
    // A HEAD request never reads the body: open nothing that only reading would close.
    if (c.req.method === "HEAD") {
      return c.body(null, 200, headers);
    }
    if (running >= MAX_CONCURRENT_EXPORTS) {
      c.header("Retry-After", "60");
      return apiError(c, "ERR_RATE_LIMITED");
    }
    running += 1;
    const connection = exportConnection(deps);
    const body = textStream(exportLines(connection.ctx), async () => {
      running -= 1;
      await connection.close();
    });
    return c.body(body, 200, headers);
  });

  app.get(`${LANG}/groups.csv`, (c) => {
    const lang = c.get("i18n").lang;
    const filter = directoryFilter.parse(c.req.query());
    const rows = directoryCsv(deps, { lang, baseUrl: deps.config.baseUrl, filter });
    return c.body(textStream(rows), 200, {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": `attachment; filename="sada-groups-${lang}.csv"`,
      "Cache-Control": "public, max-age=60",
    });
  });
}
