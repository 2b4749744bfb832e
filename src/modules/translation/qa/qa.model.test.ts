import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { QA_CODES, runQaChecks, type QaCode, type QaGlossaryEntry, type QaIssue } from "./qa.model";
import { QA_MESSAGES } from "./qa.messages";

const hospital = (preferred: string, forbidden: string): QaGlossaryEntry => ({
  term: "مستشفى",
  preferred: [preferred],
  forbidden: [forbidden],
  doNotTranslate: false,
});
const glossaryFor: Record<string, QaGlossaryEntry[]> = {
  en: [hospital("hospital", "infirmary"), { term: "MSF", preferred: [], forbidden: [], doNotTranslate: true }],
  ru: [hospital("больница", "госпиталь"), { term: "MSF", preferred: [], forbidden: [], doNotTranslate: true }],
  ku: [hospital("Nexweşxane", "xestexane"), { term: "MSF", preferred: [], forbidden: [], doNotTranslate: true }],
  ckb: [hospital("نەخۆشخانە", "خەستەخانە"), { term: "MSF", preferred: [], forbidden: [], doNotTranslate: true }],
};

function qa(source: string, target: string, targetLang: string): QaIssue[] {
  return runQaChecks({ source, target, sourceLang: "ar", targetLang, glossary: glossaryFor[targetLang] ?? [] });
}
const codes = (issues: QaIssue[]) => issues.map((i) => i.code);
const find = (issues: QaIssue[], code: QaCode) => issues.filter((i) => i.code === code);

/** Good translations of one source sentence in every target language: no issue at all. */
const SOURCE = "قصفت الطائرات بالمستشفى في ١٢ آذار ٢٠٢٤، وقُتل ٣٫٥ ألف شخص حسب {1}MSF{/1}.";
const GOOD: Record<string, string> = {
  en: "Planes bombed the hospital on 12 March 2024, and 3.5 thousand people were killed according to {1}MSF{/1}.",
  ru: "Самолёты разбомбили больницу 12 марта 2024 года, по данным {1}MSF{/1}, погибли 3,5 тысячи человек.",
  ku: "Balafiran di 12ê Adara 2024an de nexweşxaneyê bombebaran kirin, li gorî {1}MSF{/1} 3,5 hezar kes hatin kuştin.",
  ckb: "فڕۆکەکان لە ١٢ی ئازاری ٢٠٢٤ نەخۆشخانەکەیان بۆردومان کرد، بەپێی {1}MSF{/1} ٣٫٥ هەزار کەس کوژران.",
};

describe("runQaChecks: a good translation passes in every language pair", () => {
  for (const [lang, target] of Object.entries(GOOD)) {
    it(`ar → ${lang}`, () => {
      expect(qa(SOURCE, target, lang)).toEqual([]);
    });
  }
});

describe("numbers_differ", () => {
  it("treats Arabic-Indic, Extended Arabic-Indic and Latin digits and separators as equal", () => {
    expect(codes(qa("وصلت ١٬٥٠٠ عائلة.", "1,500 families arrived.", "en"))).not.toContain("numbers_differ");
    expect(codes(qa("وصلت ١٬٥٠٠ عائلة.", "Прибыли 1 500 семей.", "ru"))).not.toContain("numbers_differ");
    expect(codes(qa("وصلت ١٬٥٠٠ عائلة.", "۱٬۵۰۰ خێزان گەیشتن.", "ckb"))).not.toContain("numbers_differ");
  });

  it("lists missing and extra numbers and blocks", () => {
    const issues = find(qa("قُتل ١٢ شخصاً في ٣ غارات.", "12 people were killed in 4 strikes.", "en"), "numbers_differ");
    expect(issues).toEqual([{ code: "numbers_differ", blocking: true, params: { missing: "3", extra: "4" } }]);
    const ku = find(qa("قُتل ١٢ شخصاً.", "21 kes hatin kuştin.", "ku"), "numbers_differ");
    expect(ku[0]?.params).toEqual({ missing: "12", extra: "21" });
    expect(find(qa("الساعة ٣٫٥.", "Час 35.", "ru"), "numbers_differ")[0]?.params).toEqual({ missing: "3.5", extra: "35" });
  });
});

