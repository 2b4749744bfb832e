import { serve, type ServerType } from "@hono/node-server";
import { accountService } from "../modules/accounts/account.service";
import type { Config } from "../platform/config";
import { log } from "../platform/log";
import { buildApp } from "./app";
import { createRuntime } from "./wiring";

/**
 * Starts the HTTP server: migrations first, then listening. On a fresh instance with no
 * admin it prints a one-time setup URL for the operator.
 */
export async function startServer(config: Config, out: (line: string) => void = (l) => process.stdout.write(l + "\n")): Promise<{ server: ServerType; close(): Promise<void> }> {
  const runtime = await createRuntime(config);
  const app = buildApp(runtime.deps);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once("error", reject);
  });
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
