import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { isNonPublicAddress } from "../../platform/http/public-url";
import { EVIDENCE_MAX_BYTES } from "./evidence.model";

/**
 * Fetching a page for the archive ("archive now") without becoming a way into the server's
 * own network (SSRF): the host name is resolved first, every address is checked against the
 * loopback, private, link-local, shared and reserved ranges, and the connection goes to the
 * address that was checked (so a second DNS answer cannot swap it). Redirects are followed
 * by hand, each one checked the same way.
 */
export interface ArchiveOptions {
  /** Admin setting: also allow private and loopback addresses (a test or an intranet mirror). */
  allowPrivate: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
}

export type ArchiveResult =
  | { ok: true; body: Buffer; finalUrl: string; contentType: string }
  | {
      ok: false;
      reason: "url-invalid" | "address-blocked" | "dns-failed" | "too-large" | "http-error" | "network-error" | "too-many-redirects";
      detail?: string;
    };

/** True for addresses a public web page can never legitimately live at (the platform's one list). */
export const isBlockedAddress = isNonPublicAddress;

async function resolveChecked(
  host: string,
  allowPrivate: boolean,
): Promise<{ ok: true; address: string; family: number } | { ok: false; reason: "address-blocked" | "dns-failed" }> {
  const bare = host.replace(/^\[|\]$/g, "");
  let addresses: Array<{ address: string; family: number }>;
  if (net.isIP(bare)) {
    addresses = [{ address: bare, family: net.isIP(bare) }];
  } else {
    try {
      addresses = await dns.lookup(bare, { all: true, verbatim: true });
    } catch {
      return { ok: false, reason: "dns-failed" };
    }
  }
  if (addresses.length === 0) {
    return { ok: false, reason: "dns-failed" };
  }
  // Every answer must be acceptable: otherwise a name could mix a public and a private address.
  if (!allowPrivate && addresses.some((a) => isBlockedAddress(a.address))) {
    return { ok: false, reason: "address-blocked" };
  }
  const first = addresses[0]!;
  return { ok: true, address: first.address, family: first.family };
}

function getOnce(url: URL, address: string, family: number, maxBytes: number, timeoutMs: number): Promise<ArchiveResult | { redirect: string }> {
  return new Promise((resolve) => {
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      url,
      {
        method: "GET",
        headers: { "user-agent": "Sada-archiver/1 (+evidence archive)", accept: "*/*" },
        // Connect to the address we checked, whatever DNS says now (Node may ask for a list).
        lookup: ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) =>
          opts?.all ? cb(null, [{ address, family }]) : cb(null, address, family)) as never,
        timeout: timeoutMs,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          resolve({ redirect: new URL(res.headers.location, url).toString() });
          return;
        }
        if (status < 200 || status >= 300) {
          res.resume();
          resolve({ ok: false, reason: "http-error", detail: String(status) });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy();
            resolve({ ok: false, reason: "too-large" });
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () =>
          resolve({ ok: true, body: Buffer.concat(chunks), finalUrl: url.toString(), contentType: String(res.headers["content-type"] ?? "") }),
        );
        res.on("error", (e) => resolve({ ok: false, reason: "network-error", detail: e.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    // An overall deadline too: a server trickling bytes must not hold the fetch open.
    const deadline = setTimeout(() => req.destroy(new Error("timeout")), timeoutMs);
    req.on("close", () => clearTimeout(deadline));
    req.on("error", (e) => resolve({ ok: false, reason: "network-error", detail: e.message }));
    req.end();
  });
}

/** Fetches `rawUrl` for the archive, refusing internal addresses unless the setting allows them. */
export async function fetchForArchive(rawUrl: string, opts: ArchiveOptions): Promise<ArchiveResult> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, reason: "url-invalid" };
  }
  const maxRedirects = opts.maxRedirects ?? 3;
  for (let hop = 0; hop <= maxRedirects; hop++) {
    if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password) {
      return { ok: false, reason: "url-invalid" };
    }
    const resolved = await resolveChecked(url.hostname, opts.allowPrivate);
    if (!resolved.ok) {
      return resolved;
    }
    const result = await getOnce(url, resolved.address, resolved.family, opts.maxBytes ?? EVIDENCE_MAX_BYTES, opts.timeoutMs ?? 15_000);
    if (!("redirect" in result)) {
      return result;
    }
    url = new URL(result.redirect);
  }
  return { ok: false, reason: "too-many-redirects" };
}
