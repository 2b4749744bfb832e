// The HTTP side of following a Sada transparency log from outside (monitor and mirror): the
// instance's URLs, GETs whose failures become LogUnavailable, and the two kinds of failure.
import { fromBase64Strict } from "../signing";

/** Fetches a URL (GET); `globalThis.fetch` by default, an in-process app in tests. */
export type FetchLike = (url: string) => Promise<Response>;

/** The global fetch with a time limit, so a server that stops answering cannot hang a monitor run forever. */
export const defaultFetch: FetchLike = (url) => fetch(url, { signal: AbortSignal.timeout(60_000) });

/** The log or the server could not be reached or answered an error, or the local state is unusable: nothing was checked. */
export class LogUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LogUnavailable";
  }
}

/** The log failed a check: it is inconsistent with what was verified before, or with itself. */
export class LogProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LogProblem";
  }
}

/** The instance's base URL and its log API, from either (".../log/v1" is accepted). */
export function logUrls(url: string): { instance: string; log: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new LogUnavailable(`not a URL: ${url}`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new LogUnavailable(`not an http(s) URL: ${url}`);
  }
  let base = u.pathname.replace(/\/+$/, "");
  if (base.endsWith("/log/v1")) {
    base = base.slice(0, -"/log/v1".length);
  }
  const instance = `${u.origin}${base}`;
  return { instance, log: `${instance}/log/v1` };
}

/** GETs over the injected fetch; transport failures and HTTP errors become {@link LogUnavailable}. */
export class LogHttp {
  constructor(private readonly fetchFn: FetchLike) {}

  async get(url: string, allow404 = false): Promise<Response | null> {
    let res: Response;
    try {
      res = await this.fetchFn(url);
    } catch (e) {
      throw new LogUnavailable(`cannot reach ${url}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`);
    }
    if (res.status === 404 && allow404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) {
      let why = "";
      try {
        const body = (await res.json()) as { error?: { message?: string; details?: Array<{ message?: string }> } };
        why = [body.error?.message, ...(body.error?.details ?? []).map((d) => d.message)].filter(Boolean).join(": ");
      } catch {
        // not a JSON error body
      }
      throw new LogUnavailable(`HTTP ${res.status} from ${url}${why ? ` (${why})` : ""}`);
    }
    return res;
  }

  async text(url: string): Promise<string> {
    const res = await this.get(url);
    return (res as Response).text();
  }

  async json(url: string, allow404 = false): Promise<unknown> {
    const res = await this.get(url, allow404);
    if (res === null) {
      return null;
    }
    const text = await res.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new LogUnavailable(`${url} did not answer JSON`);
    }
  }
}

/** Base64 from the log or a state file, or a {@link LogProblem} naming what it was. */
export function b64(text: unknown, what: string): Uint8Array {
  const bytes = typeof text === "string" ? fromBase64Strict(text) : null;
  if (bytes === null) {
    throw new LogProblem(`${what} is not base64`);
  }
  return bytes;
}