describe("placeholders", () => {
  const source = "قال {1}المدير{/1} إن {2}التقرير{/2} جاهز.{3/}شكراً.";
  it("accepts every placeholder once, properly nested, even in another order", () => {
    const issues = qa(source, "{2}The report{/2} is ready, said {1}the director{/1}.{3/}Thanks.", "en");
    expect(codes(issues).filter((c) => c.startsWith("placeholder"))).toEqual([]);
  });

  it("reports missing and extra placeholders", () => {
    expect(find(qa(source, "The director said the report is ready.{3/}Thanks.", "en"), "placeholder_missing")[0]?.params).toEqual({
      placeholders: "{1}, {/1}, {2}, {/2}",
    });
    expect(find(qa("مرحباً.", "Привет{1/}.", "ru"), "placeholder_extra")).toEqual([
      { code: "placeholder_extra", blocking: true, params: { placeholders: "{1/}" } },
    ]);
  });

  it("reports crossed pairs, a close before its open, and damaged placeholders", () => {
    const crossed = qa("{1}أ{2}ب{/2}{/1}", "{1}a{2}b{/1}c{/2}", "ku");
    expect(find(crossed, "placeholder_misordered")).toEqual([{ code: "placeholder_misordered", blocking: true, params: { position: 9 } }]);
    expect(codes(qa("{1}نص{/1}", "{/1}text{1}", "en"))).toContain("placeholder_misordered");
    const damaged = qa("{1}نەخۆشخانە{/1}", "{1}نەخۆشخانە{/1", "ckb");
    expect(codes(damaged)).toContain("placeholder_misordered");
    expect(codes(damaged)).toContain("placeholder_missing");
  });
});

describe("glossary", () => {
  it("finds the term through clitics and warns when no preferred rendering is used", () => {
    expect(find(qa("نُقل الجرحى إلى المستشفى.", "The wounded were taken to the clinic.", "en"), "glossary_preferred_missing")).toEqual([
      { code: "glossary_preferred_missing", blocking: false, params: { term: "مستشفى", preferred: "hospital" } },
    ]);
    expect(codes(qa("بالمستشفى جرحى.", "В клинике раненые.", "ru"))).toContain("glossary_preferred_missing");
    expect(codes(qa("بالمستشفى جرحى.", "Birîndar li klînîkê ne.", "ku"))).toContain("glossary_preferred_missing");
    expect(codes(qa("بالمستشفى جرحى.", "بریندار لە کلینیکن.", "ckb"))).toContain("glossary_preferred_missing");
  });

  it("accepts inflected preferred renderings", () => {
    expect(codes(qa("بالمستشفى جرحى.", "В больнице раненые.", "ru"))).not.toContain("glossary_preferred_missing");
    expect(codes(qa("بالمستشفى جرحى.", "Birîndar li nexweşxaneyê ne.", "ku"))).not.toContain("glossary_preferred_missing");
    expect(codes(qa("بالمستشفى جرحى.", "بریندار لە نەخۆشخانەکەن.", "ckb"))).not.toContain("glossary_preferred_missing");
    expect(codes(qa("في المستشفيات جرحى.", "There are wounded in the hospitals.", "en"))).not.toContain("glossary_preferred_missing");
  });

  it("blocks forbidden renderings, also inflected", () => {
    expect(find(qa("في المستشفى جرحى.", "Раненые в госпитале.", "ru"), "glossary_forbidden_used")).toEqual([
      { code: "glossary_forbidden_used", blocking: true, params: { term: "مستشفى", forbidden: "госпиталь" } },
    ]);
    expect(codes(qa("في المستشفى جرحى.", "Wounded in the infirmary.", "en"))).toContain("glossary_forbidden_used");
    expect(codes(qa("في المستشفى جرحى.", "Birîndar li xestexaneyê ne.", "ku"))).toContain("glossary_forbidden_used");
    expect(codes(qa("في المستشفى جرحى.", "بریندار لە خەستەخانەکەن.", "ckb"))).toContain("glossary_forbidden_used");
    expect(codes(qa("في المستشفى جرحى.", "Wounded in the hospital.", "en"))).not.toContain("glossary_forbidden_used");
  });

  it("requires do-not-translate terms unchanged", () => {
    expect(find(qa("قالت منظمة MSF إن الوضع خطير.", "Организация МСФ заявила, что ситуация серьёзная.", "ru"), "dnt_altered")).toEqual([
      { code: "dnt_altered", blocking: true, params: { term: "MSF" } },
    ]);
    expect(codes(qa("قالت منظمة MSF إن الوضع خطير.", "The organisation msf said it is serious.", "en"))).toContain("dnt_altered");
    expect(codes(qa("قالت لـMSF إن الوضع خطير.", "Rêxistina MSF got ku rewş giran e.", "ku"))).not.toContain("dnt_altered");
  });
});

describe("identical_to_source", () => {
  it("warns when the text was copied untranslated", () => {
    expect(find(qa("المستشفى مغلق.", "المستشفى مغلق.", "ckb"), "identical_to_source")).toEqual([{ code: "identical_to_source", blocking: false, params: {} }]);
  });
  it("accepts copies of numbers, placeholders, URLs and do-not-translate terms", () => {
    expect(codes(qa("{1}٢٠٢٤{/1} — ٥٪", "{1}٢٠٢٤{/1} — ٥٪", "ckb"))).not.toContain("identical_to_source");
    expect(codes(qa("MSF", "MSF", "en"))).not.toContain("identical_to_source");
    expect(codes(qa("https://example.org/r", "https://example.org/r", "ru"))).not.toContain("identical_to_source");
  });
});

