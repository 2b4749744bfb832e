import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { statementService } from "../statements";
import { glossaryService } from "./glossary";
import { findMatches } from "./memory";
import { coverage, targetsOf, translationQueue, workspaceSegments } from "./translation.queries";
import { translationService } from "./translation.service";

const h = useHarness();

const BODY = "قصف الحي الشرقي صباح اليوم. أصيب ١٢ مدنياً.\n\nنطالب بحماية **المستشفى الوطني** في دوما.";

async function setup() {
  const owner = await h.make.user();
  const g = await h.make.vouchedGroup(owner);
  const st = await h.make.statement(owner, g.slug, { kind: "appeal", lang: "ar", title: "نداء عاجل", body: BODY });
  const translator = await h.make.user({ role: "translator" });
  const reviewer = await h.make.user({ role: "reviewer" });
  const segs = await workspaceSegments(h.deps, st.statementId, 1, "en");
  return { owner, g, st, translator, reviewer, segs };
}

const EN: Record<string, string> = {
  "نداء عاجل": "Urgent appeal",
  "قصف الحي الشرقي صباح اليوم.": "The eastern district was shelled this morning.",
  "أصيب ١٢ مدنياً.": "12 civilians were injured.",
  "نطالب بحماية {1}المستشفى الوطني{/1} في دوما.": "We call for the protection of {1}the National Hospital{/1} in Douma.",
};

describe("segmentation on publish", () => {
  it("splits the title and body into segments with placeholders and offers default targets", async () => {
    const { st, segs } = await setup();
    expect(segs.map((s) => s.source)).toEqual(Object.keys(EN));
    expect(segs.every((s) => s.status === "untranslated")).toBe(true);
    const targets = await targetsOf(h.deps, st.statementId);
    expect(targets.map((t) => t.lang).sort()).toEqual(["ckb", "de", "en", "es", "fr", "kmr", "ru", "tr"]);
  });
});

