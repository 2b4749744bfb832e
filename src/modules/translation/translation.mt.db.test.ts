import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../main/app";
import { TestClient } from "../../../test/client";
import { PASSWORD } from "../../../test/factories";
import { useHarness } from "../../../test/harness";
import { workspaceSegments } from "./translation.queries";
import { translationService } from "./translation.service";

const h = useHarness();
let server: http.Server;
let url = "";
const seen: Array<{ q: unknown; source: string; target: string }> = [];

// A stand-in for a self-hosted LibreTranslate server, speaking its HTTP API on loopback.
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.url === "/languages") {
        res.end(
          JSON.stringify([
            { code: "ar", name: "Arabic", targets: ["en"] },
            { code: "en", name: "English", targets: ["ar"] },
          ]),
        );
        return;
      }
      const input = JSON.parse(body) as { q: string | string[]; source: string; target: string };
      seen.push(input);
      const tr = (s: string) => s.replace("شكراً لكم.", "Thank you all.");
      res.end(JSON.stringify({ translatedText: Array.isArray(input.q) ? input.q.map(tr) : tr(input.q) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("machine-translation drafts", () => {
  it("come from the configured LibreTranslate server, are labelled, and need confirmation to approve", async () => {
    const app = buildApp({ ...h.deps, config: { ...h.deps.config, mt: { url, apiKey: null } } });
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    const st = await h.make.statement(owner, g.slug, { lang: "ar", title: "بيان", body: "شكراً لكم." });
    const translator = await h.make.user({ role: "translator" });
    const client = new TestClient(app);
    await client.get("/en/signin");
    await client.post("/en/signin", { handle: translator.handle, password: PASSWORD });
    const base = `/en/translate/${st.statementId}/en`;
    const page = await (await client.get(base)).text();
    expect(page).toContain("Machine draft");
    const seg = (await workspaceSegments(h.deps, st.statementId, 1, "en")).find((s) => s.source === "شكراً لكم.");
    if (!seg) {
      throw new Error("no segment");
    }
    const res = await client.post(`${base}/segments/${seg.id}/mt`, {});
    expect(res.status).toBe(303);
    expect(seen.at(-1)).toMatchObject({ source: "ar", target: "en" });
    const after = (await workspaceSegments(h.deps, st.statementId, 1, "en")).find((s) => s.id === seg.id);
    expect(after).toMatchObject({ text: "Thank you all.", status: "draft", machine: true });
    expect(await (await client.get(base)).text()).toContain("machine draft");
    const reviewer = await h.make.user({ role: "reviewer" });
    const r = await translationService.reviewSegment(h.deps, reviewer, {
      segmentId: seg.id,
      lang: "en",
      version: after?.version ?? 0,
      decision: "approve",
      comment: "",
      confirmMachine: false,
    });
    expect(r).toMatchObject({ ok: false, error: { type: "machine-unconfirmed" } });
  });

  it("is not offered when no server is configured", async () => {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    const st = await h.make.statement(owner, g.slug, { lang: "ar" });
    const t = await h.signedIn("translator");
    const page = await (await t.client.get(`/en/translate/${st.statementId}/en`)).text();
    expect(page).not.toContain("Machine draft");
  });
});
