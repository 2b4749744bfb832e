import { describe, expect, it } from "vitest";
import { isBlockedAddress } from "./archive.fetch";
import { detectEvidenceType } from "./evidence.model";
import { parseCsv, validateIncidentCsv } from "./incident.csv";
import { casualtyProblem, gradeProblem, independentSourceCount, normaliseDate } from "./incident.model";
import { GOVERNORATE_SHAPES } from "./map/governorates.svgdata";
import { GOVERNORATES } from "../places/gazetteer";
import { monthsBetween } from "./views/incident-chart";
import { shadeFor } from "./views/incident-map";

describe("incident dates", () => {
  it("normalises each precision and rejects impossible dates", () => {
    expect(normaliseDate("day", "2026-03-14", null)).toEqual({ precision: "day", start: "2026-03-14", end: null });
    expect(normaliseDate("month", "2026-03", null)).toEqual({ precision: "month", start: "2026-03-01", end: null });
    expect(normaliseDate("exact", "2026-03-14T05:30", null)).toEqual({ precision: "exact", start: "2026-03-14T05:30", end: null });
    expect(normaliseDate("range", "2026-03-14", "2026-03-20")).toEqual({ precision: "range", start: "2026-03-14", end: "2026-03-20" });
    expect(normaliseDate("day", "2026-02-30", null)).toEqual({ error: "error.incident_date_invalid" });
    expect(normaliseDate("exact", "2026-03-14", null)).toEqual({ error: "error.incident_date_invalid" });
    expect(normaliseDate("exact", "2026-03-14T24:10", null)).toEqual({ error: "error.incident_date_invalid" });
    expect(normaliseDate("range", "2026-03-14", null)).toEqual({ error: "error.incident_date_end_invalid" });
    expect(normaliseDate("range", "2026-03-14", "2026-03-01")).toEqual({ error: "error.incident_date_range_order" });
  });
});

describe("casualty ranges", () => {
  it("accepts consistent ranges and rejects inverted or oversized sub-counts", () => {
    expect(
      casualtyProblem([
        { category: "killed", subgroup: "total", min: 10, max: 15 },
        { category: "killed", subgroup: "civilians", min: 8, max: 12 },
        { category: "killed", subgroup: "children", min: 2, max: 4 },
      ]),
    ).toBeNull();
    expect(casualtyProblem([{ category: "killed", subgroup: "total", min: 5, max: 3 }])).toBe("error.casualty_range_order");
    expect(
      casualtyProblem([
        { category: "injured", subgroup: "total", min: 3, max: 4 },
        { category: "injured", subgroup: "women", min: 5, max: 6 },
      ]),
    ).toBe("error.casualty_exceeds_total");
    expect(
      casualtyProblem([
        { category: "killed", subgroup: "civilians", min: 2, max: 2 },
        { category: "killed", subgroup: "children", min: 3, max: 3 },
      ]),
    ).toBe("error.casualty_exceeds_total");
  });
});

describe("independent sources and grades", () => {
  const src = (independence: string, source_type = "local_group") => ({ independence, source_type });
  it("counts independent sources, same-origin sources adding nothing", () => {
    expect(independentSourceCount([])).toBe(0);
    expect(independentSourceCount([src("same_origin"), src("same_origin")])).toBe(1);
    expect(independentSourceCount([src("independent"), src("independent"), src("same_origin")])).toBe(2);
  });
  it("checks each grade's rule against the sources", () => {
    expect(gradeProblem("fair", [src("independent")])).toBe("error.grade_needs_sources");
    expect(gradeProblem("fair", [src("independent"), src("independent")])).toBeNull();
    expect(gradeProblem("weak", [])).toBe("error.grade_needs_sources");
    expect(gradeProblem("discounted", [])).toBeNull();
    expect(gradeProblem("confirmed", [src("independent"), src("independent")])).toBe("error.grade_confirmed_needs_acknowledgement");
    expect(gradeProblem("confirmed", [src("independent", "official_statement")])).toBeNull();
  });
});

