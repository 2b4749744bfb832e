import type { Context } from "hono";

/**
 * A key for the client's network address, used only by in-memory rate limiters (which hash
 * it again). Never stored or logged. In-process test requests have no socket: "local".
 */
export function clientKey(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "local";
}
