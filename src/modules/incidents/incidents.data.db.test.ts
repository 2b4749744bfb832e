// Incidents as data: CSV import (all or nothing, bad rows reported by line) and the JSON API
// with filters and bearer-token writes.
import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { accountService } from "../accounts/account.service";
import { postMultipart } from "./incidents.testkit";
import { importIncidentsCsv } from "./incident.import";

describe("incidents as data: CSV import and the API", () => {
  const h = useHarness();

  it("imports a CSV all or nothing, reporting bad rows by line, or skips them when asked", async () => {
    const editor = await h.make.user({ role: "editor" });
    const client = await h.signInAs(editor.handle);
    await client.get("/en/incidents/actors");
    expect((await client.post("/en/incidents/actors", { name: "Unidentified aircraft" })).status).toBe(303);
    const csv = [
      "type,date_precision,date_start,place_code,killed_min,killed_max,actors,lang,title",
      "air_strike,day,2026-01-05,SY-HL-bab,2,2,Unidentified aircraft,ar,غارة على الباب",
      "air_strike,day,2026-01-06,SY-HL-bab,,,Nobody we know,ar,غارة ثانية",
      "siege,month,2026-01,SY-RD-douma,,,,en,",
      "shelling,day,2026-01-07,SY-DR,,,,en,Shelling of Daraa",
    ].join("\n");
    const before = await h.deps.db.selectFrom("incidents").select("id").execute();
    const upload = (skipBad: boolean) =>
      postMultipart(h, client, "/en/incidents/import", skipBad ? { skipBad: "1" } : {}, {
        csv: { bytes: new TextEncoder().encode(csv), name: "i.csv", type: "text/csv" },
      });
    const refused = await upload(false);
    expect(refused.status).toBe(422);
    const report = await refused.text();
    expect(report).toContain("Line 3, actors: Choose alleged actors from the list that editors maintain.");
    expect(report).toContain("Line 4, title: Enter a title");
    expect((await h.deps.db.selectFrom("incidents").select("id").execute()).length).toBe(before.length);

    const partial = await upload(true);
    expect(partial.status).toBe(200);
    expect(await partial.text()).toContain("2 incidents imported, 2 bad rows skipped.");
    const api = (await (await h.client().get("/api/v1/incidents?place=SY-HL&type=air_strike")).json()) as {
      incidents: Array<{ title: { text: string }; actors: string[] }>;
    };
    expect(api.incidents.map((i) => [i.title.text, i.actors])).toEqual([["غارة على الباب", ["Unidentified aircraft"]]]);
  });

  const tokenFor = async (handle: string) => {
    const r = await accountService.createApiToken(h.deps, handle, "test");
    if (!r.ok) {
      throw new Error(r.error.type);
    }
    return r.value.token;
  };

  it("serves the API with filters and bearer-token writes", async () => {
    const editor = await h.make.user({ role: "editor" });
    const token = await tokenFor(editor.handle);
    const client = h.client({ authorization: `Bearer ${token}` });
    const created = await client.json("POST", "/api/v1/incidents", {
      type: "detention",
      datePrecision: "range",
      dateStart: "2025-12-01",
      dateEnd: "2025-12-03",
      placeCode: "SY-HM",
      lang: "en",
      title: "Detention of aid workers",
      casualties: [],
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const bad = await client.json("POST", "/api/v1/incidents", {
      type: "detention",
      datePrecision: "range",
      dateStart: "2025-12-05",
      dateEnd: "2025-12-01",
      placeCode: "SY-HM",
      lang: "en",
      title: "x",
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("ERR_VALIDATION");
    const grade = await client.json("POST", `/api/v1/incidents/${id}/grades`, { grade: "discounted", rationale: "Released the same day; not a detention." });
    expect(grade.status).toBe(201);
    // A grade given through the API is in the transparency log like any other.
    await h.deps.provenance.flush();
    const logged = await h.deps.db.selectFrom("log_entries").select("entry").where("subject", "=", `incident:${id}`).execute();
    expect(logged.map((e) => (JSON.parse(e.entry) as { grade: string }).grade)).toEqual(["discounted"]);
    const list = (await (await h.client().get("/api/v1/incidents?grade=discounted&from=2025-12-02&to=2025-12-31")).json()) as {
      total: number;
      incidents: Array<{ id: string; date: unknown }>;
    };
    expect(list.incidents.map((i) => i.id)).toContain(id);
    expect(list.incidents.find((i) => i.id === id)?.date).toEqual({ precision: "range", start: "2025-12-01", end: "2025-12-03" });
    const none = (await (await h.client().get("/api/v1/incidents?grade=discounted&to=2025-11-30")).json()) as { incidents: Array<{ id: string }> };
    expect(none.incidents.map((i) => i.id)).not.toContain(id);
    const reader = await h.make.user();
    const readerToken = await tokenFor(reader.handle);
    const forbidden = await h
      .client({ authorization: `Bearer ${readerToken}` })
      .json("POST", `/api/v1/incidents/${id}/grades`, { grade: "fair", rationale: "I think so, really." });
    expect(forbidden.status).toBe(403);
    const exported = (await (await h.client().get("/api/v1/incidents.json?type=detention")).json()) as {
      schema: string;
      incidents: Array<{ id: string; grade_history: unknown[] }>;
    };
    expect(exported.schema).toBe("sada.incident/1");
    expect(exported.incidents.find((i) => i.id === id)?.grade_history).toHaveLength(1);
  });

  it("streams the JSON export page by page: every incident once, valid JSON, and an empty list when nothing matches", async () => {
    const editor = await h.make.user({ role: "editor" });
    const rows = ["type,date_precision,date_start,place_code,lang,title,narrative"];
    for (let i = 0; i < 205; i++) {
      rows.push(`displacement,day,2026-05-01,SY-DR-daraa,en,Families leave block ${i},`);
    }
    const report = await importIncidentsCsv({ ...h.deps, dataDir: h.deps.config.dataDir }, editor, rows.join("\r\n"), { skipBad: false });
    expect(report.imported).toBe(205);
    const res = await h.client().get("/api/v1/incidents.json?type=displacement");
    expect(res.headers.get("content-type")).toContain("application/json");
    const all = (await res.json()) as { schema: string; incidents: Array<{ id: string }> };
    expect(all.schema).toBe("sada.incident/1");
    expect(new Set(all.incidents.map((i) => i.id)).size).toBe(205);
    const none = (await (await h.client().get("/api/v1/incidents.json?type=displacement&from=2030-01-01")).json()) as { incidents: unknown[] };
    expect(none.incidents).toEqual([]);
  });
});
