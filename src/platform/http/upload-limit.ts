// Upload routes take bodies up to SADA_UPLOAD_MAX_BYTES (plus room for the form around the file);
// every other request keeps the 1 MB limit. Modules that accept files add their routes here.

/**
 * POST paths that carry files: media on statements and incidents (pages and API), and the
 * incidents module's evidence ("add a source") form.
 */
export const UPLOAD_PATH =
  /^(?:\/(?:en|ar|ru)\/(?:statements|incidents)\/[0-9a-z]+\/(?:media|evidence|sources)|\/api\/v1\/(?:statements|incidents)\/[0-9a-z]+\/(?:media|evidence|sources))$/;

/** Room for the multipart envelope and the other form fields (CSRF token, alt text, a caption). */
export const UPLOAD_FORM_OVERHEAD = 256 * 1024;

/** True for a request that may carry a file. */
export function isUploadRequest(method: string, path: string): boolean {
  return method === "POST" && UPLOAD_PATH.test(path);
}

/** The body limit of an upload request. */
export function uploadBodyLimit(uploadMaxBytes: number): number {
  return uploadMaxBytes + UPLOAD_FORM_OVERHEAD;
}
