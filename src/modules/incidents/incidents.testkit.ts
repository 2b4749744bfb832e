// Test helpers for incidents: a complete creation command with sensible defaults, and multipart posts.
import type { TestClient } from "../../../test/client";
import type { Harness } from "../../../test/harness";
import type { CreateIncidentCommand } from "./incident.commands";
import { translationService, workspaceSegments } from "../translation";

/** A shelling in Aleppo on a given day, recorded in English, for no group unless `group` is given. */
export function incidentInput(overrides: Partial<CreateIncidentCommand> = {}): CreateIncidentCommand {
  return {
    type: "shelling",
    datePrecision: "day",
    dateStart: "2026-02-02",
    dateEnd: null,
    placeCode: "SY-HL",
    latitude: null,
    longitude: null,
    precisionM: null,
    coordsPublic: false,
    casualties: [],
    actors: [],
    lang: "en",
    title: "Shelling of a market",
    narrative: "",
    group: null,
    ...overrides,
  };
}

/** Posts a multipart form (files included) the way a browser does, with the client's cookies and form token. */
export async function postMultipart(
  h: Harness,
  client: TestClient,
  path: string,
  fields: Record<string, string>,
  files: Record<string, { bytes: Uint8Array<ArrayBuffer>; name: string; type: string }> = {},
) {
  const form = new FormData();
  form.set("_csrf", client.cookies.get("sada_csrf") ?? "");
  for (const [k, v] of Object.entries(fields)) {
    form.set(k, v);
  }
  for (const [k, f] of Object.entries(files)) {
    form.set(k, new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
  }
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return h.app.request(`http://sada.test${path}`, { method: "POST", body: form, headers: { cookie } });
}

/**
 * Translates an incident's current revision into `lang` through the translation workflow, as a
 * translator and a reviewer would: the title gets `title`, every other sentence `sentence(source)`
 * (by default the source itself), then every segment is approved, which publishes the language.
 */
export async function translateIncidentTitle(h: Harness, incidentId: string, lang: string, title: string, sentence: (source: string) => string = (s) => s) {
  const { version } = await h.deps.db.selectFrom("incidents").select("version").where("id", "=", incidentId).executeTakeFirstOrThrow();
  const translator = await h.make.user({ role: "translator" });
  const reviewer = await h.make.user({ role: "reviewer" });
  for (const s of await workspaceSegments(h.deps, incidentId, version, lang)) {
    if (s.status === "approved") {
      continue;
    }
    const text = s.blockKind === "title" ? title : sentence(s.source);
    const saved = await translationService.saveSegment(h.deps, translator, {
      segmentId: s.id,
      lang,
      text,
      version: s.version,
      status: "translated",
      machine: false,
    });
    if (!saved.ok) {
      throw new Error(`save ${s.source}: ${saved.error.type}`);
    }
    const reviewed = await translationService.reviewSegment(h.deps, reviewer, {
      segmentId: s.id,
      lang,
      version: saved.value.version,
      decision: "approve",
      comment: "",
      confirmMachine: false,
    });
    if (!reviewed.ok) {
      throw new Error(`review ${s.source}: ${reviewed.error.type}`);
    }
  }
}
