import { describe, expect, it } from "vitest";
import { parseUntrustedXml } from "../../../platform/xml/safe-xml";
import type { GlossaryTerm } from "./glossary.model";
import { exportTbx } from "./glossary.tbx";

const base = { sourceLang: "ar", targetLang: "en", forbidden: [], doNotTranslate: false, note: "", updatedAt: "2026-11-25T17:00:00.000Z" };
const terms: GlossaryTerm[] = [
  {
    ...base,
    id: "a1",
    term: "الدفاع المدني",
    preferred: ["Civil Defence", "White Helmets"],
    forbidden: ["civil protection"],
    note: "Syrian <Civil> Defence & co.",
  },
  { ...base, id: "a2", term: "دوما", preferred: [], doNotTranslate: true },
  { ...base, id: "a3", term: "قصف", targetLang: "ru", preferred: ["обстрел"] },
];

describe("exportTbx", () => {
  const xml = exportTbx(terms, "ar", "en");

  it("writes TBX-Basic in the 2019 DCA form", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="ar" xmlns="urn:iso:std:iso:30042:ed-2">')).toBe(
      true,
    );
    expect(parseUntrustedXml(xml).ok).toBe(true);
  });

  it("maps preferred and forbidden renderings to administrative statuses, the note to <note>, and escapes text", () => {
    expect(xml).toContain(
      [
        '      <conceptEntry id="sada-a1">',
        "        <note>Syrian &lt;Civil&gt; Defence &amp; co.</note>",
        '        <langSec xml:lang="ar">',
        "          <termSec>",
        "            <term>الدفاع المدني</term>",
        '            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>',
        "          </termSec>",
        "        </langSec>",
        '        <langSec xml:lang="en">',
        "          <termSec>",
        "            <term>Civil Defence</term>",
        '            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>',
        "          </termSec>",
        "          <termSec>",
        "            <term>White Helmets</term>",
        '            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>',
        "          </termSec>",
        "          <termSec>",
        "            <term>civil protection</term>",
        '            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>',
        "          </termSec>",
        "        </langSec>",
        "      </conceptEntry>",
      ].join("\n"),
    );
  });

  it("marks a do-not-translate term with a note on its source term and writes no empty target langSec", () => {
    expect(xml).toContain(
      [
        '      <conceptEntry id="sada-a2">',
        '        <langSec xml:lang="ar">',
        "          <termSec>",
        "            <term>دوما</term>",
        '            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>',
        "            <note>do-not-translate</note>",
        "          </termSec>",
        "        </langSec>",
        "      </conceptEntry>",
      ].join("\n"),
    );
  });

  it("leaves out terms of other pairs", () => {
    expect(xml).not.toContain("قصف");
  });
});
