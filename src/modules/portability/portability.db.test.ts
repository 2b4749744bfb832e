import { beforeAll, describe, expect, it } from "vitest";
import { canonicalJson, type CanonicalValue } from "../../platform/canonical-json";
import { useHarness } from "../../../test/harness";
import { exportLines } from "./export.queries";
import { orderIndex, RECORD_TYPES } from "./portability.model";
import { collect, DRAFT_TEXT, PENDING_NAME, SECRET_EMAIL, seed, type Seeded } from "./portability.testkit";

const h = useHarness();
let seeded: Seeded;
let text = "";
let records: Array<Record<string, CanonicalValue>> = [];

beforeAll(async () => {
  seeded = await seed(h.deps, h.make, h.client());
  text = await collect(exportLines(h.deps));
  records = text
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, CanonicalValue>);
});

const ofType = (type: string) => records.filter((r) => r.type === type);

describe("GET /api/v1/export and exportLines", () => {
  it("streams the same bytes over HTTP, without a token, as an attachment", async () => {
    const res = await h.client().get("/api/v1/export");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="sada-export.jsonl"');
    expect(await res.text()).toBe(text);
    // Nothing changed in between, so a second export is identical too.
    expect(await collect(exportLines(h.deps))).toBe(text);
  });

  it("answers HEAD without opening an export, and runs at most two exports at once", async () => {
    const head = await h.app.request("http://sada.test/api/v1/export", { method: "HEAD" });
    expect(head.status).toBe(200);
    const open = [await h.app.request("http://sada.test/api/v1/export"), await h.app.request("http://sada.test/api/v1/export")];
    const third = await h.app.request("http://sada.test/api/v1/export");
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe("ERR_RATE_LIMITED");
    // A client that goes away frees its place (and its database connection).
    await Promise.all(open.map((r) => r.body?.cancel()));
    const again = await h.app.request("http://sada.test/api/v1/export");
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(text);
  });

  it("has a header, canonical lines in the documented type order, and an end line with true counts", () => {
    expect(records[0]).toEqual({ format: "sada-export", version: 2, type: "header", log_origin: "sada.test/log" });
    const end = records[records.length - 1];
    expect(end?.type).toBe("end");
    for (const line of text.trimEnd().split("\n")) {
      expect(canonicalJson(JSON.parse(line) as CanonicalValue)).toBe(line);
    }
    const types = records.slice(1, -1).map((r) => String(r.type));
    const order = types.map((t) => orderIndex(t as (typeof RECORD_TYPES)[number]));
    expect(order.every((o, i) => o >= 0 && (i === 0 || o >= (order[i - 1] ?? 0)))).toBe(true);
    const counts = Object.fromEntries(RECORD_TYPES.map((t) => [t, ofType(t).length]));
    expect(end?.counts).toEqual(counts);
    expect(Object.keys(counts).filter((t) => counts[t] === 0)).toEqual([]);
  });

  it("exports public groups with their history, and statements with every revision and signature", () => {
    const groupIds = ofType("group").map((g) => g.id);
    expect(groupIds.sort()).toEqual([seeded.groups.vouched, seeded.groups.verified, seeded.groups.suspended].sort());
    expect(ofType("group").find((g) => g.id === seeded.groups.suspended)?.status).toBe("suspended");
    expect(
      ofType("group_status_change").some((s) => s.group_id === seeded.groups.verified && s.to_status === "verified" && s.reason === "documents checked"),
    ).toBe(true);
    expect(ofType("group_vouch").filter((v) => v.group_id === seeded.groups.vouched)).toHaveLength(2);
    const revisions = ofType("statement_revision").filter((r) => r.statement_id === seeded.statements.revised);
    expect(revisions.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(revisions[0]?.author).toBe("amal-writer");
    const retraction = ofType("statement_revision").find((r) => r.statement_id === seeded.statements.retracted && r.number === 2);
    expect(retraction).toMatchObject({ kind: "retraction", retraction_reason: "معلومات غير دقيقة" });
    expect(ofType("revision_signature").find((s) => s.statement_id === seeded.statements.offline)?.format).toBe("sshsig");
    const keys = ofType("signing_key").filter((k) => k.group_id === seeded.groups.vouched);
    expect(keys.map((k) => k.status).sort()).toEqual(["active", "revoked"]);
    expect(keys.find((k) => k.status === "revoked")).toMatchObject({ revoked_reason: "laptop lost", revoked_by: "amal-writer" });
    expect(ofType("signing_key").every((k) => k.sealed_private_key === null)).toBe(true);
    expect(ofType("translation_publication").map((p) => [p.statement_id, p.lang])).toEqual([[seeded.statements.translated, "en"]]);
    expect(ofType("segment_translation").map((s) => s.text)).toContain("Urgent appeal");
    expect(ofType("log_entry").map((e) => e.idx)).toEqual(ofType("log_entry").map((_, i) => i));
    expect(ofType("log_checkpoint").length).toBeGreaterThan(0);
  });

  it("leaves out everything private: e-mail, passwords, sessions, tokens, members, drafts, pending groups", () => {
    for (const secret of [
      SECRET_EMAIL,
      "$argon2id",
      seeded.tokenHash,
      seeded.sessionHash,
      seeded.memberHandle,
      DRAFT_TEXT,
      PENDING_NAME,
      seeded.groups.pending,
      "claimed_by",
      "fine", // the reviewer's comment
    ]) {
      expect(text.includes(secret), secret).toBe(false);
    }
    const sealed = ofType("signing_key").map((k) => k.sealed_private_key);
    expect(sealed.every((s) => s === null)).toBe(true);
    expect(ofType("user").map((u) => Object.keys(u).sort())[0]).toEqual(["created_at", "handle", "type"]);
    // Users are listed by handle, and only those the data names.
    const handles = ofType("user").map((u) => String(u.handle));
    expect(handles).toEqual([...handles].sort());
    expect(handles).toContain("amal-writer");
  });
});