describe("translating and reviewing", () => {
  it("saves with versions, refuses a stale save, approves with QA, publishes, fills the TM", async () => {
    const { st, segs, translator, reviewer } = await setup();
    const first = segs[1];
    if (!first) {
      throw new Error("no segment");
    }
    const saved = await translationService.saveSegment(h.deps, translator, {
      segmentId: first.id,
      lang: "en",
      text: "The eastern district was shelled.",
      version: 0,
      status: "draft",
      machine: false,
    });
    expect(saved).toMatchObject({ ok: true, value: { version: 1, status: "draft" } });
    const stale = await translationService.saveSegment(h.deps, reviewer, {
      segmentId: first.id,
      lang: "en",
      text: "Overwrite",
      version: 0,
      status: "translated",
      machine: false,
    });
    expect(stale).toMatchObject({ ok: false, error: { type: "conflict", current: { text: "The eastern district was shelled.", version: 1 } } });
    // A QA error (a number missing) blocks approval until it is fixed.
    const numberSeg = segs[2];
    if (!numberSeg) {
      throw new Error("no segment");
    }
    await translationService.saveSegment(h.deps, translator, {
      segmentId: numberSeg.id,
      lang: "en",
      text: "Civilians were injured.",
      version: 0,
      status: "translated",
      machine: false,
    });
    const blocked = await translationService.reviewSegment(h.deps, reviewer, {
      segmentId: numberSeg.id,
      lang: "en",
      version: 1,
      decision: "approve",
      comment: "",
      confirmMachine: false,
    });
    expect(blocked).toMatchObject({ ok: false, error: { type: "qa-blocking" } });
    // Translate everything correctly and approve.
    for (const s of await workspaceSegments(h.deps, st.statementId, 1, "en")) {
      const r = await translationService.saveSegment(h.deps, translator, {
        segmentId: s.id,
        lang: "en",
        text: EN[s.source] ?? "",
        version: s.version,
        status: "translated",
        machine: false,
      });
      expect(r.ok, s.source).toBe(true);
    }
    let published = false;
    for (const s of await workspaceSegments(h.deps, st.statementId, 1, "en")) {
      const r = await translationService.reviewSegment(h.deps, reviewer, {
        segmentId: s.id,
        lang: "en",
        version: s.version,
        decision: "approve",
        comment: "",
        confirmMachine: false,
      });
      expect(r.ok, s.source).toBe(true);
      published = r.ok && r.value.published;
    }
    expect(published).toBe(true);
    expect((await targetsOf(h.deps, st.statementId)).find((t) => t.lang === "en")?.state).toBe("published");
    const matches = await findMatches(h.deps, { sourceLang: "ar", targetLang: "en", text: "قصف الحي الغربي صباح اليوم.", limit: 3, minScore: 50 });
    expect(matches[0]?.target).toBe("The eastern district was shelled this morning.");
    expect(matches[0]?.score).toBeGreaterThan(80);
    expect(matches[0]?.score).toBeLessThan(100);
  });

  it("lets only reviewers review and only translators translate", async () => {
    const { segs, translator } = await setup();
    const reader = await h.make.user();
    const seg = segs[0];
    if (!seg) {
      throw new Error("no segment");
    }
    expect(
      await translationService.saveSegment(h.deps, reader, { segmentId: seg.id, lang: "en", text: "x", version: 0, status: "draft", machine: false }),
    ).toMatchObject({ ok: false, error: { type: "forbidden" } });
    await translationService.saveSegment(h.deps, translator, {
      segmentId: seg.id,
      lang: "en",
      text: "Urgent appeal",
      version: 0,
      status: "translated",
      machine: false,
    });
    expect(
      await translationService.reviewSegment(h.deps, translator, {
        segmentId: seg.id,
        lang: "en",
        version: 1,
        decision: "approve",
        comment: "",
        confirmMachine: false,
      }),
    ).toMatchObject({
      ok: false,
      error: { type: "forbidden" },
    });
  });

  it("never approves machine output without an edit or explicit confirmation", async () => {
    const { segs, translator, reviewer } = await setup();
    const seg = segs[0];
    if (!seg) {
      throw new Error("no segment");
    }
    await translationService.saveSegment(h.deps, translator, {
      segmentId: seg.id,
      lang: "en",
      text: "Urgent appeal",
      version: seg.version,
      status: "draft",
      machine: true,
    });
    expect(
      await translationService.reviewSegment(h.deps, reviewer, {
        segmentId: seg.id,
        lang: "en",
        version: seg.version + 1,
        decision: "approve",
        comment: "",
        confirmMachine: false,
      }),
    ).toMatchObject({
      ok: false,
      error: { type: "machine-unconfirmed" },
    });
    expect(
      (
        await translationService.reviewSegment(h.deps, reviewer, {
          segmentId: seg.id,
          lang: "en",
          version: seg.version + 1,
          decision: "approve",
          comment: "",
          confirmMachine: true,
        })
      ).ok,
    ).toBe(true);
  });
});

describe("a new source revision", () => {
  it("keeps unchanged segments' translations and marks the translation outdated", async () => {
    const { owner, st, translator, reviewer } = await setup();
    for (const s of await workspaceSegments(h.deps, st.statementId, 1, "en")) {
      await translationService.saveSegment(h.deps, translator, {
        segmentId: s.id,
        lang: "en",
        text: EN[s.source] ?? "",
        version: s.version,
        status: "translated",
        machine: false,
      });
    }
    for (const s of await workspaceSegments(h.deps, st.statementId, 1, "en")) {
      await translationService.reviewSegment(h.deps, reviewer, {
        segmentId: s.id,
        lang: "en",
        version: s.version,
        decision: "approve",
        comment: "",
        confirmMachine: false,
      });
    }
    const revised = await statementService.revise(h.deps, owner, st.statementId, { title: "نداء عاجل", body: BODY.replace("١٢", "١٥"), baseHash: st.hash });
    expect(revised.ok).toBe(true);
    const segs2 = await workspaceSegments(h.deps, st.statementId, 2, "en");
    const untranslated = segs2.filter((s) => s.status !== "approved");
    expect(untranslated.map((s) => s.source)).toEqual(["أصيب ١٥ مدنياً."]);
    expect(segs2.filter((s) => s.carriedOver).length).toBe(3);
    expect((await targetsOf(h.deps, st.statementId)).find((t) => t.lang === "en")?.state).toBe("outdated");
    const page = await (await h.client().get(`/en/statements/${st.statementId}`)).text();
    expect(page).toContain("Translated from an earlier version");
    expect(page).toContain("12 civilians were injured.");
  });
});

