import type { MiddlewareHandler } from "hono";

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** The header values, shared by the middleware and the front page cache. */
export function securityHeaderValues(opts: { hsts: boolean }): Record<string, string> {
  return {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "X-Frame-Options": "DENY",
    ...(opts.hsts ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/**
 * Strict headers on every response: no inline script, nothing from other hosts, no referrer
 * leaks, no framing. HSTS only when the instance is served over TLS.
 */
export function securityHeaders(opts: { hsts: boolean }): MiddlewareHandler {
  const values = Object.entries(securityHeaderValues(opts));
  return async (c, next) => {
    await next();
    for (const [name, value] of values) {
      // A stricter policy set by the handler (downloads: "sandbox") stays.
      if (name === "Content-Security-Policy" && c.res.headers.has(name)) {
        continue;
      }
      c.header(name, value);
    }
  };
}
