import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { newSecretToken } from "../ids";
import { safeEqual } from "../hash";

export const CSRF_COOKIE = "sada_csrf";
export const CSRF_FIELD = "_csrf";

/**
 * Double-submit token: a random cookie that every form repeats in a hidden field. A page on
 * another site can neither read the cookie nor set it, so it cannot forge the field.
 * Returns the token to embed in forms, setting the cookie when the browser has none.
 */
export function ensureCsrfToken(c: Context, secure: boolean): string {
  const existing = getCookie(c, CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) {
    return existing;
  }
  const token = newSecretToken();
  setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: "Lax", secure, path: "/" });
  return token;
}

/** True when the submitted token matches the cookie and the Origin (if sent) is our own. */
export function isCsrfValid(c: Context, submitted: unknown, baseUrl: string): boolean {
  const origin = c.req.header("origin");
  if (origin && origin !== "null" && origin !== new URL(baseUrl).origin && origin !== new URL(c.req.url).origin) {
    return false;
  }
  const cookie = getCookie(c, CSRF_COOKIE);
  return typeof submitted === "string" && typeof cookie === "string" && cookie.length > 0 && safeEqual(submitted, cookie);
}
