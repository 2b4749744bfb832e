import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { search } from "./search.queries";

const h = useHarness();

describe("full-text search", () => {
  it("finds Arabic text across harakat, alef forms, ta marbuta and clitics", async () => {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    const { statementId } = await h.make.statement(owner, g.slug, { title: "قصف المُسْتَشْفَى الوطني", body: "تعرّضت المدرسةُ والمستشفى لقصفٍ عنيف." });
    for (const q of ["مستشفى", "المستشفى", "بالمستشفى", "مدرسه", "المدرسة", "قصف"]) {
      const r = await search(h.deps, q);
      expect(
        r.statements.map((s) => s.id),
        q,
      ).toContain(statementId);
    }
    expect((await search(h.deps, "سيارة")).statements.map((s) => s.id)).not.toContain(statementId);
  });

  it("finds Russian and English word forms by their stem", async () => {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    const ru = await h.make.statement(owner, g.slug, { lang: "ru", title: "Обстрел", body: "Снаряд попал в здание больницы." });
    const en = await h.make.statement(owner, g.slug, { lang: "en", title: "Shelling", body: "Two hospitals were damaged." });
    expect((await search(h.deps, "больница")).statements.map((s) => s.id)).toContain(ru.statementId);
    expect((await search(h.deps, "hospital")).statements.map((s) => s.id)).toContain(en.statementId);
    expect((await search(h.deps, "hospital")).statements.map((s) => s.id)).not.toContain(ru.statementId);
  });

  it("requires every word and matches Arabic-Indic digits", async () => {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    const { statementId } = await h.make.statement(owner, g.slug, { title: "حصيلة", body: "استشهد ١٢ مدنياً في دوما." });
    expect((await search(h.deps, "12 دوما")).statements.map((s) => s.id)).toContain(statementId);
    expect((await search(h.deps, "12 حلب")).statements.map((s) => s.id)).not.toContain(statementId);
  });

  it("finds group profiles but not pending groups", async () => {
    const owner = await h.make.user();
    const listed = await h.make.vouchedGroup(owner, {
      profiles: [{ lang: "en", name: "Qamishli Teachers Union", description: "Schools in the north-east" }],
      defaultLang: "en",
    });
    await h.make.group(owner, { profiles: [{ lang: "en", name: "Qamishli Pending Teachers", description: "" }], defaultLang: "en" });
    const r = await search(h.deps, "teachers qamishli");
    expect(r.groups.map((g) => g.slug)).toEqual([listed.slug]);
  });

  it("reflects a new revision: old words no longer match", async () => {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    const { statementId, hash } = await h.make.statement(owner, g.slug, { lang: "en", title: "Water", body: "The pumping station is broken." });
    const { statementService } = await import("../statements");
    await statementService.revise(h.deps, owner, statementId, { title: "Water", body: "The pumping station was repaired.", baseHash: hash });
    expect((await search(h.deps, "repaired")).statements.map((s) => s.id)).toContain(statementId);
    expect((await search(h.deps, "broken")).statements.map((s) => s.id)).not.toContain(statementId);
  });

  it("serves a search page in the reader's language", async () => {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    await h.make.statement(owner, g.slug, { title: "نداء من أجل المستشفى" });
    const res = await h.client().get(`/ar/search?q=${encodeURIComponent("مستشفى")}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("نداء من أجل المستشفى");
    expect(html).toMatch(/<html lang="ar" dir="rtl">/);
  });
});
