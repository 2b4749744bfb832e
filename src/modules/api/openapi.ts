import { z } from "zod";
import { ERRORS } from "../../platform/errors";
import { inviteMemberCommand, proposeGroupCommand, setStatusCommand, vouchCommand } from "../groups/group.commands";
import { createStatementCommand, retractStatementCommand } from "../statements/statement.commands";
import { registerKeyCommand, revokeKeyCommand } from "../provenance/group-keys.service";
import { incidentsOpenApiPaths } from "../incidents/incidents.openapi";
import { mediaOpenApiPaths } from "../media/media.openapi";
import { discussionOpenApiPaths } from "../discussion/discussion.openapi";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });

const errorResponse = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
const json = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });
const body = (s: z.ZodType) => ({ required: true, content: { "application/json": { schema: schema(s) } } });
const slug = { name: "slug", in: "path", required: true, schema: { type: "string" } };
const id = { name: "id", in: "path", required: true, schema: { type: "string" } };
const secured = [{ bearer: [] }];

/** The OpenAPI 3.1 description of /api/v1, built from the same zod schemas that validate requests. */
export function openApiDocument(baseUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Sada API",
      version: "1.0.0",
      description: "Directory of civil-society groups and their statements. Write calls need a bearer token from `sada token create`.",
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: { code: { type: "string", enum: Object.keys(ERRORS) }, message: { type: "string" }, details: {} },
            },
          },
        },
      },
    },
    paths: {
      "/groups": {
        get: {
          summary: "List groups in the directory",
          parameters: ["kind", "place", "lang", "status"].map((name) => ({ name, in: "query", required: false, schema: { type: "string" } })),
          responses: { "200": json("Groups and facet counts") },
        },
        post: {
          summary: "Propose a group (starts pending)",
          security: secured,
          requestBody: body(proposeGroupCommand),
          responses: { "201": json("The new group"), "401": errorResponse, "409": errorResponse, "422": errorResponse },
        },
      },
      "/groups/{slug}": { get: { summary: "A group with its statements", parameters: [slug], responses: { "200": json("The group"), "404": errorResponse } } },
      "/groups/{slug}/vouches": {
        post: {
          summary: "Vouch for a group (editors)",
          security: secured,
          parameters: [slug],
          requestBody: body(vouchCommand),
          responses: { "201": json("The group"), "403": errorResponse, "409": errorResponse },
        },
      },
      "/groups/{slug}/status": {
        post: {
          summary: "Set a group's status (admins)",
          security: secured,
          parameters: [slug],
          requestBody: body(setStatusCommand),
          responses: { "200": json("The group"), "403": errorResponse, "409": errorResponse },
        },
      },
      "/groups/{slug}/members": {
        post: {
          summary: "Invite a member by handle (group admins)",
          security: secured,
          parameters: [slug],
          requestBody: body(inviteMemberCommand),
          responses: { "201": json("The group"), "403": errorResponse, "404": errorResponse, "409": errorResponse },
        },
      },
      "/groups/{slug}/statements": {
        post: {
          summary: "Publish a statement (group members)",
          security: secured,
          parameters: [slug],
          requestBody: body(createStatementCommand),
          responses: { "201": json("The statement"), "403": errorResponse, "409": errorResponse, "422": errorResponse },
        },
      },
      "/statements": { get: { summary: "Latest statements", responses: { "200": json("Statements") } } },
      "/statements/{id}": {
        get: {
          summary: "A statement with all revisions",
          parameters: [id],
          responses: { "200": json("The statement; ETag is the current revision hash"), "404": errorResponse },
        },
      },
      "/statements/{id}/revisions": {
        post: {
          summary: "Publish a new revision",
          description: "Send `If-Match` with the current revision hash; a stale hash gets 412 and the current hash in ETag.",
          security: secured,
          parameters: [id, { name: "If-Match", in: "header", required: true, schema: { type: "string" } }],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: { type: "object", required: ["title", "body"], properties: { title: { type: "string" }, body: { type: "string" } } },
              },
            },
          },
          responses: { "201": json("The statement"), "412": errorResponse, "428": errorResponse, "403": errorResponse },
        },
      },
      "/statements/{id}/retraction": {
        post: {
          summary: "Retract a statement (a revision with a reason)",
          security: secured,
          parameters: [id],
          requestBody: body(retractStatementCommand),
          responses: { "201": json("The statement"), "403": errorResponse, "409": errorResponse },
        },
      },
      "/statements/{id}/signed": {
        get: {
          summary: "The signed statement: revisions, signatures, keys, translations and log inclusion proofs (docs/provenance.md)",
          parameters: [id],
          responses: { "200": json("Signed statement document, format sada-signed-statement/1"), "404": errorResponse },
        },
      },
      "/statements/{id}/prepare": {
        post: {
          summary: "The canonical text of the next revision ({title, body}) or of a retraction ({reason}), for a group that signs offline",
          security: secured,
          parameters: [id],
          requestBody: body(z.union([createStatementCommand.pick({ title: true, body: true }), retractStatementCommand.pick({ reason: true })])),
          responses: { "200": json("statementId, number, signedAt, canonical, hash"), "403": errorResponse, "409": errorResponse },
        },
      },
      "/groups/{slug}/statements/prepare": {
        post: {
          summary: "The canonical text of a new statement, for a group that signs offline",
          security: secured,
          parameters: [slug],
          requestBody: body(createStatementCommand.pick({ kind: true, lang: true, title: true, body: true })),
          responses: { "200": json("statementId, number, signedAt, canonical, hash"), "403": errorResponse, "404": errorResponse },
        },
      },
      "/groups/{slug}/keys": {
        get: { summary: "The group's signing keys, newest first", parameters: [slug], responses: { "200": json("Keys"), "404": errorResponse } },
        post: {
          summary: "Make a new key the group's active one: server-held, or the group's own ssh-ed25519 or minisign key (group admins)",
          security: secured,
          parameters: [slug],
          requestBody: body(registerKeyCommand),
          responses: { "201": json("The key"), "403": errorResponse, "422": errorResponse },
        },
      },
      "/groups/{slug}/keys/{fingerprint}/revocation": {
        post: {
          summary: "Revoke a key (group admins); a server-held key takes over",
          security: secured,
          parameters: [slug, { name: "fingerprint", in: "path", required: true, schema: { type: "string" } }],
          requestBody: body(revokeKeyCommand),
          responses: { "200": json("The revoked key"), "403": errorResponse, "404": errorResponse },
        },
      },
      "/search": {
        get: {
          summary: "Full-text search",
          parameters: [{ name: "q", in: "query", required: true, schema: { type: "string" } }],
          responses: { "200": json("Matching statements and groups"), "422": errorResponse },
        },
      },
      "/export": {
        get: {
          summary: "The instance's open data as JSON Lines, streamed (no token; docs/data.md, Open data export)",
          description:
            "A header line, one line per record in a fixed order, and an end line with the count of each type: public groups, statements with every revision and signature, approved translations and the transparency log; nothing private. Takes no parameters; the same data always gives the same bytes. HEAD answers the headers only. At most two exports run at once in a process.",
          responses: {
            "200": {
              description: 'The export, sent as the client reads it, as an attachment (filename "sada-export.jsonl")',
              headers: { "Content-Disposition": { schema: { type: "string" } } },
              content: { "application/x-ndjson": { schema: { type: "string", contentMediaType: "application/x-ndjson" } } },
            },
            "429": {
              ...errorResponse,
              description: "Two exports are already running (ERR_RATE_LIMITED); see Retry-After",
              headers: { "Retry-After": { schema: { type: "integer" } } },
            },
          },
        },
      },
      "/openapi.json": { get: { summary: "This document", responses: { "200": json("OpenAPI document") } } },
      ...incidentsOpenApiPaths(),
      ...mediaOpenApiPaths(),
      ...discussionOpenApiPaths(),
    },
  };
}
