import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalForm, canonicalText, revisionHash, type RevisionContent } from "./statement.model";

const base: RevisionContent = {
  statementId: "s1",
  groupId: "g1",
  number: 1,
  kind: "appeal",
  lang: "ar",
  title: "نداء",
  body: "نص\r\nالنداء  ",
  prevHash: null,
  retractionReason: null,
  createdAt: "2026-11-25T12:00:00.000Z",
};

describe("revision canonical form", () => {
  it("is JSON with sorted keys, no spaces, normalised text", () => {
    expect(canonicalForm(base)).toBe(
      '{"body":"نص\\nالنداء","created_at":"2026-11-25T12:00:00.000Z","group":"g1","kind":"appeal","lang":"ar","number":1,"prev":null,"retraction":null,"statement":"s1","title":"نداء","v":1}',
    );
  });

  it("hashes to the SHA-256 of its UTF-8 bytes", () => {
    const canonical = canonicalForm(base);
    expect(revisionHash(canonical)).toBe(createHash("sha256").update(Buffer.from(canonical, "utf8")).digest("hex"));
  });

  it("gives the same hash for NFC and NFD spellings of the same text", () => {
    const nfd = { ...base, title: "Café".normalize("NFD") };
    const nfc = { ...base, title: "Café".normalize("NFC") };
    expect(revisionHash(canonicalForm(nfd))).toBe(revisionHash(canonicalForm(nfc)));
  });

  it("changes when any field changes", () => {
    const h = revisionHash(canonicalForm(base));
    expect(revisionHash(canonicalForm({ ...base, prevHash: "a".repeat(64) }))).not.toBe(h);
    expect(revisionHash(canonicalForm({ ...base, number: 2 }))).not.toBe(h);
    expect(revisionHash(canonicalForm({ ...base, body: "آخر" }))).not.toBe(h);
  });

  it("normalises line ends and trailing space", () => {
    expect(canonicalText("a\r\nb\rc  \n")).toBe("a\nb\nc");
  });
});
