/**
 * Languages Sada knows. UI languages have complete interface catalogs in locales/;
 * content languages are those a statement or profile may be written in.
 */
export const UI_LANGS = ["en", "ar", "ru"] as const;
export type UiLang = (typeof UI_LANGS)[number];
export const DEFAULT_UI_LANG: UiLang = "en";

export interface ContentLanguage {
  code: string;
  /** The language's own name for itself, shown in pickers to any reader. */
  autonym: string;
  dir: "ltr" | "rtl";
}

export const CONTENT_LANGUAGES: readonly ContentLanguage[] = [
  { code: "ar", autonym: "العربية", dir: "rtl" },
  { code: "ckb", autonym: "کوردی (سۆرانی)", dir: "rtl" },
  { code: "kmr", autonym: "Kurmancî", dir: "ltr" },
  { code: "en", autonym: "English", dir: "ltr" },
  { code: "ru", autonym: "Русский", dir: "ltr" },
  { code: "fr", autonym: "Français", dir: "ltr" },
  { code: "de", autonym: "Deutsch", dir: "ltr" },
  { code: "es", autonym: "Español", dir: "ltr" },
  { code: "tr", autonym: "Türkçe", dir: "ltr" },
  { code: "fa", autonym: "فارسی", dir: "rtl" },
  { code: "syc", autonym: "ܣܘܪܝܝܐ", dir: "rtl" },
];

export const CONTENT_LANG_CODES = CONTENT_LANGUAGES.map((l) => l.code) as [string, ...string[]];

export function isUiLang(value: string): value is UiLang {
  return (UI_LANGS as readonly string[]).includes(value);
}

export function directionOf(lang: string): "ltr" | "rtl" {
  return CONTENT_LANGUAGES.find((l) => l.code === lang)?.dir ?? "ltr";
}

export function autonymOf(lang: string): string {
  return CONTENT_LANGUAGES.find((l) => l.code === lang)?.autonym ?? lang;
}
