// Pages render synchronously and the statement page belongs to the statements module, so the media
// of a statement are read before the request reaches the routes and kept for the request in an
// AsyncLocalStorage that <StatementMedia> reads while rendering. Only statement page GETs pay for it
// (one indexed query).
import { AsyncLocalStorage } from "node:async_hooks";
import type { Hono } from "hono";
import type { Config } from "../../platform/config";
import { log } from "../../platform/log";
import type { DbContext } from "../database";
import type { AppEnv } from "../http-env";
import { mediaFor, type MediaItem } from "./media.service";

interface MediaStoreOfRequest {
  uploadMaxBytes: number;
  statementId: string | null;
  items: MediaItem[];
}

const storage = new AsyncLocalStorage<MediaStoreOfRequest>();
const STATEMENT_PAGE = /^\/(?:en|ar|ru)\/statements\/([0-9a-z]{16})$/;

/** The media of the statement this request shows, if it shows one. */
export function currentStatementMedia(statementId: string): MediaItem[] {
  const store = storage.getStore();
  return store && store.statementId === statementId ? store.items : [];
}

/** The configured upload limit, for the hint under upload forms. */
export function currentUploadLimit(): number {
  return storage.getStore()?.uploadMaxBytes ?? 20 * 1024 * 1024;
}

export function installMediaContext(app: Hono<AppEnv>, deps: DbContext & { config: Pick<Config, "uploadMaxBytes"> }): void {
  const inner = app.fetch;
  app.fetch = async (request, env, executionCtx) => {
    const store: MediaStoreOfRequest = { uploadMaxBytes: deps.config.uploadMaxBytes, statementId: null, items: [] };
    if (request.method === "GET" || request.method === "HEAD") {
      const id = STATEMENT_PAGE.exec(new URL(request.url).pathname)?.[1];
      if (id) {
        try {
          store.items = await mediaFor(deps, { kind: "statement", id });
          store.statementId = id;
        } catch (e) {
          log.error("server", "media_prefetch_failed", { message: e instanceof Error ? e.message : String(e) });
        }
      }
    }
    return storage.run(store, () => inner(request, env, executionCtx));
  };
}
