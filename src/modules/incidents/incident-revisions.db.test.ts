import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { incidentService } from "./incident.service";
import { incidentRevisions, keepMissingIncidentRevisions } from "./incident-revisions";
import { incidentInput, translateIncidentTitle } from "./incidents.testkit";
import { translationQueue, workspaceSegments } from "../translation";
import { getIncident } from "./incident.queries";
import { sha256Hex } from "../../platform/hash";

const h = useHarness();

const ideps = () => ({ ...h.deps, dataDir: h.deps.config.dataDir });

async function recorded(overrides: Parameters<typeof incidentInput>[0] = {}) {
  const owner = await h.make.user();
  const g = await h.make.vouchedGroup(owner, { kind: "human_rights" });
  const r = await incidentService.create(
    ideps(),
    owner,
    incidentInput({
      group: g.slug,
      lang: "ar",
      title: "قصف السوق",
      narrative: "سقطت قذائف على السوق صباحًا.\n\nأصيب ١٢ شخصًا.",
      casualties: [{ category: "injured", subgroup: "total", min: 12, max: 12 }],
      latitude: 36.2021,
      longitude: 37.1343,
      precisionM: 200,
      coordsPublic: false,
      ...overrides,
    }),
  );
  if (!r.ok) {
    throw new Error(r.error.type);
  }
  // Two independent reports, enough for "fair".
  for (const url of ["https://news.example/market", "https://radio.example/market"]) {
    const source = await incidentService.addSource(ideps(), owner, r.value.id, {
      kind: "url",
      sourceType: "media_report",
      independence: "independent",
      statementId: null,
      url,
      description: "",
      capturedAt: null,
      deviceNotes: null,
    });
    if (!source.ok) {
      throw new Error(source.error.type);
    }
  }
  return { owner, group: g, id: r.value.id };
}

const factsOf = (overrides: Record<string, unknown> = {}) => {
  const {
    lang: _l,
    title: _t,
    narrative: _n,
    group: _g,
    ...facts
  } = incidentInput({
    casualties: [{ category: "injured", subgroup: "total", min: 12, max: 12 }],
    latitude: 36.2021,
    longitude: 37.1343,
    precisionM: 200,
  });
  return { ...facts, ...overrides };
};

