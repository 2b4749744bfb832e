// Sada's document loader against a loopback server: JSON only (HTML is never parsed), a size
// limit, a redirect limit, the SSRF guard on every hop, and the common contexts without network.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_DOCUMENT_BYTES, sadaDocumentLoader } from "./document-loader";
import { htmlToParagraphs } from "./remote-text";

let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    if (path === "/actor") {
      res.writeHead(200, { "Content-Type": "application/activity+json" });
      res.end(JSON.stringify({ id: `${base}/actor`, type: "Person" }));
    } else if (path === "/html") {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(`<a ${'a="x" '.repeat(40)}>`);
    } else if (path === "/huge") {
      res.writeHead(200, { "Content-Type": "application/activity+json" });
      res.end(JSON.stringify({ pad: "x".repeat(MAX_DOCUMENT_BYTES + 10) }));
    } else if (path.startsWith("/hop/")) {
      const n = Number(path.slice(5));
      res.writeHead(302, { Location: n > 0 ? `/hop/${n - 1}` : "/actor" });
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the document loader Fedify uses", () => {
  const testNetwork = sadaDocumentLoader({ allowPrivate: true, userAgent: "test" });
  const publicOnly = sadaDocumentLoader({ allowPrivate: false, userAgent: "test" });

  it("loads JSON-LD documents, following up to three redirects", async () => {
    expect((await testNetwork(`${base}/actor`)).document).toEqual({ id: `${base}/actor`, type: "Person" });
    expect((await testNetwork(`${base}/hop/2`)).documentUrl).toBe(`${base}/actor`);
    await expect(testNetwork(`${base}/hop/5`)).rejects.toThrow("redirects");
  });

  it("never parses HTML and refuses documents over the size limit", async () => {
    await expect(testNetwork(`${base}/html`)).rejects.toThrow("not a JSON document");
    await expect(testNetwork(`${base}/huge`)).rejects.toThrow("larger than");
  });

  it("refuses loopback and private addresses, however they are written, unless the operator allows them", async () => {
    const port = new URL(base).port;
    for (const url of [
      `${base}/actor`,
      `http://[::ffff:127.0.0.1]:${port}/actor`,
      `http://[::1]:${port}/actor`,
      "http://10.0.0.1/x",
      "http://169.254.169.254/latest",
    ]) {
      await expect(publicOnly(url), url).rejects.toThrow(/non-public|Refusing/);
    }
  });

  it("serves the ActivityStreams and security contexts from the bundled copies", async () => {
    const as = await publicOnly("https://www.w3.org/ns/activitystreams");
    expect(JSON.stringify(as.document)).toContain("as:Public");
    expect((await publicOnly("https://w3id.org/security/v1")).document).toBeTruthy();
  });
});

describe("received HTML", () => {
  it("is reduced to text in linear time, even when it is built to make a regular expression backtrack", () => {
    expect(htmlToParagraphs("<script".repeat(50_000))).toEqual([]);
    expect(htmlToParagraphs(`<p>a</p>${"<style>".repeat(20_000)}`)).toEqual(["a"]);
    expect(htmlToParagraphs("<p>before</p><SCRIPT type=x>alert(1)</script ><p>after</p>")).toEqual(["before", "after"]);
  });
});
