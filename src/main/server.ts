import { createServer, type Server } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { PageCache } from "../platform/http/page-cache";
import { accountService } from "../modules/accounts/account.service";
import type { Config } from "../platform/config";
import { log } from "../platform/log";
import { buildApp } from "./app";
import { createFrontCache } from "./front-cache";
import { createRuntime } from "./wiring";

/**
 * Starts the HTTP server: migrations first, then listening. On a fresh instance with no
 * admin it prints a one-time setup URL for the operator.
 */
export async function startServer(
  config: Config,
  out: (line: string) => void = (l) => process.stdout.write(l + "\n"),
): Promise<{ server: Server; close(): Promise<void> }> {
  const runtime = await createRuntime(config);
  const pageCache = new PageCache(config.pageCacheSeconds * 1000, 2_000);
  const app = buildApp(runtime.deps, pageCache);
  const appListener = getRequestListener(app.fetch);
  const fromCache = createFrontCache(pageCache, { hsts: config.secureCookies, onionUrl: config.onionUrl });
  const server = createServer((req, res) => {
    if (!fromCache(req, res)) {
      void appListener(req, res);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  runtime.deps.provenance.worker.start();
  if (config.federation.enabled) {
    runtime.deps.federation.worker.start();
  }
  out(`Sada is running at ${config.baseUrl}/ (database: ${config.database.kind})`);
  const setupToken = await accountService.issueSetupToken(runtime.deps);
  if (setupToken) {
    out(`No admin account yet. Create the first admin here (one-time link):\n  ${config.baseUrl}/en/setup/${setupToken}`);
  }
  log.info("server", "listening", { port: config.port, host: config.host, database: config.database.kind });
  return {
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}
