import { z } from "zod";
import { addSourceCommand, createIncidentCommand, gradeCommand } from "./incident.commands";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const errorResponse = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
const json = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });
const body = (s: z.ZodType) => ({ required: true, content: { "application/json": { schema: schema(s) } } });
const id = { name: "id", in: "path", required: true, schema: { type: "string" } };
const secured = [{ bearer: [] }];
const filters = ["type", "place", "from", "to", "grade", "actor", "group"].map((name) => ({ name, in: "query", required: false, schema: { type: "string" } }));

/** The incidents module's part of the OpenAPI document (merged into /api/v1/openapi.json). */
export function incidentsOpenApiPaths() {
  return {
    "/incidents": {
      get: {
        summary:
          "Incidents, newest first; filters: type, place (a governorate includes its districts), from/to (YYYY-MM-DD), grade (or ungraded), actor (id), group (slug)",
        parameters: [
          ...filters,
          { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 500 } },
          { name: "offset", in: "query", required: false, schema: { type: "integer", minimum: 0 } },
        ],
        responses: { "200": json("{total, limit, offset, incidents: [sada.incident/1 summary]}") },
      },
      post: {
        summary: "Record an incident (members of a publishing group for it, or editors)",
        security: secured,
        requestBody: body(createIncidentCommand),
        responses: { "201": json("{id, url}"), "401": errorResponse, "403": errorResponse, "404": errorResponse, "422": errorResponse },
      },
    },
    "/incidents.json": {
      get: {
        summary: "Open-data export of every matching incident with texts, sources, evidence hashes and grade history (docs/data.md)",
        parameters: filters,
        responses: { "200": json("{schema: 'sada.incident/1', generated_at, incidents: [...]}") },
      },
    },
    "/incidents/{id}": {
      get: {
        summary: "One incident with sources, evidence hashes, grade history and mentioning statements",
        parameters: [id],
        responses: { "200": json("The incident"), "404": errorResponse },
      },
    },
    "/incidents/{id}/grades": {
      post: {
        summary: "Grade an incident on the Airwars scale with a rationale (editors); kept in the grade history",
        security: secured,
        parameters: [id],
        requestBody: body(gradeCommand),
        responses: { "201": json("{grade, grade_history}"), "403": errorResponse, "404": errorResponse, "422": errorResponse },
      },
    },
    "/incidents/{id}/sources": {
      post: {
        summary: "Cite a statement or a web address as a source (media files are uploaded through the web page)",
        security: secured,
        parameters: [id],
        requestBody: body(addSourceCommand),
        responses: { "201": json("{id}"), "403": errorResponse, "404": errorResponse, "422": errorResponse },
      },
    },
  };
}
