import { describe, expect, it } from "vitest";
import { csvField, csvRow } from "./csv.model";

describe("csvField", () => {
  it("leaves plain text alone, Arabic included", () => {
    expect(csvField("مشفى الأمل")).toBe("مشفى الأمل");
    expect(csvField("")).toBe("");
  });

  it("quotes commas, quotes and line breaks, doubling quotes (RFC 4180)", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("one\ntwo")).toBe('"one\ntwo"');
    expect(csvField("one\r\ntwo")).toBe('"one\r\ntwo"');
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+963 11")).toBe("'+963 11");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tx")).toBe("'\tx");
    expect(csvField("a=b")).toBe("a=b");
  });

  it("ends each record with CRLF", () => {
    expect(csvRow(["a", "b,c"])).toBe('a,"b,c"\r\n');
  });
});
