import http from "node:http";
import { incidentInput, postMultipart, translateIncidentTitle } from "./incidents.testkit";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { sha256Hex } from "../../platform/hash";
import { incidentService } from "./incident.service";
import { groupService } from "../groups";
import { recordEntry } from "../provenance/verify/log-records";
import exifr from "exifr";
import { GPS, metadataMarkersIn, phonePhoto } from "../media/media.fixtures";

const JPEG = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
]);
const ARTICLE = "<html><body><h1>Field hospital hit in Idlib</h1><p>Three sources confirm.</p></body></html>";

const incidentForm = (overrides: Record<string, string | string[]> = {}) => ({
  group: "",
  type: "attack_on_medical",
  datePrecision: "exact",
  dateStart: "2026-03-14T05:40",
  dateEnd: "",
  placeCode: "SY-ID-idlib",
  latitude: "35.9306",
  longitude: "36.6339",
  precisionM: "500",
  killed_total_min: "3",
  killed_total_max: "5",
  killed_civilians_min: "3",
  killed_civilians_max: "5",
  injured_total_min: "12",
  injured_total_max: "12",
  lang: "ar",
  title: "قصف المشفى الميداني في إدلب",
  narrative: "استهدفت غارة المشفى الميداني فجرًا.\n\nخرج المشفى عن الخدمة.",
  ...overrides,
});