describe("incident revisions", () => {
  it("keeps every save, flags a grade given on an earlier state, and refuses stale saves and grades", async () => {
    const { owner, id } = await recorded();
    const editor = await h.make.user({ role: "editor" });
    const graded = await incidentService.grade(ideps(), editor, id, { grade: "weak", rationale: "One eyewitness account so far.", version: 1 });
    expect(graded.ok).toBe(true);
    let page = await getIncident(h.deps, id, "en");
    expect(page?.gradedRevision).toBe(1);
    expect(page?.gradeOutdated).toBe(false);

    // The recorder corrects the casualty figures: revision 2, and the grade is now in question.
    const updated = await incidentService.update(ideps(), owner, id, {
      ...factsOf({ casualties: [{ category: "injured", subgroup: "total", min: 14, max: 15 }] }),
      version: 1,
    } as never);
    expect(updated.ok).toBe(true);
    page = await getIncident(h.deps, id, "en");
    expect(page?.version).toBe(2);
    expect(page?.changesSinceGrade).toEqual(["casualties"]);
    expect(page?.gradeOutdated).toBe(true);

    // A grade sent for the version the editor saw before the edit is a conflict; nothing written.
    const stale = await incidentService.grade(ideps(), editor, id, { grade: "fair", rationale: "Hospital records now agree.", version: 1 });
    expect(stale.ok ? null : stale.error).toEqual({ type: "edit-conflict", currentVersion: 2 });
    expect((await getIncident(h.deps, id, "en"))?.grades).toHaveLength(1);

    // The original text is corrected with its version; a stale correction writes nothing.
    const text = await incidentService.saveOriginalText(ideps(), owner, id, {
      title: "قصف سوق المدينة",
      narrative: "سقطت قذائف على السوق صباحًا.\n\nأصيب ١٤ شخصًا.",
      version: 2,
    });
    expect(text.ok).toBe(true);
    const staleText = await incidentService.saveOriginalText(ideps(), owner, id, { title: "عنوان", narrative: "", version: 2 });
    expect(staleText.ok ? null : staleText.error).toEqual({ type: "edit-conflict", currentVersion: 3 });

    const revisions = await incidentRevisions(h.deps, id);
    expect(revisions.map((r) => [r.revision, r.changes])).toEqual([
      [1, ["type", "date", "place", "coordinates", "casualties", "actors", "title", "narrative"]],
      [2, ["casualties"]],
      [3, ["title", "narrative"]],
    ]);
    // The text is kept as its hash only: a correction really removes what it took out.
    expect(revisions[2]?.snapshot.title_sha256).toBe(sha256Hex("قصف سوق المدينة"));
    expect(JSON.stringify(revisions)).not.toContain("قصف السوق");
    expect(revisions.every((r) => r.changedBy === owner.handle)).toBe(true);

    // Re-grading on the current revision clears the warning.
    const regraded = await incidentService.grade(ideps(), editor, id, { grade: "fair", rationale: "Hospital records now agree.", version: 3 });
    expect(regraded.ok).toBe(true);
    page = await getIncident(h.deps, id, "en");
    expect([page?.gradedRevision, page?.gradeOutdated]).toEqual([3, false]);
  });

  it("shows the history and the warning on the page, without the recorder's handle or withheld coordinates", async () => {
    const { owner, id } = await recorded();
    const editor = await h.make.user({ role: "editor" });
    await incidentService.grade(ideps(), editor, id, { grade: "weak", rationale: "One eyewitness account so far." });
    await incidentService.update(ideps(), owner, id, { ...factsOf({ latitude: 36.3, longitude: 37.2 }), version: 1 } as never);
    const html = await (await h.client().get(`/en/incidents/${id}`)).text();
    expect(html).toContain('id="grade-outdated"');
    expect(html).toContain("graded on revision 1, now revision 2; changed: coordinates");
    expect(html).toContain('id="revision-2"');
    expect(html).not.toContain(owner.handle);
    for (const secret of ["36.2021", "37.1343", "36.3", "37.2"]) {
      expect(html).not.toContain(secret);
    }
    // The recorder sees who saved each revision, and the form to correct the original text.
    const recorder = await h.signInAs(owner.handle);
    const own = await (await recorder.get(`/en/incidents/${id}`)).text();
    expect(own).toContain(owner.handle);
    expect(own).toContain('id="original-text-form"');
    expect(own).toContain('name="version" value="2"');
    // A stale correction over HTTP is a conflict.
    expect((await recorder.post(`/en/incidents/${id}/texts`, { title: "قصف", narrative: "", version: "1" })).status).toBe(409);
  });

  it("keeps a first revision for incidents saved before revisions were kept", async () => {
    const { id } = await recorded();
    // As before the migration: no kept revision, and the text never segmented.
    await h.deps.db.deleteFrom("incident_revisions").where("incident_id", "=", id).execute();
    await h.deps.db.deleteFrom("translation_targets").where("statement_id", "=", id).execute();
    await h.deps.db.deleteFrom("revision_segments").where("statement_id", "=", id).execute();
    expect(await keepMissingIncidentRevisions(h.deps)).toBe(1);
    expect(await keepMissingIncidentRevisions(h.deps)).toBe(0);
    expect((await incidentRevisions(h.deps, id)).map((r) => r.revision)).toEqual([1]);
    // … and its text went to the translation workflow, with the default target languages.
    expect((await workspaceSegments(h.deps, id, 1, "en")).map((s) => s.source)).toEqual(["قصف السوق", "سقطت قذائف على السوق صباحًا.", "أصيب ١٢ شخصًا."]);
  });
});

