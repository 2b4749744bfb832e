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

/**
 * Refuses an upload from someone not signed in before anything reads its body: every upload route
 * needs an account, and reading first would let anyone make the server buffer up to the upload
 * limit per request. `signedIn` tells whether the request has a viewer (set by the session or
 * token middleware, which must run first); `refuse` answers (the sign-in page, or 401 in the API).
 * Install before the body limit and the CSRF check, which both read the body.
 */
export function refuseAnonymousUploads<C extends { req: { method: string; path: string } }>(
  signedIn: (c: C) => boolean,
  refuse: (c: C) => Response | Promise<Response>,
): (c: C, next: () => Promise<void>) => Promise<Response | void> {
  return async (c, next) => {
    if (isUploadRequest(c.req.method, c.req.path) && !signedIn(c)) {
      return refuse(c);
    }
    return next();
  };
}

/**
 * Refuses an upload the viewer may not make before anything reads its body. `allowed` answers
 * false only when the module that owns the path knows the viewer may not upload there (null or
 * true: the route decides, after reading). Install after `refuseAnonymousUploads`.
 */
export function refuseForbiddenUploads<C extends { req: { method: string; path: string } }>(
  allowed: (c: C) => Promise<boolean | null>,
  refuse: (c: C) => Response | Promise<Response>,
): (c: C, next: () => Promise<void>) => Promise<Response | void> {
  return async (c, next) => {
    if (isUploadRequest(c.req.method, c.req.path) && (await allowed(c)) === false) {
      return refuse(c);
    }
    return next();
  };
}