describe("incidents: record, source, grade, publish, map, CSV", () => {
  const h = useHarness();
  let archiveServer: http.Server;
  let archiveUrl = "";
  /** A phone photo with GPS in its EXIF, as a documenter would upload it. */
  let photo = new Uint8Array(new ArrayBuffer(0));
  beforeAll(async () => {
    const bytes = await phonePhoto();
    photo = new Uint8Array(new ArrayBuffer(bytes.length));
    photo.set(bytes);
    archiveServer = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(ARTICLE);
    });
    await new Promise<void>((resolve) => archiveServer.listen(0, "127.0.0.1", resolve));
    archiveUrl = `http://127.0.0.1:${(archiveServer.address() as AddressInfo).port}/news/hospital`;
  });
  afterAll(async () => {
    await new Promise((resolve) => (archiveServer ? archiveServer.close(resolve) : resolve(undefined)));
  });

  it("walks the field-hospital scenario: three sources, a fair grade, public page, map and CSV", async () => {
    // A local council that publishes a statement, and a documenting group with its member.
    const councilOwner = await h.make.user();
    const council = await h.make.vouchedGroup(councilOwner, { kind: "local_council" });
    const statement = await h.make.statement(councilOwner, council.slug, {
      title: "بيان المجلس المحلي حول قصف المشفى",
      body: "قُصف المشفى الميداني فجر اليوم.",
    });
    const { client: documenter, user: doc } = await h.signedIn("reader");
    const docs = await h.make.vouchedGroup(doc, { kind: "human_rights" });

    // Record the incident through the form.
    let res = await documenter.get("/en/incidents/new");
    expect(res.status).toBe(200);
    res = await documenter.post("/en/incidents/new", incidentForm({ group: docs.slug }));
    expect(res.status).toBe(303);
    const id = /\/en\/incidents\/([0-9a-z]+)\?done=recorded/.exec(res.headers.get("location") ?? "")?.[1] ?? "";
    expect(id).not.toBe("");

    // Source 1: the council's statement on Sada.
    await documenter.get(`/en/incidents/${id}`);
    res = await postMultipart(h, documenter, `/en/incidents/${id}/sources`, {
      kind: "statement",
      sourceType: "local_group",
      independence: "independent",
      statementId: statement.statementId,
    });
    expect(res.status).toBe(303);
    // Source 2: a news page, archived now (the admin allows the loopback test server).
    res = await postMultipart(h, documenter, `/en/incidents/${id}/sources`, {
      kind: "url",
      sourceType: "media_report",
      independence: "independent",
      url: archiveUrl,
    });
    expect(res.status).toBe(303);
    const urlSource = await h.deps.db
      .selectFrom("incident_sources")
      .select("id")
      .where("incident_id", "=", id)
      .where("kind", "=", "url")
      .executeTakeFirstOrThrow();
    res = await documenter.post(`/en/incidents/${id}/sources/${urlSource.id}/archive`, {});
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("private or internal network");
    const { client: admin } = await h.signedIn("admin");
    await admin.get("/en/incidents/settings");
    expect((await admin.post("/en/incidents/settings", { allowPrivate: "1" })).status).toBe(303);
    res = await documenter.post(`/en/incidents/${id}/sources/${urlSource.id}/archive`, {});
    expect(res.status).toBe(303);
    // Source 3: a photo, with capture time and device notes.
    res = await postMultipart(
      h,
      documenter,
      `/en/incidents/${id}/sources`,
      {
        kind: "media",
        sourceType: "eyewitness",
        independence: "independent",
        capturedAt: "2026-03-14T06:02",
        deviceNotes: "Phone camera, EXIF removed",
        description: "Damage to the ward",
      },
      { file: { bytes: photo, name: "ward.jpg", type: "image/jpeg" } },
    );
    expect(res.status).toBe(303);

    // The documenter cannot grade; an editor grades it fair with a rationale.
    expect((await documenter.post(`/en/incidents/${id}/grade`, { grade: "fair", rationale: "Three independent sources agree." })).status).toBe(403);
    const { client: editor, user: editorUser } = await h.signedIn("editor");
    await editor.get(`/en/incidents/${id}`);
    res = await editor.post(`/en/incidents/${id}/grade`, { grade: "fair", rationale: "Council statement, news report and photo agree on time and place." });
    expect(res.status).toBe(303);

    // The public page: sources with their hashes, the grade and its history, the support count.
    const page = await (await h.client().get(`/en/incidents/${id}`)).text();
    expect(page).toContain("قصف المشفى الميداني في إدلب");
    expect(page).toContain("Attack on a medical facility");
    expect(page).toContain(`/en/statements/${statement.statementId}`);
    expect(page).toContain(sha256Hex(ARTICLE));
    expect(page).toContain(sha256Hex(photo));
    expect(page).toContain("Supported by 3 independent sources.");
    expect(page).toMatch(/class="badge grade-fair">Fair</);
    expect(page).toContain("Council statement, news report and photo agree on time and place.");
    expect(page).toContain(editorUser.handle);
    expect(page).toContain("Phone camera, EXIF removed");
    // The documenter's handle is not shown to the public (the group is); the editor who graded is.
    expect(page).not.toContain(doc.handle);
    // Coordinates were not made public: neither shown nor leaked.
    expect(page).toContain("exact location withheld");
    expect(page).not.toContain("35.9306");

    // The evidence downloads are attachments that browsers never render. Readers get the photo
    // re-encoded without its GPS and other metadata; editors get the original the hash is of.
    const download = await h.client().get(`/evidence/${sha256Hex(photo)}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="${sha256Hex(photo)}-without-metadata.jpg"`);
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    const publicCopy = new Uint8Array(await download.arrayBuffer());
    expect(await exifr.gps(Buffer.from(publicCopy)).catch(() => undefined)).toBeUndefined();
    expect(metadataMarkersIn(publicCopy)).toEqual([]);
    const original = await editor.get(`/evidence/${sha256Hex(photo)}`);
    expect(sha256Hex(new Uint8Array(await original.arrayBuffer()))).toBe(sha256Hex(photo));
    expect((await exifr.gps(Buffer.from(photo)))?.latitude).toBeCloseTo(GPS.latitude, 3);

    // The map shades Idlib with one incident; the CSV has the row with its grade and counts.
    const list = await (await h.client().get("/en/incidents")).text();
    expect(list).toMatch(/data-code="SY-ID" data-count="1"/);
    expect(list).toMatch(/data-code="SY-HL" data-count="0"/);
    const csv = await (await h.client().get("/en/incidents.csv")).text();
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    const header = lines[0]!.split(",");
    const row = lines.find((l) => l.startsWith(id))!.split(",");
    expect(row[header.indexOf("type")]).toBe("attack_on_medical");
    expect(row[header.indexOf("grade")]).toBe("fair");
    expect(row[header.indexOf("independent_sources")]).toBe("3");
    expect(row[header.indexOf("killed_min")]).toBe("3");
    expect(row[header.indexOf("killed_max")]).toBe("5");
    expect(row[header.indexOf("latitude")]).toBe("");
    expect(row[header.indexOf("governorate")]).toBe("SY-ID");

    // Links: the statement is listed as mentioning the incident, and the other way round.
    const forStatement = await (await h.client().get(`/en/incidents/for-statement/${statement.statementId}`)).text();
    expect(forStatement).toContain(`/en/incidents/${id}`);
    expect(page).toContain("Statements that mention this incident");
    const groupIncidents = await (await h.client().get(`/en/incidents?group=${docs.slug}`)).text();
    expect(groupIncidents).toContain(`/en/incidents/${id}`);
  });

  it("takes translations from translators, links statements, and renders in every interface language", async () => {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner, { kind: "human_rights" });
    const st = await h.make.statement(owner, g.slug, { title: "بيان عن الحصار" });
    const recorder = await h.signInAs(owner.handle);
    await recorder.get("/en/incidents/new");
    const res = await recorder.post(
      "/en/incidents/new",
      incidentForm({ group: g.slug, type: "siege", datePrecision: "range", dateStart: "2026-01-01", dateEnd: "2026-02-15" }),
    );
    const id = /incidents\/([0-9a-z]+)/.exec(res.headers.get("location") ?? "")?.[1] ?? "";

    // The original text is the recorders' (readers and translators may not rewrite it); the
    // English title comes through the translation workflow (incident-translation.db.test.ts).
    const { client: reader } = await h.signedIn("reader");
    await reader.get(`/en/incidents/${id}`);
    expect((await reader.post(`/en/incidents/${id}/texts`, { title: "Siege", narrative: "", version: "1" })).status).toBe(403);
    const { client: translator } = await h.signedIn("translator");
    await translator.get(`/en/incidents/${id}`);
    expect((await translator.post(`/en/incidents/${id}/texts`, { title: "عنوان آخر", narrative: "", version: "1" })).status).toBe(403);
    await translateIncidentTitle(h, id, "en", "Siege of the field hospital district");
    const en = await (await h.client().get(`/en/incidents/${id}`)).text();
    expect(en).toContain("Siege of the field hospital district");
    expect(en).not.toContain("Shown in العربية");
    const ru = await (await h.client().get(`/ru/incidents/${id}`)).text();
    expect(ru).toContain("قصف المشفى الميداني في إدلب");
    expect(ru).toContain("العربية");

    // The recorder links a statement that mentions the incident; an unknown id is refused.
    await recorder.get(`/en/incidents/${id}`);
    expect((await recorder.post(`/en/incidents/${id}/statements`, { statementId: "nope" })).status).toBe(422);
    expect((await recorder.post(`/en/incidents/${id}/statements`, { statementId: st.statementId })).status).toBe(303);
    expect(await (await h.client().get(`/en/incidents/${id}`)).text()).toContain("بيان عن الحصار");
    // The statement's page and the group's page list the incident itself, with a way to the rest.
    const statementPage = await (await h.client().get(`/en/statements/${st.statementId}`)).text();
    expect(statementPage).toContain(`/en/incidents/for-statement/${st.statementId}`);
    expect(statementPage).toContain(`/en/incidents/${id}"`);
    expect(statementPage).toContain("Siege of the field hospital district");
    const groupPage = await (await h.client().get(`/en/groups/${g.slug}`)).text();
    expect(groupPage).toContain(`/en/incidents?group=${g.slug}`);
    expect(groupPage).toContain("Siege of the field hospital district");

    for (const lang of ["ar", "ru"]) {
      const list = await h.client().get(`/${lang}/incidents?type=siege`);
      expect(list.status).toBe(200);
      expect(await list.text()).toContain(`/${lang}/incidents/${id}`);
      expect((await h.client().get(`/${lang}/incidents/methodology`)).status).toBe(200);
    }
    const ar = await (await h.client().get(`/ar/incidents/${id}`)).text();
    expect(ar).toContain('dir="rtl"');
    // The statement's own group can say which incident a statement is about; others cannot.
    const other = await h.make.statement(owner, g.slug, { title: "بيان ثانٍ" });
    await reader.get(`/en/incidents/for-statement/${other.statementId}`);
    expect((await reader.post(`/en/incidents/for-statement/${other.statementId}`, { incidentId: id })).status).toBe(403);
    await recorder.get(`/en/incidents/for-statement/${other.statementId}`);
    expect((await recorder.post(`/en/incidents/for-statement/${other.statementId}`, { incidentId: "missing" })).status).toBe(422);
    expect((await recorder.post(`/en/incidents/for-statement/${other.statementId}`, { incidentId: id })).status).toBe(303);
    expect(await (await h.client().get(`/en/incidents/${id}`)).text()).toContain("بيان ثانٍ");
    expect(await (await h.client().get(`/en/incidents/for-statement/${other.statementId}`)).text()).toContain(`/en/incidents/${id}`);
    // Only editors maintain the actor vocabulary.
    await reader.get("/en/incidents/actors");
    expect((await reader.post("/en/incidents/actors", { name: "Someone" })).status).toBe(403);
  });

  it("takes a suspended group's powers from its members", async () => {
    const member = await h.make.user();
    const g = await h.make.vouchedGroup(member);
    const deps = { ...h.deps, dataDir: h.deps.config.dataDir };
    const created = await incidentService.create(
      deps,
      member,
      incidentInput({
        type: "shelling",
        datePrecision: "day",
        dateStart: "2026-02-03",
        placeCode: "SY-HL",
        lang: "en",
        title: "Shelling of a bakery",
        group: g.slug,
      }),
    );
    if (!created.ok) {
      throw new Error(created.error.type);
    }
    const source = {
      kind: "url" as const,
      sourceType: "media_report" as const,
      independence: "independent" as const,
      url: "https://example.org/b",
      statementId: null,
      description: "",
      capturedAt: null,
      deviceNotes: null,
    };
    expect((await incidentService.addSource(deps, member, created.value.id, source)).ok).toBe(true);
    const admin = await h.make.user({ role: "admin" });
    expect((await groupService.setStatus(h.deps, admin, g.slug, "suspended", "impersonation")).ok).toBe(true);
    expect(await incidentService.addSource(deps, member, created.value.id, source)).toEqual({ ok: false, error: { type: "forbidden" } });
  });

  it("keeps every grade change with who, when and why, and enforces the published rules", async () => {
    const editor = await h.make.user({ role: "editor" });
    const other = await h.make.user({ role: "editor" });
    const deps = { ...h.deps, dataDir: h.deps.config.dataDir };
    const created = await incidentService.create(
      deps,
      editor,
      incidentInput({
        type: "shelling",
        datePrecision: "day",
        dateStart: "2026-02-02",
        placeCode: "SY-HL",
        lang: "en",
        title: "Shelling of a market",
        group: null,
      }),
    );
    if (!created.ok) {
      throw new Error(created.error.type);
    }
    const id = created.value.id;
    const add = (independence: "independent" | "same_origin", sourceType: "media_report" | "official_statement") =>
      incidentService.addSource(deps, editor, id, {
        kind: "url",
        sourceType,
        independence,
        url: "https://example.org/a",
        statementId: null,
        description: "",
        capturedAt: null,
        deviceNotes: null,
      });
    await add("independent", "media_report");
    await add("same_origin", "media_report");
    expect(await incidentService.grade(deps, editor, id, { grade: "fair", rationale: "Two reports say so." })).toEqual({
      ok: false,
      error: { type: "invalid", key: "error.grade_needs_sources", field: "grade" },
    });
    expect((await incidentService.grade(deps, editor, id, { grade: "weak", rationale: "One origin only so far." })).ok).toBe(true);
    await add("independent", "official_statement");
    expect((await incidentService.grade(deps, other, id, { grade: "confirmed", rationale: "The army acknowledged the strike." })).ok).toBe(true);

    const json = (await (await h.client().get(`/api/v1/incidents/${id}`)).json()) as {
      grade: string;
      grade_history: Array<{ grade: string; previous: string | null; by: string; rationale: string; at: string }>;
      independent_sources: number;
    };
    expect(json.grade).toBe("confirmed");
    expect(json.independent_sources).toBe(2);
    expect(json.grade_history.map((g) => [g.grade, g.previous, g.by, g.rationale])).toEqual([
      ["confirmed", "weak", other.handle, "The army acknowledged the strike."],
      ["weak", null, editor.handle, "One origin only so far."],
    ]);
    expect(json.grade_history.every((g) => !Number.isNaN(Date.parse(g.at)))).toBe(true);

    // Each grade change is in the public transparency log, with the rationale's hash, and a log monitor accepts it.
    await h.deps.provenance.flush();
    const logged = await h.deps.db.selectFrom("log_entries").select(["idx", "entry"]).where("subject", "=", `incident:${id}`).orderBy("idx").execute();
    expect(logged.map((e) => JSON.parse(e.entry) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        type: "incident-grade",
        incident: id,
        grade: "weak",
        previous: null,
        rationale_sha256: sha256Hex("One origin only so far."),
        v: 1,
      }),
      expect.objectContaining({
        type: "incident-grade",
        incident: id,
        grade: "confirmed",
        previous: "weak",
        rationale_sha256: sha256Hex("The army acknowledged the strike."),
      }),
    ]);
    for (const e of logged) {
      expect(recordEntry({ statements: {}, keys: {} }, Number(e.idx), e.entry)).toEqual([]);
    }

    // The hook for the transparency log runs inside the grading transaction: if it fails, no grade is kept.
    const seen: unknown[] = [];
    const hooked = { ...deps, gradeChanged: async (_tx: unknown, change: unknown) => void seen.push(change) };
    expect((await incidentService.grade(hooked, editor, id, { grade: "contested", rationale: "A second party was also accused." })).ok).toBe(true);
    expect(seen).toEqual([
      expect.objectContaining({ incidentId: id, grade: "contested", previous: "confirmed", rationaleSha256: sha256Hex("A second party was also accused.") }),
    ]);
    const failing = { ...deps, gradeChanged: async () => Promise.reject(new Error("log unavailable")) };
    await expect(incidentService.grade(failing, editor, id, { grade: "weak", rationale: "Should not be kept at all." })).rejects.toThrow("log unavailable");
    const after = await h.deps.db.selectFrom("incidents").select("grade").where("id", "=", id).executeTakeFirstOrThrow();
    expect(after.grade).toBe("contested");
  });

  it("lets only a group's members record for it, and refuses stale edits", async () => {
    const { client: outsider } = await h.signedIn("reader");
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    expect((await outsider.get("/en/incidents/new")).status).toBe(403);
    await outsider.get("/en/incidents");
    const res = await outsider.post("/en/incidents/new", incidentForm({ group: g.slug }));
    expect(res.status).toBe(403);

    const member = await h.signInAs(owner.handle);
    await member.get("/en/incidents/new");
    const bad = await member.post(
      "/en/incidents/new",
      incidentForm({ group: g.slug, dateStart: "2026-13-01T00:00", killed_total_min: "9", killed_total_max: "2" }),
    );
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Enter the date as YYYY-MM-DD");
    const ok = await member.post("/en/incidents/new", incidentForm({ group: g.slug, coordsPublic: "1" }));
    expect(ok.status).toBe(303);
    const id = /incidents\/([0-9a-z]+)/.exec(ok.headers.get("location") ?? "")?.[1] ?? "";
    // Public coordinates are shown when the recorder allows it.
    expect(await (await h.client().get(`/en/incidents/${id}`)).text()).toContain("35.9306");

    await member.get(`/en/incidents/${id}/edit`);
    const first = await member.post(`/en/incidents/${id}/edit`, incidentForm({ version: "1", type: "air_strike" }));
    expect(first.status).toBe(303);
    const stale = await member.post(`/en/incidents/${id}/edit`, incidentForm({ version: "1", type: "shelling" }));
    expect(stale.status).toBe(409);
    const row = await h.deps.db.selectFrom("incidents").select(["type", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ type: "air_strike", version: 2 });
  });

  it("accepts evidence by its bytes only and serves nothing it does not know", async () => {
    const { client: editor } = await h.signedIn("editor");
    await editor.get("/en/incidents/new");
    const res = await editor.post("/en/incidents/new", incidentForm());
    const id = /incidents\/([0-9a-z]+)/.exec(res.headers.get("location") ?? "")?.[1] ?? "";
    await editor.get(`/en/incidents/${id}`);
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    const refused = await postMultipart(
      h,
      editor,
      `/en/incidents/${id}/sources`,
      { kind: "media", sourceType: "eyewitness", independence: "independent" },
      { file: { bytes: html, name: "photo.jpg", type: "image/jpeg" } },
    );
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("This kind of file is not accepted here");
    expect(await h.deps.db.selectFrom("incident_sources").select("id").where("incident_id", "=", id).execute()).toEqual([]);
    expect((await h.client().get(`/evidence/${sha256Hex(html)}`)).status).toBe(404);
    expect((await h.client().get("/evidence/not-a-hash")).status).toBe(404);
    // The size limit is the instance's upload limit (SADA_UPLOAD_MAX_BYTES).
    const viewer = await h.make.user({ role: "editor" });
    const small = { ...h.deps, dataDir: h.deps.config.dataDir, maxEvidenceBytes: 10 };
    const media = {
      kind: "media" as const,
      sourceType: "eyewitness" as const,
      independence: "independent" as const,
      statementId: null,
      url: null,
      description: "",
      capturedAt: null,
      deviceNotes: null,
    };
    expect(await incidentService.addSource(small, viewer, id, media, { media: JPEG })).toEqual({
      ok: false,
      error: { type: "invalid", key: "error.evidence_too_large", field: "file" },
    });
  });
});