describe("evidence files", () => {
  it("recognises accepted types by their first bytes only", () => {
    expect(detectEvidenceType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe("image/jpeg");
    expect(detectEvidenceType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(detectEvidenceType(new TextEncoder().encode("%PDF-1.7\n"))).toBe("application/pdf");
    expect(detectEvidenceType(new TextEncoder().encode("WARC/1.1\r\nWARC-Type: response\r\n"))).toBe("application/warc");
    expect(detectEvidenceType(new TextEncoder().encode("<html><script>alert(1)</script>"))).toBeNull();
    expect(detectEvidenceType(new TextEncoder().encode("GIF89a"))).toBeNull();
  });
});

describe("archive fetch address checks (SSRF)", () => {
  it("blocks loopback, private, link-local and mapped addresses, allows public ones", () => {
    for (const ip of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      // How URL parsing writes [::ffff:127.0.0.1] and [::ffff:10.0.0.1]: the hex form must be caught too.
      "::ffff:7f00:1",
      "::ffff:a00:1",
      "2001:db8::1",
    ]) {
      expect(isBlockedAddress(ip), ip).toBe(true);
    }
    for (const ip of ["93.184.216.34", "8.8.8.8", "2a00:1450:4001:82b::200e", "172.32.0.1"]) {
      expect(isBlockedAddress(ip), ip).toBe(false);
    }
  });
});

describe("CSV", () => {
  it("parses quoted fields with commas, quotes and line breaks, keeping record line numbers", () => {
    const parsed = parseCsv('\uFEFFa,b\r\n"x, ""y""","line1\nline2"\r\nlast,row\r\n');
    expect(parsed).toEqual({
      records: [
        { line: 1, fields: ["a", "b"] },
        { line: 2, fields: ['x, "y"', "line1\nline2"] },
        { line: 4, fields: ["last", "row"] },
      ],
    });
    expect(parseCsv('a\n"open')).toEqual({ error: { line: 2, reason: "unclosed quote" } });
  });

  it("reports every bad row with its line number and reason", () => {
    const csv = [
      "type,date_precision,date_start,date_end,place_code,killed_min,killed_max,lang,title",
      "air_strike,day,2026-03-14,,SY-ID-idlib,3,5,ar,غارة على سوق",
      "meteor,day,2026-03-14,,SY-ID-idlib,,,ar,x",
      "shelling,day,2026-02-30,,SY-XX,,,ar,y",
      "shelling,range,2026-03-10,2026-03-01,SY-HL,9,4,en,",
    ].join("\n");
    const { rows, problems } = validateIncidentCsv(csv);
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(rows[0]?.command.casualties).toEqual([{ category: "killed", subgroup: "total", min: 3, max: 5 }]);
    expect(problems).toEqual(
      expect.arrayContaining([
        { line: 3, field: "type", reason: "error.incident_type_invalid" },
        { line: 4, field: "date_start", reason: "error.incident_date_invalid" },
        { line: 4, field: "place_code", reason: "error.place_invalid" },
        { line: 5, field: "date_end", reason: "error.incident_date_range_order" },
        { line: 5, field: "casualties", reason: "error.casualty_range_order" },
        { line: 5, field: "title", reason: "error.incident_title_required" },
      ]),
    );
    expect(new Set(problems.map((p) => p.line))).toEqual(new Set([3, 4, 5]));
  });

  it("refuses a file without the required columns", () => {
    expect(validateIncidentCsv("type,title\nair_strike,x\n").problems.map((p) => p.field)).toEqual(["date_precision", "date_start", "place_code", "lang"]);
  });
});

describe("map and chart", () => {
  it("ships a shape for each of the 14 governorates", () => {
    const codes = GOVERNORATE_SHAPES.map((s) => s.code).filter((c) => c !== "UNDOF");
    expect(codes.sort()).toEqual(GOVERNORATES.map((g) => g.code).sort());
    for (const s of GOVERNORATE_SHAPES) {
      expect(s.d).toMatch(/^M[\d.,LMZ]+Z$/);
    }
  });
  it("shades by count and fills the months between", () => {
    expect(shadeFor(0, 10)).toBe("#f3f4f6");
    expect(shadeFor(10, 10)).not.toBe(shadeFor(1, 10));
    expect(monthsBetween("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });
});
