// Incidents and media for the portability tests, written through the real services where they
// exist: an incident with withheld coordinates, three sources (a cited statement, a web page
// with an archived PDF of more than 1 MiB, an evidence photo), two grades and a revision, one
// with public coordinates and an attached photo, a PDF attached to a statement, and an
// incident translated through the translation tables (rows written directly).
import type { AppDeps } from "../../main/deps";
import type { Viewer } from "../accounts/account.model";
import type { factories } from "../../../test/factories";
import { incidentService } from "../incidents/incident.service";
import { incidentInput } from "../incidents/incidents.testkit";
import { phonePhoto, tinyPdf } from "../media/media.fixtures";
import { storeMedia } from "../media/media.service";

/** Coordinates the recorder withheld: they must appear nowhere in an export. */
export const WITHHELD = { latitude: 36.20217, longitude: 37.13439, precisionM: 750 };
export const PUBLIC_COORDS = { latitude: 35.9306, longitude: 36.6339, precisionM: 200 };
export const WITHHELD_TITLE = "Strike on the bakery queue";
export const PUBLIC_TITLE = "Shelling of the water station";

function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) {
    throw new Error(JSON.stringify(r.error));
  }
  return r.value;
}

/** A PDF of a little more than `bytes` bytes (a comment pads it), so its export takes several chunks. */
export function largePdf(bytes: number): Buffer {
  const pdf = tinyPdf();
  const pad = Buffer.alloc(bytes, "x");
  pad.write("\n%", 0, "latin1");
  return Buffer.concat([pdf, pad, Buffer.from("\n", "latin1")]);
}

export interface SeededIncidents {
  withheld: string;
  open: string;
  archiveSha256: string;
  photoSha256: string;
}

export async function seedIncidentsAndMedia(
  deps: AppDeps,
  make: ReturnType<typeof factories>,
  owner: Viewer,
  groupSlug: string,
  statementId: string,
): Promise<SeededIncidents> {
  const ideps = { ...deps, dataDir: deps.config.dataDir };
  const editor = await make.user({ role: "editor" });
  const actor = "Unknown armed group";
  ok(await incidentService.addActor(ideps, editor, actor));
  const withheld = ok(
    await incidentService.create(
      ideps,
      editor,
      incidentInput({
        title: WITHHELD_TITLE,
        narrative: "People queuing for bread were hit at 07:10.",
        ...WITHHELD,
        coordsPublic: false,
        casualties: [
          { category: "killed", subgroup: "total", min: 3, max: 5 },
          { category: "injured", subgroup: "children", min: 2, max: 2 },
        ],
        actors: [actor],
      }),
    ),
  ).id;
  const source = { description: "", capturedAt: null, deviceNotes: null, statementId: null, url: null } as const;
  ok(
    await incidentService.addSource(ideps, editor, withheld, {
      ...source,
      kind: "statement",
      sourceType: "local_group",
      independence: "independent",
      statementId,
    }),
  );
  const archive = largePdf(1024 * 1024 + 300_000);
  ok(
    await incidentService.addSource(
      ideps,
      editor,
      withheld,
      { ...source, kind: "url", sourceType: "media_report", independence: "independent", url: "https://example.org/report" },
      { archive },
    ),
  );
  const photo = await phonePhoto({ width: 320, height: 240 });
  ok(
    await incidentService.addSource(
      ideps,
      editor,
      withheld,
      { ...source, kind: "media", sourceType: "eyewitness", independence: "independent", capturedAt: "2026-02-02T07:15:00Z", deviceNotes: "phone" },
      { media: photo },
    ),
  );
  ok(await incidentService.grade(ideps, editor, withheld, { grade: "weak", rationale: "One eyewitness photo so far." }));
  ok(await incidentService.grade(ideps, editor, withheld, { grade: "fair", rationale: "A local group and a newspaper agree." }));

  const open = ok(
    await incidentService.create(
      ideps,
      editor,
      incidentInput({
        title: PUBLIC_TITLE,
        type: "shelling",
        dateStart: "2026-03-01",
        placeCode: "SY-ID",
        ...PUBLIC_COORDS,
        coordsPublic: true,
        group: groupSlug,
      }),
    ),
  ).id;
  ok(
    await storeMedia(deps, editor, {
      owner: { kind: "incident", id: open },
      bytes: await phonePhoto({ width: 200, height: 150 }),
      filename: "x.jpg",
      alt: "The station",
    }),
  );
  ok(await storeMedia(deps, owner, { owner: { kind: "statement", id: statementId }, bytes: tinyPdf(), filename: "report.pdf", alt: "" }));

  // Revisions, when the incidents module does not keep them yet; the grade records its revision.
  const now = "2026-02-02T08:00:00.000Z";
  for (const [id, coords, open_] of [
    [withheld, WITHHELD, 0],
    [open, PUBLIC_COORDS, 1],
  ] as const) {
    const kept = await deps.db.selectFrom("incident_revisions").select("revision").where("incident_id", "=", id).executeTakeFirst();
    if (!kept) {
      const snapshot = `{"coords_public":${open_},"latitude":"${coords.latitude}","longitude":"${coords.longitude}","precision_m":${coords.precisionM},"title":"v1"}`;
      await deps.db.insertInto("incident_revisions").values({ incident_id: id, revision: 1, snapshot, changed_by: editor.id, created_at: now }).execute();
    }
  }
  await deps.db.updateTable("incident_grades").set({ revision: 1 }).where("incident_id", "=", withheld).where("revision", "is", null).execute();

  // The withheld incident's title, translated into Arabic (the translation tables name incidents too).
  const translator = await make.user({ role: "translator" });
  const segment = `seg${withheld}`.slice(0, 40);
  const kept = await deps.db.selectFrom("translation_targets").select("lang").where("statement_id", "=", withheld).executeTakeFirst();
  if (!kept) {
    await deps.db
      .insertInto("translation_targets")
      .values({
        statement_id: withheld,
        lang: "ar",
        added_by: editor.id,
        created_at: now,
        claimed_by: null,
        claim_expires_at: null,
        published_revision: null,
        published_at: null,
      })
      .execute();
    await deps.db
      .insertInto("segments")
      .values({ id: segment, statement_id: withheld, lang: "en", source: WITHHELD_TITLE, markup: "[]", created_at: now })
      .execute();
    await deps.db
      .insertInto("revision_segments")
      .values({ statement_id: withheld, revision: 1, position: 0, segment_id: segment, block: 0, block_kind: "title" })
      .execute();
    await deps.db
      .insertInto("segment_translations")
      .values({
        segment_id: segment,
        lang: "ar",
        text: "قصف طابور الخبز",
        status: "approved",
        approved_text: "قصف طابور الخبز",
        version: 1,
        machine: 0,
        translator_id: translator.id,
        reviewer_id: editor.id,
        comment: null,
        updated_at: now,
      })
      .execute();
  }

  const sources = await deps.db.selectFrom("incident_sources").select(["archive_sha256", "media_sha256"]).where("incident_id", "=", withheld).execute();
  const archiveSha256 = sources.find((s) => s.archive_sha256)?.archive_sha256 ?? "";
  const photoSha256 = sources.find((s) => s.media_sha256)?.media_sha256 ?? "";
  return { withheld, open, archiveSha256, photoSha256 };
}
