const errorResponse = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
const json = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });
const id = { name: "id", in: "path", required: true, schema: { type: "string" } };

/** The media module's part of the OpenAPI document (merged into /api/v1/openapi.json). */
export function mediaOpenApiPaths() {
  return {
    "/media/{id}": {
      delete: {
        summary: "Remove an attached file (the people who may attach files to its statement or incident); its public URLs stop working",
        security: [{ bearer: [] }],
        parameters: [id],
        responses: { "204": { description: "Removed" }, "401": errorResponse, "403": errorResponse, "404": errorResponse },
      },
    },
    "/statements/{id}/media": {
      get: {
        summary: "Photos and documents attached to a statement, oldest first",
        parameters: [id],
        responses: {
          "200": json("{items: [{id, kind, mime, filename, alt, bytes, width, height, url, variants: [{url, mime, width, height, bytes}], createdAt}]}"),
          "404": errorResponse,
        },
      },
      post: {
        summary:
          "Attach a photo or document (members of the statement's group, or editors). Multipart form: file, alt. Images are re-encoded without any metadata (EXIF, GPS, XMP, IPTC, ICC); other files are served only as downloads (docs/media.md).",
        security: [{ bearer: [] }],
        parameters: [id],
        requestBody: {
          required: true,
          content: {
            "multipart/form-data": {
              schema: {
                type: "object",
                required: ["file"],
                properties: { file: { type: "string", format: "binary" }, alt: { type: "string", maxLength: 500 } },
              },
            },
          },
        },
        responses: {
          "201": json("The attached file, as in the list"),
          "401": errorResponse,
          "403": errorResponse,
          "404": errorResponse,
          "409": errorResponse,
          "413": errorResponse,
          "415": errorResponse,
          "422": errorResponse,
        },
      },
    },
  };
}