describe("incident texts in the translation workflow", () => {
  it("queues the title and narrative, publishes the reviewed translation, and shows the corrected original until the correction is translated", async () => {
    const { owner, id } = await recorded();
    // A translator working Arabic → English finds the incident in the queue.
    const translator = await h.signedIn("translator");
    expect((await translator.client.post("/en/translate/pairs", { source_0: "ar", target_0: "en" })).status).toBe(303);
    const queue = await translationQueue(h.deps, [{ source: "ar", target: "en" }], new Date().toISOString());
    const item = queue.find((q) => q.statementId === id);
    expect(item?.document).toBe("incident");
    const queuePage = await (await translator.client.get("/en/translate")).text();
    expect(queuePage).toContain(`/en/translate/${id}/en`);
    expect(queuePage).toContain("Incident");

    // The workspace shows the sentences; the TM and QA work as for statements.
    const ws = await translator.client.get(`/en/translate/${id}/en`);
    expect(ws.status).toBe(200);
    const wsHtml = await ws.text();
    expect(wsHtml).toContain("سقطت قذائف على السوق صباحًا.");
    expect(wsHtml).toContain(`/en/incidents/${id}`);
    const segments = await workspaceSegments(h.deps, id, 1, "en");
    expect(segments.map((s) => s.source)).toEqual(["قصف السوق", "سقطت قذائف على السوق صباحًا.", "أصيب ١٢ شخصًا."]);
    // QA blocks approving a translation that lost the number.
    const numberless = segments[2];
    if (!numberless) {
      throw new Error("no segment");
    }
    const saved = await translator.client.post(`/en/translate/${id}/en/segments/${numberless.id}`, {
      text: "Some people were injured.",
      version: "0",
      status: "translated",
    });
    expect(saved.status).toBe(303);
    const reviewer = await h.signedIn("reviewer");
    await reviewer.client.get(`/en/translate/${id}/en`);
    const blocked = await reviewer.client.post(`/en/translate/${id}/en/segments/${numberless.id}/review`, { version: "1", decision: "approve", comment: "" });
    expect(blocked.status).toBe(422);

    await translateIncidentTitle(h, id, "en", "Shelling of the market", (s) =>
      s.includes("١٢") ? "12 people were injured." : "Shells fell on the market in the morning.",
    );
    const en = await (await h.client().get(`/en/incidents/${id}`)).text();
    expect(en).toContain('<h1 lang="en" dir="ltr">Shelling of the market</h1>');
    expect(en).toContain("<p>Shells fell on the market in the morning.</p><p>12 people were injured.</p>");
    expect(en).toContain('id="translation-credit"');
    // Lists in English use the translation too; the approved pairs are in the memory.
    expect(await (await h.client().get("/en/incidents")).text()).toContain("Shelling of the market");
    const tm = await h.deps.db.selectFrom("tm_units").select(["target", "context", "statement_id"]).where("context", "=", id).execute();
    expect(tm.map((u) => u.target).sort()).toEqual(["12 people were injured.", "Shelling of the market", "Shells fell on the market in the morning."]);
    expect(tm.every((u) => u.statement_id === null)).toBe(true);
    // Incident translations are not statements: nothing signed or federated for them.
    expect(await h.deps.db.selectFrom("translation_publications").select("statement_id").where("statement_id", "=", id).execute()).toEqual([]);

    // A correction of the original: the unchanged title carries over. Until the changed sentence
    // is translated, readers get the corrected original, not the translation of the old text
    // (a correction may take a dangerous detail out); the API leaves it out too.
    const corrected = await incidentService.saveOriginalText(ideps(), owner, id, {
      title: "قصف السوق",
      narrative: "سقطت قذائف على السوق صباحًا.\n\nأصيب ١٤ شخصًا.",
      version: 1,
    });
    expect(corrected.ok).toBe(true);
    const after = await (await h.client().get(`/en/incidents/${id}`)).text();
    expect(after).toContain('id="translation-updating"');
    expect(after).toContain("أصيب ١٤ شخصًا.");
    expect(after).not.toContain("12 people were injured.");
    const api = (await (await h.client().get(`/api/v1/incidents/${id}`)).json()) as { texts: Array<{ lang: string }> };
    expect(api.texts.map((t) => t.lang)).toEqual(["ar"]);
    const carried = await workspaceSegments(h.deps, id, 2, "en");
    expect(carried.filter((s) => s.status === "approved").map((s) => s.approvedText)).toEqual([
      "Shelling of the market",
      "Shells fell on the market in the morning.",
    ]);
    await translateIncidentTitle(h, id, "en", "Shelling of the market", () => "14 people were injured.");
    const fresh = await (await h.client().get(`/en/incidents/${id}`)).text();
    expect(fresh).toContain("14 people were injured.");
    expect(fresh).not.toContain('id="translation-updating"');

    // A language the interface does not speak is shown with ?tl=.
    await translateIncidentTitle(h, id, "fr", "Bombardement du marché", (s) =>
      s.includes("١٤") ? "14 personnes ont été blessées." : "Des obus sont tombés sur le marché le matin.",
    );
    const fr = await (await h.client().get(`/en/incidents/${id}?tl=fr`)).text();
    expect(fr).toContain("Bombardement du marché");
  });
});