describe("queue, claims and coverage", () => {
  it("lists appeals first for the translator's pairs, and claims expire", async () => {
    const { st } = await setup();
    const translator = await h.make.user({ role: "translator" });
    await translationService.setTranslatorPairs(h.deps, translator, [{ source: "ar", target: "fr" }]);
    const now = h.deps.clock.now().toISOString();
    const queue = await translationQueue(h.deps, [{ source: "ar", target: "fr" }], now);
    expect(queue[0]?.kind).toBe("appeal");
    expect(queue.some((q) => q.statementId === st.statementId && q.targetLang === "fr")).toBe(true);
    const other = await h.make.user({ role: "translator" });
    expect((await translationService.claim(h.deps, translator, st.statementId, "fr")).ok).toBe(true);
    expect(await translationService.claim(h.deps, other, st.statementId, "fr")).toMatchObject({ ok: false, error: { type: "claimed", by: translator.handle } });
    const later = { ...h.deps, clock: { now: () => new Date(Date.now() + (h.deps.claimHours + 1) * 3_600_000) } };
    expect((await translationService.claim(later, other, st.statementId, "fr")).ok).toBe(true);
  });

  it("counts per language", async () => {
    await setup();
    const rows = await coverage(h.deps);
    const fr = rows.find((r) => r.lang === "fr");
    expect(fr?.waiting).toBeGreaterThan(0);
  });
});

describe("glossary hints in the workspace", () => {
  it("shows the term's preferred rendering and flags a forbidden one", async () => {
    const { st, segs, translator } = await setup();
    const reviewer = await h.make.user({ role: "reviewer" });
    const created = await glossaryService.create(h.deps, reviewer, {
      sourceLang: "ar",
      targetLang: "en",
      term: "المستشفى الوطني",
      preferred: ["National Hospital"],
      forbidden: ["State Hospital"],
      doNotTranslate: false,
      note: "",
    });
    expect(created.ok).toBe(true);
    const seg = segs[3];
    if (!seg) {
      throw new Error("no segment");
    }
    const saved = await translationService.saveSegment(h.deps, translator, {
      segmentId: seg.id,
      lang: "en",
      text: "We call for the protection of {1}the State Hospital{/1} in Douma.",
      version: seg.version,
      status: "translated",
      machine: false,
    });
    expect(saved.ok && saved.value.qa.map((q) => q.code)).toContain("glossary_forbidden_used");
    const client = await h.signInAs(translator.handle);
    const html = await (await client.get(`/en/translate/${st.statementId}/en`)).text();
    expect(html).toContain("National Hospital");
    expect(html).toContain('class="term"');
  });
});

describe("exact memory matches", () => {
  it("start as drafts when a new statement repeats a known sentence", async () => {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    const { addUnits } = await import("./memory");
    await addUnits(h.deps, [{ sourceLang: "ar", targetLang: "en", source: "شكراً لكم.", target: "Thank you.", origin: "approved" }]);
    const st = await h.make.statement(owner, g.slug, { lang: "ar", title: "بيان", body: "وصلت المساعدات.\n\nشكراً لكم." });
    const segs = await workspaceSegments(h.deps, st.statementId, 1, "en");
    expect(segs.find((s) => s.source === "شكراً لكم.")).toMatchObject({ text: "Thank you.", status: "draft" });
    expect(segs.find((s) => s.source === "وصلت المساعدات.")?.status).toBe("untranslated");
  });
});

describe("target languages", () => {
  it("can be added by a member of the group, not by a stranger", async () => {
    const owner = await h.signedIn();
    const g = await h.make.vouchedGroup(owner.user);
    const st = await h.make.statement(owner.user, g.slug, { lang: "ar" });
    await owner.client.get(`/en/statements/${st.statementId}`);
    expect((await owner.client.post(`/en/statements/${st.statementId}/targets`, { lang: "fa" })).status).toBe(303);
    expect((await targetsOf(h.deps, st.statementId)).map((t) => t.lang)).toContain("fa");
    const stranger = await h.signedIn();
    await stranger.client.get("/en/account");
    expect((await stranger.client.post(`/en/statements/${st.statementId}/targets`, { lang: "syc" })).status).toBe(403);
  });
});

