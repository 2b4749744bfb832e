import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";

// The OpenAPI document is written by hand next to the routes: these tests compare it with the
// routes Hono actually has, both ways, so a new /api/v1 endpoint cannot go undocumented.
const h = useHarness();

const PREFIX = "/api/v1";
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

type Doc = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown>; headers?: object }> }>> };

/** Hono's "/api/v1/groups/:slug/keys" (a parameter may carry a pattern: ":id{[0-9]+}") as OpenAPI's "/groups/{slug}/keys". */
function openApiPath(honoPath: string): string {
  return honoPath.slice(PREFIX.length).replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, "{$1}");
}

/** Every endpoint registered under /api/v1 as "METHOD /path" (middleware, registered for ALL methods or with a wildcard, left out). */
function registered(): string[] {
  const routes = h.app.routes.filter((r) => r.path.startsWith(`${PREFIX}/`) && METHODS.includes(r.method.toLowerCase()) && !r.path.includes("*"));
  return [...new Set(routes.map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`))].sort();
}

async function document(): Promise<Doc> {
  const res = await h.client().get(`${PREFIX}/openapi.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
}

function documented(doc: Doc): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    .sort();
}

describe("OpenAPI document", () => {
  it("turns Hono's route paths into OpenAPI paths", () => {
    expect(openApiPath("/api/v1/groups/:slug/keys/:fingerprint/revocation")).toBe("/groups/{slug}/keys/{fingerprint}/revocation");
    expect(openApiPath("/api/v1/incidents/:id{[0-9a-z]+}/grades")).toBe("/incidents/{id}/grades");
    expect(openApiPath("/api/v1/incidents.json")).toBe("/incidents.json");
  });

  it("describes every route registered under /api/v1, with its method", async () => {
    const routes = registered();
    // The app really is being inspected: these are registered by three different modules.
    expect(routes).toEqual(expect.arrayContaining(["GET /groups", "GET /export", "GET /statements/{id}/signed"]));
    const doc = await document();
    const described = new Set(documented(doc));
    // A HEAD route is covered by a GET (Hono answers HEAD with the GET handler).
    const missing = routes.filter((r) => !described.has(r) && !(r.startsWith("HEAD ") && described.has(r.replace(/^HEAD /, "GET "))));
    expect(missing, "routes missing from src/modules/api/openapi.ts").toEqual([]);
  });

  it("describes no endpoint that the app does not have", async () => {
    const routes = new Set(registered());
    const stale = documented(await document()).filter((d) => !routes.has(d));
    expect(stale, "paths in the OpenAPI document with no route").toEqual([]);
  });

  it("describes the open data export as public, streamed JSON Lines with a rate limit", async () => {
    const op = (await document()).paths["/export"]?.get as (Doc["paths"][string][string] & { security?: unknown }) | undefined;
    expect(op).toBeDefined();
    expect(op?.security).toBeUndefined();
    expect(Object.keys(op?.responses?.["200"]?.content ?? {})).toEqual(["application/x-ndjson"]);
    expect(op?.responses?.["200"]?.headers).toHaveProperty("Content-Disposition");
    expect(op?.responses?.["429"]?.headers).toHaveProperty("Retry-After");
    // And the route serves what the document says.
    const res = await h.client().get(`${PREFIX}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson\b/);
    expect(res.headers.get("content-disposition")).toContain("sada-export.jsonl");
    await res.text();
  });
});
