import { DEFAULT_UI_LANG, isUiLang, type UiLang } from "./languages";

/**
 * Picks the interface language: the signed-in user's setting, then the language cookie,
 * then the browser's Accept-Language (by q-value), then the default.
 */
export function negotiateLang(opts: { userLocale?: string | null; cookie?: string | undefined; acceptLanguage?: string | undefined }): UiLang {
  if (opts.userLocale && isUiLang(opts.userLocale)) {
    return opts.userLocale;
  }
  if (opts.cookie && isUiLang(opts.cookie)) {
    return opts.cookie;
  }
  for (const tag of parseAcceptLanguage(opts.acceptLanguage ?? "")) {
    const primary = tag.split("-")[0] ?? "";
    if (isUiLang(primary)) {
      return primary;
    }
  }
  return DEFAULT_UI_LANG;
}

/** Language tags of an Accept-Language header, best first; malformed parts are ignored. */
export function parseAcceptLanguage(header: string): string[] {
  return header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.tag !== "" && entry.tag !== "*" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}
