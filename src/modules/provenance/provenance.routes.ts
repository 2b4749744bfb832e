import type { Context, Hono } from "hono";
import type { AppDeps } from "../../main/deps";
import { exhaustiveCheck, type Result } from "../../platform/result";
import { apiError } from "../api/api-helpers";
import type { AppEnv } from "../http-env";
import { logRepo } from "./log/log.repo";
import { consistencyProofFor, entriesPage, inclusionProofFor, type LogQueryError } from "./log/log.queries";
import { verifierKey } from "./signing";
import { signedStatement } from "./bundle.queries";
import { z } from "zod";
import { apiError as jsonError, authedCommand } from "../api/api-helpers";
import { statementFailure } from "../api/api.routes";
import { statementService } from "../statements";
import { createStatementCommand } from "../statements/statement.commands";
import { groupKeyService, registerKeyCommand, revokeKeyCommand, type GroupKeyError } from "./group-keys.service";

/** Answers a log query: the JSON body, or the error with its message in `details`. */
function reply<T>(c: Context<AppEnv>, result: Result<T, LogQueryError>, cache = "no-cache"): Response {
  if (result.ok) {
    c.header("Cache-Control", cache);
    c.header("Access-Control-Allow-Origin", "*");
    return c.json(result.value);
  }
  switch (result.error.type) {
    case "bad-request":
      return apiError(c, "ERR_VALIDATION", [{ field: "query", message: result.error.message }]);
    case "not-found":
      return apiError(c, "ERR_NOT_FOUND", [{ field: "query", message: result.error.message }]);
    default:
      return exhaustiveCheck(result.error);
  }
}

/**
 * The public transparency-log API (docs/provenance.md): checkpoints in the C2SP format, entry
 * pages and RFC 9162 proofs. Read-only and open to anyone, scripts in other origins included.
 */
function keyFailure(c: Context<AppEnv>, e: GroupKeyError): Response {
  switch (e.type) {
    case "group-not-found":
      return jsonError(c, "ERR_GROUP_NOT_FOUND");
    case "forbidden":
      return jsonError(c, "ERR_FORBIDDEN");
    case "not-found":
      return jsonError(c, "ERR_NOT_FOUND");
    case "key-invalid":
      return jsonError(c, "ERR_KEY_INVALID", [{ field: "publicKey", message: e.reason }]);
    default:
      return exhaustiveCheck(e);
  }
}

const prepareStatementBody = createStatementCommand.pick({ kind: true, lang: true, title: true, body: true });
const prepareRevisionBody = z.union([
  createStatementCommand.pick({ title: true, body: true }).strict(),
  z.object({ reason: z.string({ error: "error.reason_required" }).trim().min(1, "error.reason_required").max(2000, "error.reason_required") }).strict(),
]);

