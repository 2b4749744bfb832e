import { describe, expect, it } from "vitest";
import { runQaChecks, type QaCode, type QaGlossaryEntry } from "./qa.model";

// Every rule, for every language pair Sada translates Arabic into first: a case that must
// raise the issue and one that must not. The glossary is the pair's entry for "hospital"
// plus "MSF" as a do-not-translate term.
type Lang = "en" | "ru" | "ku" | "ckb";
const GLOSSARY: Record<Lang, QaGlossaryEntry[]> = {
  en: [{ term: "مستشفى", preferred: ["hospital"], forbidden: ["infirmary"], doNotTranslate: false }],
  ru: [{ term: "مستشفى", preferred: ["больница"], forbidden: ["госпиталь"], doNotTranslate: false }],
  ku: [{ term: "مستشفى", preferred: ["Nexweşxane"], forbidden: ["xestexane"], doNotTranslate: false }],
  ckb: [{ term: "مستشفى", preferred: ["نەخۆشخانە"], forbidden: ["خەستەخانە"], doNotTranslate: false }],
};
const MSF: QaGlossaryEntry = { term: "MSF", preferred: [], forbidden: [], doNotTranslate: true };

type Case = { lang: Lang; source: string; fail: string; pass: string };
const RULES: Array<{ code: QaCode; cases: Case[] }> = [
  {
    code: "numbers_differ",
    cases: [
      { lang: "en", source: "نُقل ١٢ جريحاً إلى المستشفى.", pass: "12 wounded were taken to the hospital.", fail: "13 wounded were taken to the hospital." },
      { lang: "ru", source: "نُقل ١٢ جريحاً إلى المستشفى.", pass: "12 раненых доставили в больницу.", fail: "21 раненых доставили в больницу." },
      { lang: "ku", source: "نُقل ١٢ جريحاً إلى المستشفى.", pass: "12 birîndar birin nexweşxaneyê.", fail: "2 birîndar birin nexweşxaneyê." },
      { lang: "ckb", source: "نُقل ١٢ جريحاً إلى المستشفى.", pass: "١٢ بریندار گوازرانەوە بۆ نەخۆشخانە.", fail: "١٣ بریندار گوازرانەوە بۆ نەخۆشخانە." },
    ],
  },
  {
    code: "placeholder_missing",
    cases: [
      { lang: "en", source: "تحدث {1}المدير{/1}.", pass: "{1}The director{/1} spoke.", fail: "The director spoke." },
      { lang: "ru", source: "تحدث {1}المدير{/1}.", pass: "{1}Директор{/1} выступил.", fail: "{1}Директор выступил." },
      { lang: "ku", source: "تحدث {1}المدير{/1}.", pass: "{1}Rêveber{/1} axivî.", fail: "Rêveber axivî." },
      { lang: "ckb", source: "تحدث {1}المدير{/1}.", pass: "{1}بەڕێوەبەر{/1} قسەی کرد.", fail: "بەڕێوەبەر{/1} قسەی کرد." },
    ],
  },
  {
    code: "placeholder_extra",
    cases: [
      { lang: "en", source: "تحدث {1}المدير{/1}.", pass: "{1}The director{/1} spoke.", fail: "{1}The director{/1} spoke.{2/}" },
      { lang: "ru", source: "تحدث {1}المدير{/1}.", pass: "{1}Директор{/1} выступил.", fail: "{1}Директор{/1} {1}выступил{/1}." },
      { lang: "ku", source: "تحدث {1}المدير{/1}.", pass: "{1}Rêveber{/1} axivî.", fail: "{1}Rêveber{/1} {3}axivî{/3}." },
      { lang: "ckb", source: "تحدث {1}المدير{/1}.", pass: "{1}بەڕێوەبەر{/1} قسەی کرد.", fail: "{1}بەڕێوەبەر{/1} قسەی کرد{2/}." },
    ],
  },
  {
    code: "placeholder_misordered",
    cases: [
      {
        lang: "en",
        source: "{1}بيان {2}المجلس{/2}{/1} المحلي.",
        pass: "The local {1}{2}council{/2} statement{/1}.",
        fail: "The local {1}{2}council{/1} statement{/2}.",
      },
      {
        lang: "ru",
        source: "{1}بيان {2}المجلس{/2}{/1} المحلي.",
        pass: "{1}Заявление местного {2}совета{/2}{/1}.",
        fail: "{/1}Заявление местного {2}совета{/2}{1}.",
      },
      {
        lang: "ku",
        source: "{1}بيان {2}المجلس{/2}{/1} المحلي.",
        pass: "{1}Daxuyaniya {2}meclîsa{/2}{/1} herêmî.",
        fail: "{1}Daxuyaniya {2}meclîsa{/1}{/2} herêmî.",
      },
      {
        lang: "ckb",
        source: "{1}بيان {2}المجلس{/2}{/1} المحلي.",
        pass: "{1}بەیاننامەی {2}ئەنجومەنی{/2}{/1} ناوخۆیی.",
        fail: "{1}بەیاننامەی {2}ئەنجومەنی{/2}{/1 ناوخۆیی.",
      },
    ],
  },
  {
    code: "glossary_preferred_missing",
    cases: [
      { lang: "en", source: "وصل الجرحى إلى المستشفى.", pass: "The wounded reached the hospital.", fail: "The wounded reached the clinic." },
      { lang: "ru", source: "وصل الجرحى إلى المستشفى.", pass: "Раненые добрались до больницы.", fail: "Раненые добрались до клиники." },
      { lang: "ku", source: "وصل الجرحى إلى المستشفى.", pass: "Birîndar gihîştin nexweşxaneyê.", fail: "Birîndar gihîştin klînîkê." },
      { lang: "ckb", source: "وصل الجرحى إلى المستشفى.", pass: "بریندارەکان گەیشتنە نەخۆشخانەکە.", fail: "بریندارەکان گەیشتنە کلینیکەکە." },
    ],
  },
  {
    code: "glossary_forbidden_used",
    cases: [
      { lang: "en", source: "وصل الجرحى إلى المستشفى.", pass: "The wounded reached the hospital.", fail: "The wounded reached the infirmary." },
      { lang: "ru", source: "وصل الجرحى إلى المستشفى.", pass: "Раненые добрались до больницы.", fail: "Раненые добрались до госпиталя." },
      { lang: "ku", source: "وصل الجرحى إلى المستشفى.", pass: "Birîndar gihîştin nexweşxaneyê.", fail: "Birîndar gihîştin xestexaneyê." },
      { lang: "ckb", source: "وصل الجرحى إلى المستشفى.", pass: "بریندارەکان گەیشتنە نەخۆشخانەکە.", fail: "بریندارەکان گەیشتنە خەستەخانەکە." },
    ],
  },
  {
    code: "dnt_altered",
    cases: [
      {
        lang: "en",
        source: "قالت منظمة أطباء بلا حدود (MSF) إن الوضع كارثي.",
        pass: "Doctors Without Borders (MSF) said the situation is catastrophic.",
        fail: "Doctors Without Borders (M.S.F.) said the situation is catastrophic.",
      },
      {
        lang: "ru",
        source: "قالت منظمة أطباء بلا حدود (MSF) إن الوضع كارثي.",
        pass: "«Врачи без границ» (MSF) заявили, что ситуация катастрофическая.",
        fail: "«Врачи без границ» (МСФ) заявили, что ситуация катастрофическая.",
      },
      {
        lang: "ku",
        source: "قالت منظمة أطباء بلا حدود (MSF) إن الوضع كارثي.",
        pass: "Bijîşkên Bê Sînor (MSF) got ku rewş felaket e.",
        fail: "Bijîşkên Bê Sînor (Msf) got ku rewş felaket e.",
      },
      {
        lang: "ckb",
        source: "قالت منظمة أطباء بلا حدود (MSF) إن الوضع كارثي.",
        pass: "پزیشکانی بێ سنوور (MSF) ڕایانگەیاند کە دۆخەکە کارەساتبارە.",
        fail: "پزیشکانی بێ سنوور ڕایانگەیاند کە دۆخەکە کارەساتبارە.",
      },
    ],
  },
  {
    code: "identical_to_source",
    cases: [
      { lang: "en", source: "المستشفى مغلق.", pass: "The hospital is closed.", fail: "المستشفى مغلق." },
      { lang: "ru", source: "المستشفى مغلق.", pass: "Больница закрыта.", fail: "المستشفى  مغلق." },
      { lang: "ku", source: "المستشفى مغلق.", pass: "Nexweşxane girtî ye.", fail: "المستشفى مغلق." },
      { lang: "ckb", source: "المستشفى مغلق.", pass: "نەخۆشخانەکە داخراوە.", fail: "المستشفى مغلق." },
    ],
  },
  {
    code: "empty_target",
    cases: [
      { lang: "en", source: "المستشفى مغلق.", pass: "The hospital is closed.", fail: "" },
      { lang: "ru", source: "المستشفى مغلق.", pass: "Больница закрыта.", fail: "   " },
      { lang: "ku", source: "{1}المستشفى{/1} مغلق.", pass: "{1}Nexweşxane{/1} girtî ye.", fail: "{1}{/1}" },
      { lang: "ckb", source: "المستشفى مغلق.", pass: "نەخۆشخانەکە داخراوە.", fail: "\n" },
    ],
  },
  {
    code: "url_changed",
    cases: [
      {
        lang: "en",
        source: "التقرير الكامل على https://sada.example/r/12.",
        pass: "The full report is at https://sada.example/r/12.",
        fail: "The full report is at https://sada.example/r/13.",
      },
      {
        lang: "ru",
        source: "التقرير الكامل على https://sada.example/r/12.",
        pass: "Полный отчёт: https://sada.example/r/12.",
        fail: "Полный отчёт: http://sada.example/r/12.",
      },
      {
        lang: "ku",
        source: "التقرير الكامل على https://sada.example/r/12.",
        pass: "Rapora tevahî li https://sada.example/r/12 e.",
        fail: "Rapora tevahî li ser malpera me ye.",
      },
      {
        lang: "ckb",
        source: "التقرير الكامل على https://sada.example/r/12.",
        pass: "ڕاپۆرتی تەواو لە https://sada.example/r/12.",
        fail: "ڕاپۆرتی تەواو لە https://evil.example/r/12.",
      },
    ],
  },
  {
    code: "length_ratio",
    cases: [
      { lang: "en", source: "نُقل الجرحى إلى المستشفى الميداني في المدينة.", pass: "The wounded were moved to the field hospital in the city.", fail: "Moved." },
      { lang: "ru", source: "نُقل الجرحى إلى المستشفى الميداني في المدينة.", pass: "Раненых перевезли в полевую больницу в городе.", fail: "Раненые." },
      {
        lang: "ku",
        source: "نُقل الجرحى إلى المستشفى الميداني في المدينة.",
        pass: "Birîndar hatin veguhestin nexweşxaneya meydanî ya bajêr.",
        fail: "Birîndar hatin veguhestin nexweşxaneya meydanî ya bajêr, ku berê dibistanek bû û niha ji aliyê dilxwazan ve tê birêvebirin, her çend elektrîk û av tune be jî.",
      },
      {
        lang: "ckb",
        source: "نُقل الجرحى إلى المستشفى الميداني في المدينة.",
        pass: "بریندارەکان گوازرانەوە بۆ نەخۆشخانەی مەیدانی لە شارەکە.",
        fail: "بریندار.",
      },
    ],
  },
  {
    code: "whitespace_mismatch",
    cases: [
      { lang: "en", source: "المستشفى مغلق.", pass: "The hospital is closed.", fail: "The hospital is closed. " },
      { lang: "ru", source: "المستشفى مغلق.", pass: "Больница закрыта.", fail: " Больница закрыта." },
      { lang: "ku", source: "المستشفى مغلق.", pass: "Nexweşxane girtî ye.", fail: "Nexweşxane girtî ye.\u00A0" },
      { lang: "ckb", source: "المستشفى مغلق.", pass: "نەخۆشخانەکە داخراوە.", fail: "  نەخۆشخانەکە داخراوە." },
    ],
  },
  {
    code: "final_punctuation_mismatch",
    cases: [
      { lang: "en", source: "هل وصلت المساعدات؟", pass: "Did the aid arrive?", fail: "Did the aid arrive." },
      { lang: "ru", source: "لم تصل المساعدات بعد؛", pass: "Помощь ещё не пришла;", fail: "Помощь ещё не пришла!" },
      { lang: "ku", source: "وصلت المساعدات.", pass: "Alîkarî gihîşt.", fail: "Alîkarî gihîşt" },
      { lang: "ckb", source: "هل وصلت المساعدات؟", pass: "یارمەتییەکان گەیشتن؟", fail: "یارمەتییەکان گەیشتن." },
    ],
  },
  {
    code: "bidi_controls",
    cases: [
      { lang: "en", source: "اتصلوا بنا.", pass: "Contact us.", fail: "Contact us\u202E.moc.live" },
      { lang: "ru", source: "اتصلوا بنا.", pass: "Свяжитесь с нами.", fail: "Свяжитесь \u2067с нами." },
      { lang: "ku", source: "اتصلوا بنا.", pass: "Bi me re têkilî daynin.", fail: "Bi me re \u202Btêkilî\u202C daynin." },
      { lang: "ckb", source: "اتصلوا \u2067بنا\u2069.", pass: "پەیوەندی \u2067بکەن\u2069.", fail: "پەیوەندی \u2067بکەن\u2069 \u2067هەر\u2069." },
    ],
  },
  {
    code: "bidi_marks",
    cases: [
      { lang: "en", source: "اتصلوا بنا.", pass: "Contact us.", fail: "Contact us.\u200E" },
      { lang: "ru", source: "اتصلوا بنا.", pass: "Свяжитесь с нами.", fail: "\u200FСвяжитесь с нами." },
      { lang: "ku", source: "اتصلوا بنا.", pass: "Bi me re têkilî daynin.", fail: "Bi me re têkilî daynin\u200F." },
      { lang: "ckb", source: "اتصلوا بنا\u200F.", pass: "پەیوەندیمان پێوە بکەن\u200F.", fail: "پەیوەندیمان\u200F پێوە بکەن\u200F." },
    ],
  },
];

const run = (lang: Lang, source: string, target: string) =>
  runQaChecks({ source, target, sourceLang: "ar", targetLang: lang, glossary: [...GLOSSARY[lang], MSF] }).map((issue) => issue.code);

describe("QA rules across ar→en, ar→ru, ar→ku (Kurmanji) and ar→ckb (Sorani)", () => {
  for (const { code, cases } of RULES) {
    for (const c of cases) {
      it(`${code} ar→${c.lang}: raised for the faulty translation`, () => {
        expect(run(c.lang, c.source, c.fail)).toContain(code);
      });
      it(`${code} ar→${c.lang}: not raised for the good translation`, () => {
        expect(run(c.lang, c.source, c.pass)).not.toContain(code);
      });
    }
  }
});
