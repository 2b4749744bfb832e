// Over real HTTP: an anonymous upload is answered while the client is still sending it, so the
// server neither waits for nor buffers the body (up to SADA_UPLOAD_MAX_BYTES per request).
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSada, type RunningSada } from "./server";

let sada: RunningSada;

beforeAll(async () => {
  sada = await startSada();
}, 120_000);

afterAll(async () => {
  await sada?.stop();
});

/** Streams a `total`-byte multipart body slowly (64 KB every 25 ms); resolves with the status and the bytes sent by then. */
function slowUpload(path: string, total: number, chunked = false): Promise<{ status: number; location: string; sentBeforeAnswer: number }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, sada.baseUrl);
    let sent = 0;
    const headers = { "content-type": "multipart/form-data; boundary=x", ...(chunked ? {} : { "content-length": String(total) }) };
    const req = http.request(url, { method: "POST", headers }, (res) => {
      clearInterval(timer);
      const answer = { status: res.statusCode ?? 0, location: String(res.headers.location ?? ""), sentBeforeAnswer: sent };
      res.resume();
      req.destroy();
      resolve(answer);
    });
    req.on("error", (e) => (sent < total ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const timer = setInterval(() => {
      if (sent >= total || req.destroyed) {
        clearInterval(timer);
        return;
      }
      sent += chunk.length;
      req.write(chunk);
    }, 25);
  });
}

describe("uploads over HTTP", () => {
  it("answers an anonymous 19 MB upload at once (sign-in page, or 401 in the API), long before it is sent", async () => {
    const total = 19 * 1024 * 1024;
    const page = await slowUpload("/en/statements/0123456789abcdef/media", total);
    expect(page.status).toBe(303);
    expect(page.location).toMatch(/^\/en\/signin\?next=/);
    expect(page.sentBeforeAnswer).toBeLessThan(total / 4);
    const api = await slowUpload("/api/v1/statements/0123456789abcdef/media", total);
    expect(api.status).toBe(401);
    expect(api.sentBeforeAnswer).toBeLessThan(total / 4);
    // Without a length (chunked), the body limit would read the whole body before any route.
    const chunked = await slowUpload("/api/v1/incidents/0123456789abcdef/sources", total, true);
    expect(chunked.status).toBe(401);
    expect(chunked.sentBeforeAnswer).toBeLessThan(total / 4);
    // The server is still there for the next reader.
    expect((await fetch(`${sada.baseUrl}/en/`)).status).toBe(200);
  }, 60_000);
});