export function provenanceRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const base = "/log/v1";

  // ---- group keys (JSON API) ----
  app.get("/api/v1/groups/:slug/keys", async (c) => {
    const keys = await groupKeyService.list(deps.db, c.req.param("slug"));
    return keys ? c.json({ keys }) : jsonError(c, "ERR_GROUP_NOT_FOUND");
  });

  app.post("/api/v1/groups/:slug/keys", async (c) => {
    const cmd = await authedCommand(c, registerKeyCommand);
    if (!cmd.ok) {
      return cmd.response;
    }
    const r = await groupKeyService.register(deps, cmd.viewer, c.req.param("slug"), cmd.data);
    return r.ok ? c.json({ key: r.value }, 201) : keyFailure(c, r.error);
  });

  app.post("/api/v1/groups/:slug/keys/:fingerprint/revocation", async (c) => {
    const cmd = await authedCommand(c, revokeKeyCommand);
    if (!cmd.ok) {
      return cmd.response;
    }
    const r = await groupKeyService.revoke(deps, cmd.viewer, c.req.param("slug"), decodeURIComponent(c.req.param("fingerprint")), cmd.data.reason);
    return r.ok ? c.json({ key: r.value }) : keyFailure(c, r.error);
  });

  // ---- offline signing: the exact text to sign, before sending the signed revision ----
  app.post("/api/v1/groups/:slug/statements/prepare", async (c) => {
    const cmd = await authedCommand(c, prepareStatementBody);
    if (!cmd.ok) {
      return cmd.response;
    }
    const r = await statementService.prepare(deps, cmd.viewer, { type: "publish", groupSlug: c.req.param("slug"), cmd: cmd.data });
    return r.ok ? c.json(r.value) : statementFailure(c, r.error);
  });

  app.post("/api/v1/statements/:id/prepare", async (c) => {
    const cmd = await authedCommand(c, prepareRevisionBody);
    if (!cmd.ok) {
      return cmd.response;
    }
    const id = c.req.param("id");
    const r = await statementService.prepare(
      deps,
      cmd.viewer,
      "reason" in cmd.data ? { type: "retract", statementId: id, reason: cmd.data.reason } : { type: "revise", statementId: id, ...cmd.data },
    );
    return r.ok ? c.json(r.value) : statementFailure(c, r.error);
  });

  // The signed statement document: what `sada verify statement` and the page's "verify" button check.
  app.get("/api/v1/statements/:id/signed", async (c) => {
    const bundle = await signedStatement(deps, c.req.param("id"), { baseUrl: c.get("baseUrl"), instance: deps.provenance.signer });
    if (!bundle) {
      return apiError(c, "ERR_STATEMENT_NOT_FOUND");
    }
    c.header("Cache-Control", "no-cache");
    c.header("Access-Control-Allow-Origin", "*");
    if (c.req.query("download") !== undefined) {
      c.header("Content-Disposition", `attachment; filename="statement-${bundle.statement}.signed.json"`);
    }
    return c.body(`${JSON.stringify(bundle, null, 2)}\n`, 200, { "Content-Type": "application/json; charset=utf-8" });
  });

  app.get(`${base}/checkpoint`, async (c) => {
    const latest = await logRepo.latestCheckpoint(deps.db);
    if (!latest) {
      c.header("Retry-After", String(Math.max(1, deps.config.checkpointSeconds)));
      return apiError(c, "ERR_NOT_FOUND", [{ field: "checkpoint", message: "no checkpoint has been signed yet; try again shortly" }]);
    }
    c.header("Cache-Control", "no-cache");
    c.header("Access-Control-Allow-Origin", "*");
    return c.body(latest.note, 200, { "Content-Type": "text/plain; charset=utf-8" });
  });

  // The verifier key (C2SP signed-note "vkey") that checks checkpoints and translation signatures.
  app.get(`${base}/key`, (c) => {
    c.header("Cache-Control", "public, max-age=3600");
    c.header("Access-Control-Allow-Origin", "*");
    return c.body(`${verifierKey(deps.provenance.signer.origin, deps.provenance.signer.publicKey)}\n`, 200, { "Content-Type": "text/plain; charset=utf-8" });
  });

  app.get(`${base}/entries`, async (c) => {
    const result = await entriesPage(deps, c.req.query("start"), c.req.query("end"));
    // A full page never changes: entries are append-only.
    const full = result.ok && result.value.end - result.value.start === 1000;
    return reply(c, result, full ? "public, max-age=31536000, immutable" : "no-cache");
  });

  app.get(`${base}/proof/inclusion`, async (c) =>
    reply(c, await inclusionProofFor(deps, { leaf: c.req.query("leaf"), index: c.req.query("index"), size: c.req.query("size") }), "public, max-age=3600"),
  );

  app.get(`${base}/proof/consistency`, async (c) =>
    reply(c, await consistencyProofFor(deps, { from: c.req.query("from"), to: c.req.query("to") }), "public, max-age=3600"),
  );
}
