import { describe, expect, it } from "vitest";
import { IntlMessageFormat } from "intl-messageformat";
import { UI_LANGS } from "./languages";
import { loadCatalog } from "./translator";

const en = loadCatalog("en");
const context = loadCatalog("context");
const placeholders = (message: string) => [...message.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]).sort();

describe("UI catalogs", () => {
  for (const lang of UI_LANGS) {
    it(`${lang} has every key, no extra key, and valid ICU messages with the same placeholders`, () => {
      const catalog = loadCatalog(lang);
      const missing = Object.keys(en).filter((k) => !(k in catalog));
      const extra = Object.keys(catalog).filter((k) => !(k in en));
      expect(missing).toEqual([]);
      expect(extra).toEqual([]);
      for (const [key, message] of Object.entries(catalog)) {
        expect(message.trim(), `${lang}:${key}`).not.toBe("");
        expect(() => new IntlMessageFormat(message, lang), `${lang}:${key}`).not.toThrow();
        expect([...new Set(placeholders(message))], `${lang}:${key}`).toEqual([...new Set(placeholders(en[key] ?? ""))]);
      }
    });
  }

  it("uses each language's CLDR plural categories", () => {
    const ar = loadCatalog("ar");
    const ru = loadCatalog("ru");
    const format = (lang: string, msg: string, count: number) => String(new IntlMessageFormat(msg, lang).format({ count, query: "q" }));
    // Russian: 1 → one, 3 → few, 5 → many must give three different texts.
    const ruTexts = new Set([1, 3, 5].map((n) => format("ru", ru["directory.count"] ?? "", n)));
    expect(ruTexts.size).toBe(3);
    // Arabic distinguishes at least one, two, few and many.
    const arTexts = new Set([1, 2, 3, 11].map((n) => format("ar", ar["directory.count"] ?? "", n)));
    expect(arTexts.size).toBe(4);
  });

  it("describes every key for translators", () => {
    expect(Object.keys(en).filter((k) => !context[k])).toEqual([]);
  });
});
