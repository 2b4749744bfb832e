import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { runIncidentsCommand } from "../../main/cli-incidents";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { ok: (s: string) => out.push(s), fail: (s: string) => err.push(s) } };
}

describe("sada incidents import|export", () => {
  const h = useHarness();

  it("imports nothing when a row is bad, lists every bad line, and imports good rows with --skip-bad", async () => {
    const editor = await h.make.user({ role: "editor" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-incidents-cli-"));
    const file = path.join(dir, "incidents.csv");
    fs.writeFileSync(
      file,
      [
        "type,date_precision,date_start,place_code,injured_min,injured_max,lang,title,narrative",
        'shelling,day,2026-04-01,SY-DR-daraa,4,6,ar,قصف حي سكني,"سقطت قذائف على الحي.\nأصيب أربعة."',
        "shelling,day,2026-04-31,SY-DR-daraa,,,ar,تاريخ خاطئ,",
        "flood,day,2026-04-02,SY-DR-daraa,,,ar,نوع خاطئ,",
      ].join("\r\n"),
    );
    const count = async () => (await h.deps.db.selectFrom("incidents").select("id").execute()).length;
    const before = await count();

    const refused = capture();
    expect(await runIncidentsCommand(["import", file, "--handle", editor.handle], h.deps.config, refused.io)).toBe(1);
    expect(refused.err).toContain("line 4 (date_start): Enter the date as YYYY-MM-DD (day or range), YYYY-MM (month) or YYYY-MM-DDTHH:MM (exact).");
    expect(refused.err).toContain("line 5 (type): Choose the type of incident.");
    expect(await count()).toBe(before);

    const skipped = capture();
    expect(await runIncidentsCommand(["import", file, "--handle", editor.handle, "--skip-bad"], h.deps.config, skipped.io)).toBe(0);
    expect(skipped.out).toEqual(["1 incident(s) imported, 2 bad row(s) skipped."]);
    expect(await count()).toBe(before + 1);

    const exported = path.join(dir, "out.csv");
    const ex = capture();
    expect(await runIncidentsCommand(["export", "--out", exported, "--place", "SY-DR"], h.deps.config, ex.io)).toBe(0);
    const csv = fs.readFileSync(exported, "utf8");
    expect(csv.startsWith("\uFEFFid,type,date_precision")).toBe(true);
    expect(csv).toContain(",injured_min,injured_max,");
    expect(csv).toContain("قصف حي سكني");

    const json = path.join(dir, "out.json");
    expect(await runIncidentsCommand(["export", "--format", "json", "--out", json], h.deps.config, capture().io)).toBe(0);
    const doc = JSON.parse(fs.readFileSync(json, "utf8")) as { schema: string; incidents: Array<{ texts: Array<{ narrative: string }> }> };
    expect(doc.schema).toBe("sada.incident/1");
    expect(doc.incidents.flatMap((i) => i.texts.map((t) => t.narrative))).toContain("سقطت قذائف على الحي.\nأصيب أربعة.");

    expect(await runIncidentsCommand(["import", file], h.deps.config, capture().io)).toBe(2);
    expect(await runIncidentsCommand(["import", file, "--handle", "nobody-here"], h.deps.config, capture().io)).toBe(2);
  });

  it("describes the endpoints in the OpenAPI document", async () => {
    const doc = (await (await h.client().get("/api/v1/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/incidents", "/incidents.json", "/incidents/{id}", "/incidents/{id}/grades", "/incidents/{id}/sources"]),
    );
  });
});
