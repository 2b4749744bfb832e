import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { workspaceSegments } from "./translation.queries";

const h = useHarness();

async function setup() {
  const owner = await h.make.user();
  const g = await h.make.vouchedGroup(owner);
  const st = await h.make.statement(owner, g.slug, { kind: "statement", lang: "ar", title: "بيان", body: "وصلت ٣ شاحنات إلى دوما.\n\nشكراً لكم." });
  const translator = await h.signedIn("translator");
  const reviewer = await h.signedIn("reviewer");
  return { st, translator, reviewer };
}

describe("workspace over HTTP", () => {
  it("works as plain forms: save, stale save shows both texts, approve, publish, reader sees it in /en/", async () => {
    const { st, translator, reviewer } = await setup();
    const base = `/en/translate/${st.statementId}/en`;
    const page = await translator.client.get(base);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("وصلت ٣ شاحنات إلى دوما.");
    expect(html).toContain('<script src="/static/workspace.');
    const segs = await workspaceSegments(h.deps, st.statementId, 1, "en");
    const texts = ["Statement", "3 trucks arrived in Douma.", "Thank you."];
    for (const [n, s] of segs.entries()) {
      const r = await translator.client.post(`${base}/segments/${s.id}`, { text: texts[n] ?? "", version: "0", status: "translated" });
      expect(r.status, s.source).toBe(303);
    }
    const first = segs[1];
    if (!first) {
      throw new Error("no segment");
    }
    const stale = await reviewer.client.post(`${base}/segments/${first.id}`, { text: "Trucks came.", version: "0", status: "translated" });
    expect(stale.status).toBe(409);
    const conflictHtml = await stale.text();
    expect(conflictHtml).toContain("3 trucks arrived in Douma.");
    expect(conflictHtml).toContain("Trucks came.");
    for (const s of await workspaceSegments(h.deps, st.statementId, 1, "en")) {
      const r = await reviewer.client.post(`${base}/segments/${s.id}/review`, { version: String(s.version), decision: "approve", comment: "" });
      expect(r.status, s.source).toBe(303);
    }
    const reader = await (await h.client().get(`/en/statements/${st.statementId}`)).text();
    expect(reader).toContain("3 trucks arrived in Douma.");
    expect(reader).toContain(translator.user.handle);
    expect(reader).toMatch(/<div lang="en" dir="ltr" class="statement-body">/);
    const side = await (await h.client().get(`/en/statements/${st.statementId}?tl=en&view=side`)).text();
    expect(side).toContain("side-by-side");
    expect(side).toContain("وصلت ٣ شاحنات إلى دوما.");
    const ar = await (await h.client().get(`/ar/statements/${st.statementId}`)).text();
    expect(ar).not.toContain("3 trucks arrived");
  });

  it("answers autosave requests with JSON", async () => {
    const { st, translator } = await setup();
    const segs = await workspaceSegments(h.deps, st.statementId, 1, "ru");
    const seg = segs[1];
    if (!seg) {
      throw new Error("no segment");
    }
    await translator.client.get(`/en/translate/${st.statementId}/ru`);
    const res = await translator.client.request("POST", `/en/translate/${st.statementId}/ru/segments/${seg.id}`, {
      body: new URLSearchParams({ _csrf: translator.client.cookies.get("sada_csrf") ?? "", text: "Три грузовика", version: "0", status: "draft" }),
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { version: number; status: string; qa: Array<{ code: string }> };
    expect(body).toMatchObject({ version: 1, status: "draft" });
    expect(body.qa.map((q) => q.code)).toContain("numbers_differ");
  });

  it("round-trips XLIFF through a file edited elsewhere, updating only changed segments", async () => {
    const { st, translator } = await setup();
    const base = `/en/translate/${st.statementId}/de`;
    await translator.client.get(base);
    const download = await translator.client.get(`${base}/xliff`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain(".xlf");
    const xml = await download.text();
    expect(xml).toContain('trgLang="de"');
    // Another tool fills in targets for the second segment only.
    const segs = await workspaceSegments(h.deps, st.statementId, 1, "de");
    const target = segs[1];
    if (!target) {
      throw new Error("no segment");
    }
    const edited = xml.replace(
      new RegExp(`(<unit id="${target.id}"[\\s\\S]*?</source>)`),
      `$1\n        <target xml:space="preserve">3 Lastwagen kamen in Duma an.</target>`,
    );
    expect(edited).not.toBe(xml);
    const form = new FormData();
    form.set("_csrf", translator.client.cookies.get("sada_csrf") ?? "");
    form.set("file", new File([edited], "edited.xlf", { type: "application/xliff+xml" }));
    const cookie = [...translator.client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const up = await h.app.request(`http://sada.test${base}/xliff`, { method: "POST", body: form, headers: { cookie } });
    expect(up.status).toBe(303);
    expect(up.headers.get("location")).toContain("done=xliff&n=1");
    const after = await workspaceSegments(h.deps, st.statementId, 1, "de");
    expect(after.find((s) => s.id === target.id)).toMatchObject({ text: "3 Lastwagen kamen in Duma an.", status: "translated" });
    expect(after.filter((s) => s.status !== "untranslated")).toHaveLength(1);
    const hostile = new FormData();
    hostile.set("_csrf", translator.client.cookies.get("sada_csrf") ?? "");
    hostile.set("file", new File([`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xliff>&e;</xliff>`], "x.xlf"));
    const bad = await h.app.request(`http://sada.test${base}/xliff`, { method: "POST", body: hostile, headers: { cookie } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("DOCTYPE");
  });

  it("keeps readers out of the workspace and shows the queue to translators", async () => {
    const { st } = await setup();
    const reader = await h.signedIn("reader");
    expect((await reader.client.get(`/en/translate/${st.statementId}/en`)).status).toBe(403);
    const t = await h.signedIn("translator");
    await t.client.get("/en/translate");
    const saved = await t.client.post("/en/translate/pairs", { source_0: "ar", target_0: "tr" });
    expect(saved.status).toBe(303);
    const queue = await (await t.client.get("/en/translate")).text();
    expect(queue).toContain(`/en/translate/${st.statementId}/tr`);
    expect((await h.client().get("/en/translate/coverage")).status).toBe(200);
  });
});

describe("XLIFF import never overwrites later work", () => {
  it("keeps a segment saved in Sada after the download and says so", async () => {
    const { st, translator } = await setup();
    const { importXliffUpload, xliffDownload } = await import("./translation.xliff");
    const { translationService } = await import("./translation.service");
    const exported = await xliffDownload(h.deps, st.statementId, "es");
    if (!exported) {
      throw new Error("no export");
    }
    const [title, first] = await workspaceSegments(h.deps, st.statementId, 1, "es");
    if (!title || !first) {
      throw new Error("no segments");
    }
    // Later clock: the workspace save happens after the export.
    const later = { ...h.deps, clock: { now: () => new Date(Date.now() + 60_000) } };
    expect(
      (
        await translationService.saveSegment(later, translator.user, {
          segmentId: first.id,
          lang: "es",
          text: "Llegaron 3 camiones a Duma.",
          version: 0,
          status: "translated",
          machine: false,
        })
      ).ok,
    ).toBe(true);
    const withTargets = exported.xml
      .replace(new RegExp(`(<unit id="${first.id}"[\\s\\S]*?</source>)`), `$1<target>3 camiones.</target>`)
      .replace(new RegExp(`(<unit id="${title.id}"[\\s\\S]*?</source>)`), `$1<target>Declaración</target>`);
    const r = await importXliffUpload(h.deps, translator.user, st.statementId, "es", Buffer.from(withTargets));
    expect(r).toMatchObject({ ok: true, value: { updated: 1, conflicts: 1 } });
    const after = await workspaceSegments(h.deps, st.statementId, 1, "es");
    expect(after.find((s) => s.id === first.id)?.text).toBe("Llegaron 3 camiones a Duma.");
    expect(after.find((s) => s.id === title.id)?.text).toBe("Declaración");
  });
});
