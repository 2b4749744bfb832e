import type { Hono } from "hono";
import type { AppEnv } from "../src/modules/http-env";

/**
 * Drives the app in-process like a browser: keeps cookies, reads the CSRF token from forms,
 * and does not follow redirects (tests assert on them).
 */
export class TestClient {
  readonly cookies = new Map<string, string>();
  private csrf: string | null = null;

  constructor(
    private readonly app: Hono<AppEnv>,
    private readonly headers: Record<string, string> = {},
  ) {}

  async request(method: string, path: string, init: { body?: string | URLSearchParams; headers?: Record<string, string> } = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await this.app.request(`http://sada.test${path}`, {
      method,
      body: init.body,
      headers: { ...this.headers, ...(cookie ? { cookie } : {}), ...init.headers },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === "" || /max-age=0/i.test(line)) {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
    return res;
  }

  async get(path: string, headers?: Record<string, string>): Promise<Response> {
    const res = await this.request("GET", path, { headers });
    const type = res.headers.get("content-type") ?? "";
    if (type.includes("text/html")) {
      const html = await res.clone().text();
      const m = /name="_csrf" value="([^"]+)"/.exec(html);
      if (m?.[1]) {
        this.csrf = m[1];
      }
    }
    return res;
  }

  /** Submits a form with the CSRF token of the last page that had one (fetching `csrfFrom` first if given). */
  async post(path: string, fields: Record<string, string | string[]>, opts: { csrf?: string | null } = {}): Promise<Response> {
    if (this.csrf === null && opts.csrf === undefined) {
      await this.get("/en/signin");
    }
    const body = new URLSearchParams();
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (token !== null) {
      body.append("_csrf", token);
    }
    for (const [k, v] of Object.entries(fields)) {
      for (const item of Array.isArray(v) ? v : [v]) {
        body.append(k, item);
      }
    }
    return this.request("POST", path, { body, headers: { "content-type": "application/x-www-form-urlencoded" } });
  }

  async json(method: string, path: string, payload: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(method, path, { body: JSON.stringify(payload), headers: { "content-type": "application/json", ...headers } });
  }
}

/** Text of the first element matching a simple tag/attribute regex, for assertions on pages. */
export function textOf(html: string, pattern: RegExp): string | null {
  const m = pattern.exec(html);
  return m?.[1]?.replace(/<[^>]+>/g, "").trim() ?? null;
}
