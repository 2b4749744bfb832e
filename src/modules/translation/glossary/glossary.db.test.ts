import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../../test/db";
import { factories } from "../../../../test/factories";
import type { Viewer } from "../../accounts/account.model";
import { glossaryTermCommand } from "./glossary.commands";
import { getGlossaryTerm, listGlossary, termsForPair } from "./glossary.queries";
import { glossaryService } from "./glossary.service";

let t: TestDb;
let reviewer: Viewer;
let translator: Viewer;

beforeAll(async () => {
  t = await createTestDb();
  const make = factories(t.deps);
  reviewer = await make.user({ role: "reviewer" });
  translator = await make.user({ role: "translator" });
});
afterAll(async () => {
  await t.close();
});

const cmd = (input: Record<string, unknown>) => glossaryTermCommand.parse({ sourceLang: "ar", targetLang: "en", ...input });

async function create(input: Record<string, unknown>) {
  const r = await glossaryService.create(t.deps, reviewer, cmd(input));
  if (!r.ok) {
    throw new Error(r.error.type);
  }
  return r.value;
}

describe("glossary service", () => {
  it("creates a term that reads back with its lists, flags and note", async () => {
    const created = await create({
      term: "الدفاع المدني",
      preferred: "Civil Defence\nWhite Helmets",
      forbidden: ["civil protection"],
      note: "Syrian Civil Defence.",
    });
    expect(await getGlossaryTerm(t.deps, created.id)).toEqual({
      id: created.id,
      sourceLang: "ar",
      targetLang: "en",
      term: "الدفاع المدني",
      preferred: ["Civil Defence", "White Helmets"],
      forbidden: ["civil protection"],
      doNotTranslate: false,
      note: "Syrian Civil Defence.",
      updatedAt: created.updatedAt,
    });
    const row = await t.deps.db.selectFrom("glossary_terms").selectAll().where("id", "=", created.id).executeTakeFirstOrThrow();
    expect(row.term_norm).toBe("الدفاع المدني");
    expect(row.do_not_translate).toBe(0);
  });

  it("refuses translators and anonymous visitors and writes nothing", async () => {
    const before = (await termsForPair(t.deps, "ar", "en")).length;
    expect(await glossaryService.create(t.deps, translator, cmd({ term: "قصف", preferred: "shelling" }))).toEqual({ ok: false, error: { type: "forbidden" } });
    expect(await glossaryService.create(t.deps, null, cmd({ term: "قصف", preferred: "shelling" }))).toEqual({ ok: false, error: { type: "forbidden" } });
    const existing = await create({ term: "إغاثة", preferred: "relief" });
    expect(await glossaryService.update(t.deps, translator, existing.id, cmd({ term: "إغاثة", preferred: "aid" }))).toEqual({
      ok: false,
      error: { type: "forbidden" },
    });
    expect(await glossaryService.remove(t.deps, translator, existing.id)).toEqual({ ok: false, error: { type: "forbidden" } });
    expect((await termsForPair(t.deps, "ar", "en")).length).toBe(before + 1);
    expect((await getGlossaryTerm(t.deps, existing.id))?.preferred).toEqual(["relief"]);
  });

  it("refuses a second entry for the same term in a pair, even spelled with harakat", async () => {
    const first = await create({ term: "مستشفى", preferred: "hospital" });
    expect(await glossaryService.create(t.deps, reviewer, cmd({ term: "مُسْتَشْفَى", preferred: "clinic" }))).toEqual({
      ok: false,
      error: { type: "duplicate", existingId: first.id },
    });
  });

  it("lets only one of two simultaneous creations of a term win", async () => {
    const results = await Promise.all([1, 2].map(() => glossaryService.create(t.deps, reviewer, cmd({ term: "مخيم", preferred: "camp" }))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.error.type))).toEqual(["duplicate"]);
  });

  it("keeps pairs apart: the same term may exist once per pair", async () => {
    await create({ term: "دوما", preferred: "", doNotTranslate: true });
    const ru = await glossaryService.create(t.deps, reviewer, cmd({ term: "دوما", targetLang: "ru", preferred: "Дума" }));
    expect(ru.ok).toBe(true);
    const reverse = await glossaryService.create(t.deps, reviewer, cmd({ sourceLang: "en", targetLang: "ar", term: "Douma", preferred: "دوما" }));
    expect(reverse.ok).toBe(true);
    expect((await termsForPair(t.deps, "ar", "ru")).map((x) => [x.term, x.preferred])).toEqual([["دوما", ["Дума"]]]);
    expect((await termsForPair(t.deps, "en", "ar")).map((x) => x.term)).toEqual(["Douma"]);
    expect((await termsForPair(t.deps, "ar", "en")).find((x) => x.term === "دوما")?.doNotTranslate).toBe(true);
  });

  it("updates in place, refuses renaming onto another entry, and answers not-found for unknown ids", async () => {
    const shelling = await create({ term: "القصف", preferred: "shelling" });
    const airstrike = await create({ term: "غارة جوية", preferred: "airstrike" });
    const r = await glossaryService.update(t.deps, reviewer, shelling.id, cmd({ term: "القصف", preferred: "shelling;bombardment", forbidden: "bombing" }));
    expect(r.ok && r.value.preferred).toEqual(["shelling", "bombardment"]);
    expect(await getGlossaryTerm(t.deps, shelling.id)).toMatchObject({ preferred: ["shelling", "bombardment"], forbidden: ["bombing"] });
    expect(await glossaryService.update(t.deps, reviewer, airstrike.id, cmd({ term: "القَصف", preferred: "x" }))).toEqual({
      ok: false,
      error: { type: "duplicate", existingId: shelling.id },
    });
    expect(await glossaryService.update(t.deps, reviewer, "nope", cmd({ term: "شيء", preferred: "thing" }))).toEqual({
      ok: false,
      error: { type: "not-found" },
    });
    // Renaming to the same term with different harakat is not a clash with itself.
    expect((await glossaryService.update(t.deps, reviewer, shelling.id, cmd({ term: "القَصْف", preferred: "shelling" }))).ok).toBe(true);
  });

  it("deletes, and answers not-found the second time", async () => {
    const term = await create({ term: "نازحون", preferred: "displaced people" });
    expect(await glossaryService.remove(t.deps, reviewer, term.id)).toEqual({ ok: true, value: undefined });
    expect(await getGlossaryTerm(t.deps, term.id)).toBeNull();
    expect(await glossaryService.remove(t.deps, reviewer, term.id)).toEqual({ ok: false, error: { type: "not-found" } });
  });

  it("lists a pair sorted by term and filters by folded text", async () => {
    const terms = (await listGlossary(t.deps, { sourceLang: "ar", targetLang: "en" })).map((x) => x.term);
    expect(terms).toEqual([...terms].sort((a, b) => new Intl.Collator("ar").compare(a, b)));
    expect(terms).toContain("مستشفى");
    expect((await listGlossary(t.deps, { sourceLang: "ar", targetLang: "en", query: "مُستشفى" })).map((x) => x.term)).toEqual(["مستشفى"]);
    expect((await listGlossary(t.deps, { sourceLang: "ar", targetLang: "en", query: "WHITE helmets" })).map((x) => x.term)).toEqual(["الدفاع المدني"]);
  });
});
