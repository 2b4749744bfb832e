import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { IntlMessageFormat } from "intl-messageformat";
import { UI_LANGS, type UiLang } from "./languages";

/** Every message key, taken from the English catalog, which is the source of truth. */
export type MessageKey = keyof typeof import("../../../locales/en.json") & string;
export type MessageValues = Record<string, string | number | Date>;

export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../locales");

export function loadCatalog(lang: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, `${lang}.json`), "utf8")) as Record<string, string>;
}

export interface Translator {
  lang: UiLang;
  dir: "ltr" | "rtl";
  /** Formats an ICU message; values are interpolated, plurals follow CLDR rules. */
  t(key: MessageKey, values?: MessageValues): string;
  /** A date (ISO string) in the reader's locale, e.g. "25 November 2026". */
  date(iso: string): string;
  /** A date with time of day. */
  dateTime(iso: string): string;
  number(n: number): string;
}

const translators = new Map<UiLang, Translator>();

function buildTranslator(lang: UiLang): Translator {
  const catalog = loadCatalog(lang);
  const fallback = lang === "en" ? catalog : loadCatalog("en");
  const compiled = new Map<string, IntlMessageFormat>();
  const dateFmt = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" });
  const dateTimeFmt = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const numberFmt = new Intl.NumberFormat(lang);
  return {
    lang,
    dir: lang === "ar" ? "rtl" : "ltr",
    t(key, values) {
      let message = compiled.get(key);
      if (!message) {
        const source = catalog[key] ?? fallback[key] ?? key;
        message = new IntlMessageFormat(source, lang);
        compiled.set(key, message);
      }
      return String(message.format(values));
    },
    date: (iso) => dateFmt.format(new Date(iso)),
    dateTime: (iso) => dateTimeFmt.format(new Date(iso)) + " UTC",
    number: (n) => numberFmt.format(n),
  };
}

/** Translators are built once per language and shared by all requests. */
export function translatorFor(lang: UiLang): Translator {
  let translator = translators.get(lang);
  if (!translator) {
    translator = buildTranslator(lang);
    translators.set(lang, translator);
  }
  return translator;
}

export function allTranslators(): Translator[] {
  return UI_LANGS.map(translatorFor);
}
