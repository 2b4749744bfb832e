// Text of posts from other servers. Their HTML is never trusted: it is turned into plain
// paragraphs here and escaped when rendered, so no markup from elsewhere reaches a page.

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) {
      const cp = Number.parseInt(name.slice(2), 16);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : "";
    }
    if (name.startsWith("#")) {
      const cp = Number.parseInt(name.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : "";
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The paragraphs of an HTML fragment as plain text: block ends and <br> break lines, every tag is dropped. */
export function htmlToParagraphs(html: string): string[] {
  const withBreaks = withoutBlocks(withoutBlocks(html, "script"), "style")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|h[1-6]|li|blockquote|pre|tr)\s*>/gi, "\n\n")
    .replace(/<[^>]*>/g, "");
  return decodeEntities(withBreaks)
    .split(/\n\s*\n/)
    .map((p) => p.replace(/[ \t\r\f\v]+/g, " ").trim())
    .filter((p) => p !== "");
}

/** Removes <tag …>…</tag> blocks with a linear scan (a backtracking regular expression here takes quadratic time). */
function withoutBlocks(html: string, tag: string): string {
  const lower = html.toLowerCase();
  let out = "";
  let at = 0;
  for (;;) {
    const start = lower.indexOf(`<${tag}`, at);
    if (start < 0) {
      return out + html.slice(at);
    }
    out += html.slice(at, start);
    const end = lower.indexOf(`</${tag}`, start);
    if (end < 0) {
      return out;
    }
    const close = lower.indexOf(">", end);
    at = close < 0 ? html.length : close + 1;
  }
}

/** The best text for a reader of `lang` from a language map: that language, then its base language, then the original, then any. */
export function pickLanguage(map: Record<string, string>, lang: string, original: string | null): { lang: string; text: string } | null {
  const base = lang.split("-")[0] ?? lang;
  for (const candidate of [lang, base, original ?? "", ""]) {
    const text = map[candidate];
    if (text !== undefined && text.trim() !== "") {
      return { lang: candidate, text };
    }
  }
  const first = Object.entries(map).find(([, t]) => t.trim() !== "");
  return first ? { lang: first[0], text: first[1] } : null;
}

/** "@name@host" or "name@host" (optionally "acct:"), as typed by a person; null when it is not a handle. */
export function parseHandle(input: string): { user: string; host: string } | null {
  const m = /^(?:acct:)?@?([a-z0-9_.~-]+)@([a-z0-9.-]+(?::\d{1,5})?|\[[0-9a-f:]+\](?::\d{1,5})?)$/i.exec(input.trim());
  return m?.[1] && m[2] ? { user: m[1], host: m[2].toLowerCase() } : null;
}
