import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { incidentService } from "./incident.service";
import { incidentInput, translateIncidentTitle } from "./incidents.testkit";

// An incident's id now names a document in the translation tables. Paths that only know
// statements must treat an incident's id as what it is there: no such statement.
const h = useHarness();

async function translatedIncident() {
  const owner = await h.make.user();
  const g = await h.make.vouchedGroup(owner);
  const r = await incidentService.create(
    { ...h.deps, dataDir: h.deps.config.dataDir },
    owner,
    incidentInput({ group: g.slug, lang: "ar", title: "قصف السوق", narrative: "سقطت قذائف على السوق صباحًا." }),
  );
  if (!r.ok) {
    throw new Error(r.error.type);
  }
  return { owner, id: r.value.id };
}

const countOf = async (table: "log_entries" | "ap_outbox" | "translation_publications") =>
  Number(
    (
      await h.deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("statement-only paths given an incident's id", () => {
  it("sign, log and federate nothing when an incident's translation is published", async () => {
    const { id } = await translatedIncident();
    const before = await Promise.all([countOf("log_entries"), countOf("ap_outbox"), countOf("translation_publications")]);
    await translateIncidentTitle(h, id, "en", "Shelling of the market", () => "Shells fell on the market in the morning.");
    const published = await h.deps.db
      .selectFrom("translation_targets")
      .select("published_revision")
      .where("statement_id", "=", id)
      .where("lang", "=", "en")
      .executeTakeFirst();
    expect(published?.published_revision).toBe(1);
    expect(await Promise.all([countOf("log_entries"), countOf("ap_outbox"), countOf("translation_publications")])).toEqual(before);
  });

  it("answer not found for the signed statement, the statement page and the reader view", async () => {
    const { id } = await translatedIncident();
    await translateIncidentTitle(h, id, "en", "Shelling of the market", () => "Shells fell on the market in the morning.");
    expect((await h.client().get(`/api/v1/statements/${id}/signed`)).status).toBe(404);
    expect((await h.client().get(`/api/v1/statements/${id}`)).status).toBe(404);
    expect((await h.client().get(`/en/statements/${id}`)).status).toBe(404);
    expect((await h.client().get(`/en/statements/${id}?tl=en`)).status).toBe(404);
  });

  it("refuse a target language added through a statement's form", async () => {
    const { owner, id } = await translatedIncident();
    const client = await h.signInAs(owner.handle);
    await client.get(`/en/incidents/${id}`);
    const res = await client.post(`/en/statements/${id}/targets`, { lang: "fa" });
    expect(res.status).toBe(404);
    // An editor too: the form adds languages to statements only.
    const editor = await h.make.user({ role: "editor" });
    const editorClient = await h.signInAs(editor.handle);
    await editorClient.get(`/en/incidents/${id}`);
    expect((await editorClient.post(`/en/statements/${id}/targets`, { lang: "fa" })).status).toBe(404);
    expect(
      await h.deps.db.selectFrom("translation_targets").select("lang").where("statement_id", "=", id).where("lang", "=", "fa").executeTakeFirst(),
    ).toBeUndefined();
  });
});