describe("empty_target", () => {
  it("blocks an empty translation and reports nothing else", () => {
    expect(qa("المستشفى مغلق.", "  ", "en")).toEqual([{ code: "empty_target", blocking: true, params: {} }]);
    expect(codes(qa("{1}المستشفى{/1}", "{1}{/1}", "ku"))).toContain("empty_target");
    expect(codes(qa("{1/}", "{1/}", "ru"))).not.toContain("empty_target");
  });
});

describe("url_changed", () => {
  it("blocks changed bare URLs and ignores trailing punctuation", () => {
    expect(find(qa("التفاصيل على https://example.org/a.", "Details at https://example.com/a.", "en"), "url_changed")[0]?.params).toEqual({
      missing: "https://example.org/a",
      extra: "https://example.com/a",
    });
    expect(codes(qa("التفاصيل على https://example.org/a.", "Подробности: https://example.org/a.", "ru"))).not.toContain("url_changed");
  });
});

describe("length_ratio", () => {
  it("warns outside 0.4–2.5 for sources of 20 characters or more", () => {
    const source = "نُقل الجرحى إلى المستشفى الميداني في المدينة.";
    expect(find(qa(source, "Wounded moved.", "en"), "length_ratio")[0]?.params).toEqual({ ratio: 0.32, min: 0.4, max: 2.5 });
    expect(codes(qa(source, "Birîndar hatin veguhestin nexweşxaneya meydanî ya bajêr.", "ku"))).not.toContain("length_ratio");
    expect(codes(qa("نعم.", "Yes, that is absolutely right.", "en"))).not.toContain("length_ratio");
  });
});

describe("whitespace_mismatch", () => {
  it("warns when leading or trailing spaces differ", () => {
    expect(find(qa("مرحباً.", " Привет. ", "ru"), "whitespace_mismatch").map((i) => i.params.edge)).toEqual(["leading", "trailing"]);
    expect(codes(qa("مرحباً.", "Silav.", "ku"))).not.toContain("whitespace_mismatch");
  });
});

describe("final_punctuation_mismatch", () => {
  it("treats ? and ؟, ; and ؛, , and ، as the same mark", () => {
    expect(codes(qa("هل وصلت المساعدات؟", "Did the aid arrive?", "en"))).not.toContain("final_punctuation_mismatch");
    expect(codes(qa("لم تصل؛", "нет;", "ru"))).not.toContain("final_punctuation_mismatch");
    expect(codes(qa("أولاً،", "یەکەم،", "ckb"))).not.toContain("final_punctuation_mismatch");
    expect(codes(qa("قال: «نعم.»", 'He said: "Yes".', "en"))).not.toContain("final_punctuation_mismatch");
  });
  it("warns when the final mark changes class or disappears", () => {
    expect(find(qa("هل وصلت المساعدات؟", "Alîkarî gihîşt.", "ku"), "final_punctuation_mismatch")[0]?.params).toEqual({ expected: "؟", found: "." });
    expect(find(qa("انتهى.", "Кончено", "ru"), "final_punctuation_mismatch")[0]?.params).toEqual({ expected: ".", found: "none" });
  });
});

describe("bidi controls and marks", () => {
  it("blocks unbalanced controls and controls the source does not have", () => {
    expect(find(qa("الاسم", "Name \u202Eevil", "en"), "bidi_controls")).toEqual([{ code: "bidi_controls", blocking: true, params: { controls: "U+202E" } }]);
    expect(codes(qa("الاسم", "Navê \u2067ناو\u2069", "ku"))).toContain("bidi_controls");
  });
  it("accepts balanced controls that the source has", () => {
    expect(codes(qa("الرقم \u2066+964\u2069", "Номер \u2066+964\u2069", "ru"))).not.toContain("bidi_controls");
  });
  it("warns about added LRM/RLM marks only", () => {
    expect(find(qa("الاسم", "ناو\u200F", "ckb"), "bidi_marks")).toEqual([{ code: "bidi_marks", blocking: false, params: { marks: "U+200F" } }]);
    expect(codes(qa("الاسم\u200F", "ناو\u200F", "ckb"))).not.toContain("bidi_marks");
  });
});

describe("QA_MESSAGES", () => {
  it("has a valid ICU message in every language for every code, with the params the checks set", () => {
    expect(Object.keys(QA_MESSAGES).sort()).toEqual([...QA_CODES].sort());
    const params = {
      missing: "3",
      extra: "4",
      placeholders: "P1",
      position: 9,
      term: "MSF",
      preferred: "hospital",
      forbidden: "x",
      ratio: 0.3,
      min: 0.4,
      max: 2.5,
      edge: "leading",
      expected: ".",
      found: "none",
      controls: "U+202E",
      marks: "U+200F",
    };
    for (const code of QA_CODES) {
      const message = QA_MESSAGES[code];
      expect(message.context.length, code).toBeGreaterThan(10);
      for (const lang of ["en", "ar", "ru"] as const) {
        const text = String(new IntlMessageFormat(message[lang], lang).format(params));
        expect(text, `${lang}:${code}`).not.toMatch(/[{}]\w/);
      }
    }
  });
});
