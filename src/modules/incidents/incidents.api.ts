import type { Context, Hono } from "hono";
import type { AppDeps } from "../../main/deps";
import type { MessageKey } from "../../platform/i18n/translator";
import { apiError, authedCommand } from "../api/api-helpers";
import type { AppEnv } from "../http-env";
import { errorPage } from "../site/error-response";
import { EVIDENCE_TYPES, isSha256, type EvidenceMime } from "./evidence.model";
import { evidenceStore } from "./evidence.store";
import { metadataFreeCopy } from "./evidence.image";
import { hasRole } from "../accounts/account.model";
import { addSourceCommand, createIncidentCommand, gradeCommand, incidentFilter } from "./incident.commands";
import { incidentErrorCode } from "./incident.errors";
import { countIncidents, evidenceFile, getIncident, listIncidents } from "./incident.queries";
import { INCIDENT_JSON_SCHEMA, incidentDetailJson, incidentSummaryJson } from "./incident.serializers";
import { incidentService, type IncidentDeps, type IncidentError } from "./incident.service";

/** Evidence downloads and the /api/v1 incident endpoints (documented in incidents.openapi.ts). */
export function incidentsApiRoutes(app: Hono<AppEnv>, deps: AppDeps, ideps: IncidentDeps): void {
  // ---- Evidence files: downloads only, never rendered by the browser ------------------------

  app.get("/evidence/:sha256", async (c) => {
    const sha = c.req.param("sha256");
    const file = isSha256(sha) ? await evidenceFile(deps, sha) : null;
    const bytes = file ? evidenceStore(deps.config.dataDir).get(sha) : null;
    if (!file || !bytes) {
      return errorPage(c, "ERR_NOT_FOUND");
    }
    const ext = EVIDENCE_TYPES[file.mime as EvidenceMime] ?? "bin";
    // A photo can carry where and with what it was taken (EXIF GPS, maker notes): everyone but
    // editors gets a copy re-encoded from its pixels, with no metadata at all. The published
    // SHA-256 is the original's, which editors keep and can check.
    if (file.mime.startsWith("image/") && !hasRole(c.get("viewer"), "editor")) {
      const clean = await metadataFreeCopy(bytes);
      if (!clean) {
        return errorPage(c, "ERR_NOT_FOUND");
      }
      return c.body(new Uint8Array(clean), 200, {
        "Content-Type": "image/jpeg",
        "Content-Disposition": `attachment; filename="${sha}-without-metadata.jpg"`,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
      });
    }
    return c.body(new Uint8Array(bytes), 200, {
      "Content-Type": file.mime,
      "Content-Disposition": `attachment; filename="${sha}.${ext}"`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    });
  });

  // ---- JSON API ----------------------------------------------------------------------------

  app.get("/api/v1/incidents", async (c) => {
    const filter = incidentFilter.parse(c.req.query());
    const limit = Math.max(1, Math.min(500, Number(c.req.query("limit") ?? "100") || 100));
    const offset = Math.max(0, Number(c.req.query("offset") ?? "0") || 0);
    const [rows, total] = await Promise.all([listIncidents(deps, filter, "en", { limit, offset }), countIncidents(deps, filter)]);
    return c.json({ total, limit, offset, incidents: rows.map((r) => incidentSummaryJson(r, deps.config.baseUrl)) });
  });

  // Every matching incident in full, streamed page by page so memory stays flat however many there are.
  app.get("/api/v1/incidents.json", (c) => {
    const filter = incidentFilter.parse(c.req.query());
    const encoder = new TextEncoder();
    const head = JSON.stringify({ schema: INCIDENT_JSON_SCHEMA, generated_at: deps.clock.now().toISOString(), incidents: [] }).slice(0, -2);
    let offset = 0;
    let first = true;
    let done = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(head));
      },
      async pull(controller) {
        if (done) {
          return;
        }
        const rows = await listIncidents(deps, filter, "en", { limit: 200, offset });
        offset += rows.length;
        const parts: string[] = [];
        for (const row of rows) {
          const detail = await getIncident(deps, row.id, "en");
          if (detail) {
            parts.push(`${first ? "" : ","}${JSON.stringify(incidentDetailJson(detail, deps.config.baseUrl))}`);
            first = false;
          }
        }
        if (rows.length < 200) {
          parts.push("]}");
          done = true;
        }
        controller.enqueue(encoder.encode(parts.join("")));
        if (done) {
          controller.close();
        }
      },
    });
    c.header("Content-Type", "application/json; charset=utf-8");
    c.header("Content-Disposition", 'attachment; filename="sada-incidents.json"');
    return c.body(body);
  });

  app.get("/api/v1/incidents/:id", async (c) => {
    const incident = await getIncident(deps, c.req.param("id"), "en");
    return incident ? c.json(incidentDetailJson(incident, deps.config.baseUrl)) : apiError(c, "ERR_NOT_FOUND");
  });

  const apiFail = (c: Context<AppEnv>, e: IncidentError) =>
    e.type === "invalid"
      ? apiError(c, "ERR_VALIDATION", [{ field: e.field, message: c.get("i18n").t(e.key as MessageKey) }])
      : apiError(c, incidentErrorCode(e), e.type === "archive-failed" ? { reason: e.reason } : undefined);

  app.post("/api/v1/incidents", async (c) => {
    const cmd = await authedCommand(c, createIncidentCommand);
    if (!cmd.ok) {
      return cmd.response;
    }
    const r = await incidentService.create(ideps, cmd.viewer, cmd.data);
    return r.ok ? c.json({ id: r.value.id, url: `${deps.config.baseUrl}/en/incidents/${r.value.id}` }, 201) : apiFail(c, r.error);
  });

  app.post("/api/v1/incidents/:id/grades", async (c) => {
    const cmd = await authedCommand(c, gradeCommand);
    if (!cmd.ok) {
      return cmd.response;
    }
    const r = await incidentService.grade(ideps, cmd.viewer, c.req.param("id"), cmd.data);
    if (!r.ok) {
      return apiFail(c, r.error);
    }
    const incident = await getIncident(deps, c.req.param("id"), "en");
    return c.json({ grade: incident?.grade ?? null, grade_history: incident ? incidentDetailJson(incident, deps.config.baseUrl).grade_history : [] }, 201);
  });

  app.post("/api/v1/incidents/:id/sources", async (c) => {
    const cmd = await authedCommand(c, addSourceCommand);
    if (!cmd.ok) {
      return cmd.response;
    }
    const r = await incidentService.addSource(ideps, cmd.viewer, c.req.param("id"), cmd.data);
    return r.ok ? c.json({ id: r.value.id }, 201) : apiFail(c, r.error);
  });
}
