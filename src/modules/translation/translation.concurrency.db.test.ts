import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { translationService } from "./translation.service";
import { workspaceSegments } from "./translation.queries";

const h = useHarness();

describe("concurrent translation saves", () => {
  it("turns two first saves of the same segment at once into one save and one conflict, never an error", async () => {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    const st = await h.make.statement(owner, g.slug, { lang: "ar", title: "بيان", body: "وصلت ٣ شاحنات إلى دوما." });
    const [segment] = await workspaceSegments(h.deps, st.statementId, 1, "en");
    if (!segment) {
      throw new Error("no segment");
    }
    const a = await h.make.user({ role: "translator" });
    const b = await h.make.user({ role: "translator" });
    const save = (who: typeof a, text: string) =>
      translationService.saveSegment(h.deps, who, { segmentId: segment.id, lang: "en", text, version: 0, status: "translated", machine: false });
    const results = await Promise.all([save(a, "Statement"), save(b, "A statement")]);
    const saved = results.filter((r) => r.ok);
    const conflicts = results.flatMap((r) => (r.ok ? [] : [r.error]));
    expect(saved).toHaveLength(1);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]?.type).toBe("conflict");
    const [row] = await workspaceSegments(h.deps, st.statementId, 1, "en");
    // The conflict shows the text that won, and that text is what is stored.
    expect(conflicts[0]?.type === "conflict" ? conflicts[0].current.text : null).toBe(row?.text);
    expect(row?.version).toBe(1);
  });
});
