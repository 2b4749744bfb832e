import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchForArchive } from "./archive.fetch";

// Only loopback: a local server stands in for the web; nothing leaves the machine.
let server: http.Server;
let base = "";
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/page") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<p>archived</p>");
    } else if (req.url === "/moved") {
      res.writeHead(302, { location: "/page" });
      res.end();
    } else if (req.url === "/loop") {
      res.writeHead(302, { location: "/loop" });
      res.end();
    } else if (req.url === "/big") {
      res.writeHead(200);
      res.end(Buffer.alloc(2048, 1));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("fetchForArchive", () => {
  it("refuses loopback unless the admin setting allows private addresses", async () => {
    expect(await fetchForArchive(`${base}/page`, { allowPrivate: false })).toEqual({ ok: false, reason: "address-blocked" });
    expect(await fetchForArchive("http://localhost:1/x", { allowPrivate: false })).toEqual({ ok: false, reason: "address-blocked" });
    const r = await fetchForArchive(`${base}/page`, { allowPrivate: true });
    expect(r.ok && r.body.toString()).toBe("<p>archived</p>");
  });

  it("fetches by host name, connecting to the address it checked", async () => {
    const port = new URL(base).port;
    const r = await fetchForArchive(`http://localhost:${port}/page`, { allowPrivate: true });
    expect(r.ok).toBe(true);
  });

  it("follows redirects a few times, checking each target", async () => {
    const moved = await fetchForArchive(`${base}/moved`, { allowPrivate: true });
    expect(moved.ok && moved.finalUrl).toBe(`${base}/page`);
    expect(await fetchForArchive(`${base}/loop`, { allowPrivate: true, maxRedirects: 2 })).toEqual({ ok: false, reason: "too-many-redirects" });
  });

  it("stops at the size limit and reports HTTP errors", async () => {
    expect(await fetchForArchive(`${base}/big`, { allowPrivate: true, maxBytes: 1000 })).toEqual({ ok: false, reason: "too-large" });
    expect(await fetchForArchive(`${base}/missing`, { allowPrivate: true })).toEqual({ ok: false, reason: "http-error", detail: "404" });
  });

  it("accepts only plain http(s) URLs without credentials", async () => {
    for (const url of ["file:///etc/passwd", "ftp://example.org/x", "http://user:pass@example.org/", "not a url"]) {
      expect(await fetchForArchive(url, { allowPrivate: true }), url).toEqual({ ok: false, reason: "url-invalid" });
    }
  });
});