describe("what readers see", () => {
  async function publishedEnglish() {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    const st = await h.make.statement(owner, g.slug, {
      lang: "ar",
      title: "عنوان فريد",
      body: "جملة أولى فريدة.\n\nجملة ثانية فريدة، انظر [التقرير](https://example.org/a).",
    });
    const translator = await h.make.user({ role: "translator" });
    const reviewer = await h.make.user({ role: "reviewer" });
    const texts = ["Unique title", "A unique first sentence.", "A unique second sentence, see {1}the report{/1}."];
    for (const [n, s] of (await workspaceSegments(h.deps, st.statementId, 1, "en")).entries()) {
      await translationService.saveSegment(h.deps, translator, {
        segmentId: s.id,
        lang: "en",
        text: texts[n] ?? "",
        version: s.version,
        status: "translated",
        machine: false,
      });
    }
    for (const s of await workspaceSegments(h.deps, st.statementId, 1, "en")) {
      await translationService.reviewSegment(h.deps, reviewer, {
        segmentId: s.id,
        lang: "en",
        version: s.version,
        decision: "approve",
        comment: "",
        confirmMachine: false,
      });
    }
    return { owner, st, translator };
  }

  it("only approved text, even while a segment is being reworked", async () => {
    const { st, translator } = await publishedEnglish();
    const seg = (await workspaceSegments(h.deps, st.statementId, 1, "en"))[1];
    if (!seg) {
      throw new Error("no segment");
    }
    await translationService.saveSegment(h.deps, translator, {
      segmentId: seg.id,
      lang: "en",
      text: "UNREVIEWED TEXT",
      version: seg.version,
      status: "draft",
      machine: false,
    });
    const page = await (await h.client().get(`/en/statements/${st.statementId}`)).text();
    expect(page).toContain("A unique first sentence.");
    expect(page).not.toContain("UNREVIEWED TEXT");
  });

  it("a changed link makes its sentence a new segment; removing a sentence republishes by itself", async () => {
    const { owner, st } = await publishedEnglish();
    const r2 = await statementService.revise(h.deps, owner, st.statementId, {
      title: "عنوان فريد",
      body: "جملة أولى فريدة.\n\nجملة ثانية فريدة، انظر [التقرير](https://example.org/b).",
      baseHash: st.hash,
    });
    expect(r2.ok).toBe(true);
    const segs = await workspaceSegments(h.deps, st.statementId, 2, "en");
    expect(segs.filter((s) => s.status !== "approved").map((s) => JSON.parse(s.markup))).toEqual([[{ id: 1, kind: "link", href: "https://example.org/b" }]]);
    if (!r2.ok) {
      return;
    }
    const r3 = await statementService.revise(h.deps, owner, st.statementId, { title: "عنوان فريد", body: "جملة أولى فريدة.", baseHash: r2.value.hash });
    expect(r3.ok).toBe(true);
    expect((await targetsOf(h.deps, st.statementId)).find((t) => t.lang === "en")).toMatchObject({ state: "published", publishedRevision: 3 });
  });

  it("an edited machine draft counts as human work", async () => {
    const { st, translator } = await publishedEnglish();
    const seg = (await workspaceSegments(h.deps, st.statementId, 1, "de"))[1];
    if (!seg) {
      throw new Error("no segment");
    }
    await translationService.saveSegment(h.deps, translator, {
      segmentId: seg.id,
      lang: "de",
      text: "Ein erster Satz.",
      version: seg.version,
      status: "draft",
      machine: true,
    });
    const unchanged = await translationService.saveSegment(h.deps, translator, {
      segmentId: seg.id,
      lang: "de",
      text: "Ein erster Satz.",
      version: seg.version + 1,
      status: "translated",
      machine: false,
    });
    expect(unchanged.ok).toBe(true);
    expect((await workspaceSegments(h.deps, st.statementId, 1, "de"))[1]?.machine).toBe(true);
    await translationService.saveSegment(h.deps, translator, {
      segmentId: seg.id,
      lang: "de",
      text: "Ein einzigartiger erster Satz.",
      version: seg.version + 2,
      status: "translated",
      machine: false,
    });
    expect((await workspaceSegments(h.deps, st.statementId, 1, "de"))[1]?.machine).toBe(false);
  });
});
