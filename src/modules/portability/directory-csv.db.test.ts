import { beforeAll, describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { CSV_COLUMNS } from "./directory-csv.queries";
import { seed, type Seeded } from "./portability.testkit";

const h = useHarness();
let seeded: Seeded;

beforeAll(async () => {
  seeded = await seed(h.deps, h.make, h.client());
});

/** A strict RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) {
          throw new Error("unterminated quoted field");
        }
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += text[i];
        i += 1;
      }
    }
    const c = text[i];
    if (c === ",") {
      row.push(field);
      field = "";
      i += 1;
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 2;
    } else if (c === undefined) {
      break;
    } else if (c === '"' || c === "\n" || c === "\r") {
      throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    } else {
      field += c;
      i += 1;
    }
  }
  if (field !== "" || row.length > 0) {
    throw new Error("the last record does not end with CRLF");
  }
  return rows;
}

async function csv(path: string) {
  const res = await h.client().get(path);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parseCsv(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.slice(3)));
  const [header, ...records] = rows;
  expect(header).toEqual([...CSV_COLUMNS]);
  return records.map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i] ?? ""])));
}

describe("GET /{lang}/groups.csv", () => {
  it("lists the listed groups only, in Arabic for Arabic readers, with formulas defused", async () => {
    const rows = await csv("/ar/groups.csv");
    const slugs = rows.map((r) => r.slug);
    expect(rows).toHaveLength(2);
    expect(slugs).toEqual([...slugs].sort());
    const hospital = rows.find((r) => r.kind === "medical");
    expect(hospital).toMatchObject({
      name: "'=مشفى الأمل الميداني",
      description: "مستشفى ميداني في دوما، يعالج الجرحى منذ ٢٠١٣.",
      status: "vouched",
      place_codes: "SY-RD; SY-RD-douma",
      place_names: "ريف دمشق; دوما",
      languages: "ar; en",
      contact: "'+963 11 000 0000",
      support_urls: "https://example.org/donate?a=1,2",
      needs: "urgent: Fuel for the generator\nnormal: @bandages, gauze",
    });
    expect(hospital?.vouched_since).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(hospital?.url).toBe(`http://sada.test/ar/groups/${hospital?.slug ?? ""}`);
    expect(rows.find((r) => r.kind === "local_council")?.status).toBe("verified");
    expect(JSON.stringify(rows)).not.toContain(seeded.groups.pending);
  });

  it("uses the reader's language when the group wrote a profile in it, and the directory's filters", async () => {
    const rows = await csv("/en/groups.csv?kind=medical");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      name: "Al-Amal field hospital",
      description: 'Field hospital in Douma, "open day and night".',
      place_names: "Rif Dimashq; Douma",
    });
    expect(await csv("/ru/groups.csv?place=SY-HL")).toEqual([]);
  });

  it("is linked from the directory page", async () => {
    const html = await (await h.client().get("/en/groups")).text();
    expect(html).toContain('href="/en/groups.csv"');
  });
});
