// Sada's own loader for the JSON-LD documents Fedify fetches (actors, keys, objects, contexts).
// Fedify 1.5's loader parses HTML with a regular expression that an attacker can make run for
// hours, has no time or size limit, and its private-address check misses some ranges; so every
// remote fetch goes through here instead: JSON only, ≤ 1 MB, 10 s, ≤ 3 redirects, each hop
// checked by the SSRF guard. The common contexts come from Fedify's preloaded copies (no network).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { DocumentLoader, RemoteDocument } from "@fedify/fedify/runtime";
import { assertPublicUrl, publicOnlyDispatcher } from "../../platform/http/public-url";

export const MAX_DOCUMENT_BYTES = 1024 * 1024;
const TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;
const JSON_TYPES = /^application\/(activity\+json|ld\+json|json|jrd\+json)\b/i;

let preloaded: Promise<Record<string, unknown>> | null = null;

/** Fedify's bundled copies of the ActivityStreams, security and other common contexts. */
function preloadedContexts(): Promise<Record<string, unknown>> {
  preloaded ??= (async () => {
    // The file sits beside Fedify's runtime entry point; it is not in the package's exports.
    const runtime = fileURLToPath(import.meta.resolve("@fedify/fedify/runtime"));
    const mod = (await import(pathToFileURL(path.join(path.dirname(runtime), "contexts.js")).href)) as { default: Record<string, unknown> };
    return mod.default;
  })();
  return preloaded;
}

export class DocumentFetchError extends Error {}

async function readLimited(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await response.body?.cancel();
    throw new DocumentFetchError(`document larger than ${limit} bytes`);
  }
  const reader = response.body?.getReader();
  if (!reader) {
    return "";
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new DocumentFetchError(`document larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A loader for Fedify: preloaded contexts first, else a guarded fetch of JSON. */
export function sadaDocumentLoader(opts: { allowPrivate: boolean; userAgent: string }): DocumentLoader {
  // Checks the address each connection really uses (DNS rebinding), on top of assertPublicUrl.
  const dispatcher = publicOnlyDispatcher(opts.allowPrivate);
  return async (url: string): Promise<RemoteDocument> => {
    const contexts = await preloadedContexts();
    if (Object.hasOwn(contexts, url)) {
      return { contextUrl: null, documentUrl: url, document: contexts[url] };
    }
    let current = new URL(url);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      await assertPublicUrl(current, opts.allowPrivate);
      const response = await fetch(current, {
        headers: { Accept: 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"', "User-Agent": opts.userAgent },
        redirect: "manual",
        signal: AbortSignal.timeout(TIMEOUT_MS),
        dispatcher,
      } as RequestInit);
      if (response.status >= 300 && response.status < 400 && response.headers.has("location")) {
        await response.body?.cancel();
        current = new URL(response.headers.get("location") ?? "", current);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new DocumentFetchError(`HTTP ${response.status} for ${current.href}`);
      }
      if (!JSON_TYPES.test(response.headers.get("content-type") ?? "")) {
        await response.body?.cancel();
        throw new DocumentFetchError(`not a JSON document: ${current.href}`);
      }
      const text = await readLimited(response, MAX_DOCUMENT_BYTES);
      return { contextUrl: null, documentUrl: current.href, document: JSON.parse(text) as unknown };
    }
    throw new DocumentFetchError(`more than ${MAX_REDIRECTS} redirects from ${url}`);
  };
}
