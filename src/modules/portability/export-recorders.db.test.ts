import { beforeAll, describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { incidentService } from "../incidents/incident.service";
import { incidentInput } from "../incidents/incidents.testkit";
import { tinyPdf } from "../media/media.fixtures";
import { storeMedia } from "../media/media.service";

// Documenters may be at risk: the public sees the documenting group of an incident, never the
// handle of who recorded it, corrected it, added a source, uploaded evidence or attached a file
// (docs/incidents.md). The open data export is public (GET /api/v1/export, no token): it must
// not name them either, in any record.
const h = useHarness();
let recorder = "";
let incidentId = "";
let body = "";

function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) {
    throw new Error(JSON.stringify(r.error));
  }
  return r.value;
}

beforeAll(async () => {
  const owner = await h.make.user();
  const group = await h.make.vouchedGroup(owner);
  const member = await h.make.user({ handle: "quiet-documenter" });
  recorder = member.handle;
  await h.deps.db
    .insertInto("group_members")
    .values({
      group_id: group.id,
      user_id: member.id,
      role: "publisher",
      invited_by: owner.id,
      invited_at: "2026-01-01T00:00:00.000Z",
      accepted_at: "2026-01-01T00:00:00.000Z",
    })
    .execute();
  const deps = { ...h.deps, dataDir: h.deps.config.dataDir };
  incidentId = ok(
    await incidentService.create(deps, member, incidentInput({ group: group.slug, title: "Shelling near the school", narrative: "Two shells hit the yard." })),
  ).id;
  const statement = await h.make.statement(owner, group.slug);
  ok(
    await incidentService.addSource(
      deps,
      member,
      incidentId,
      {
        kind: "url",
        sourceType: "media_report",
        independence: "independent",
        url: "https://example.org/r",
        description: "",
        capturedAt: null,
        deviceNotes: null,
        statementId: null,
      },
      { archive: tinyPdf() },
    ),
  );
  ok(
    await incidentService.addSource(deps, member, incidentId, {
      kind: "statement",
      sourceType: "local_group",
      independence: "independent",
      statementId: statement.statementId,
      url: null,
      description: "",
      capturedAt: null,
      deviceNotes: null,
    }),
  );
  const { version } = await h.deps.db.selectFrom("incidents").select("version").where("id", "=", incidentId).executeTakeFirstOrThrow();
  ok(
    await incidentService.saveOriginalText(deps, member, incidentId, {
      title: "Shelling near the school",
      narrative: "Two shells hit the yard at noon.",
      version,
    }),
  );
  ok(await storeMedia(h.deps, member, { owner: { kind: "incident", id: incidentId }, bytes: tinyPdf(), filename: "report.pdf", alt: "" }));
  const res = await h.app.request("http://sada.test/api/v1/export");
  expect(res.status).toBe(200);
  body = await res.text();
});

describe("the public export and the recorder of an incident", () => {
  it("carries the incident, its sources, revisions and translation targets", () => {
    const types = new Set(
      body
        .trimEnd()
        .split("\n")
        .map((l) => (JSON.parse(l) as { type: string }).type),
    );
    for (const t of ["incident", "incident_text", "incident_source", "incident_revision", "evidence_file", "media", "translation_target"]) {
      expect(types, t).toContain(t);
    }
    expect(body).toContain(incidentId);
  });

  it("never names the group member who recorded and corrected it", () => {
    expect(
      body
        .split("\n")
        .filter((l) => l.includes(recorder))
        .map((l) => (JSON.parse(l) as { type: string }).type),
    ).toEqual([]);
  });
});
