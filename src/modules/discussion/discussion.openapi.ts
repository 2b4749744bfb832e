const errorResponse = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
const id = { name: "id", in: "path", required: true, schema: { type: "string" } };

const comment = {
  type: "object",
  required: ["id", "parentId", "depth", "lang", "readingLang", "status", "createdAt", "replies"],
  properties: {
    id: { type: "string" },
    parentId: { type: ["string", "null"] },
    depth: { type: "integer", minimum: 0, maximum: 2 },
    author: { type: ["string", "null"], description: "Handle; null once the comment is removed" },
    lang: { type: "string", description: "Language of the comment" },
    readingLang: { type: "string", description: "Language the writer was reading (original or translation)" },
    status: { type: "string", enum: ["published", "hidden", "removed", "deleted"] },
    hiddenReason: { type: ["string", "null"], enum: ["abuse", "harassment", "spam", "disinformation", "off_topic", "other", null] },
    body: { type: ["string", "null"], description: "Markdown source; null unless published" },
    createdAt: { type: "string", format: "date-time" },
    editedAt: { type: ["string", "null"], format: "date-time" },
    translations: {
      type: "array",
      items: { type: "object", properties: { lang: { type: "string" }, body: { type: "string" }, translator: { type: ["string", "null"] } } },
    },
    replies: { type: "array", description: "Replies, each with this same shape", items: { type: "object" } },
  },
};

/** The discussion module's part of the OpenAPI document (merged into /api/v1/openapi.json). */
export function discussionOpenApiPaths() {
  return {
    "/statements/{id}/comments": {
      get: {
        summary: "The public discussion of a statement as a tree, oldest first (held comments are not included)",
        parameters: [id],
        responses: {
          "200": {
            description: "{count, comments: [Comment]}",
            content: {
              "application/json": { schema: { type: "object", properties: { count: { type: "integer" }, comments: { type: "array", items: comment } } } },
            },
          },
          "404": errorResponse,
        },
      },
    },
  };
}
