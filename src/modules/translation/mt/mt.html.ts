import type { Result } from "../../../platform/result";
import { err, ok } from "../../../platform/result";

/**
 * Segment text ↔ HTML for machine translation. MT engines in HTML mode translate text
 * nodes and keep tags, but mangle unknown brace syntax, so placeholders travel as tags:
 * `{1}x{/1}` → `<span id="p1">x</span>`, `{2/}` → `<br id="p2">`.
 */

type Token = { kind: "text"; text: string } | { kind: "open"; id: number } | { kind: "close"; id: number } | { kind: "lone"; id: number };

/** Each placeholder id of a segment and whether it wraps text (`paired`) or stands alone. */
export type PlaceholderKinds = ReadonlyMap<number, "paired" | "lone">;

export interface SegmentHtml {
  html: string;
  placeholders: PlaceholderKinds;
}

const SEGMENT_TOKEN = /\{\{|\}\}|\{(\/?)(\d+)(\/?)\}|[{}]/g;

/**
 * Turns segment text into HTML an MT engine keeps the structure of. Malformed segment
 * text (a lone brace, an unclosed or repeated placeholder) is a bug in whoever built the
 * segment, so it throws rather than returning an MT error.
 */
export function segmentToHtml(text: string): SegmentHtml {
  const tokens = parseSegment(text);
  const placeholders = new Map<number, "paired" | "lone">();
  let html = "";
  for (const t of tokens) {
    switch (t.kind) {
      case "text":
        html += escapeHtml(t.text);
        break;
      case "open":
        placeholders.set(t.id, "paired");
        html += `<span id="p${t.id}">`;
        break;
      case "close":
        html += "</span>";
        break;
      case "lone":
        placeholders.set(t.id, "lone");
        html += `<br id="p${t.id}">`;
        break;
    }
  }
  return { html, placeholders };
}

function parseSegment(text: string): Token[] {
  const tokens: Token[] = [];
  const open: number[] = [];
  const seen = new Set<number>();
  let buffer = "";
  let last = 0;
  const fail = (why: string): never => {
    throw new Error(`Malformed segment text: ${why}`);
  };
  for (const m of text.matchAll(SEGMENT_TOKEN)) {
    buffer += text.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[0] === "{{" || m[0] === "}}") {
      buffer += m[0][0];
      continue;
    }
    const [, closing, digits, lone] = m;
    if (digits === undefined || (closing === "/" && lone === "/")) {
      return fail(`stray "${m[0]}" at offset ${m.index}`);
    }
    const id = Number(digits);
    if (buffer !== "") {
      tokens.push({ kind: "text", text: buffer });
      buffer = "";
    }
    if (closing === "/") {
      if (open.pop() !== id) {
        return fail(`{/${id}} does not close the innermost open placeholder`);
      }
      tokens.push({ kind: "close", id });
      continue;
    }
    if (seen.has(id)) {
      return fail(`placeholder ${id} appears twice`);
    }
    seen.add(id);
    if (lone === "/") {
      tokens.push({ kind: "lone", id });
    } else {
      open.push(id);
      tokens.push({ kind: "open", id });
    }
  }
  buffer += text.slice(last);
  if (buffer !== "") {
    tokens.push({ kind: "text", text: buffer });
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) {
    return fail(`placeholder ${unclosed} is never closed`);
  }
  return tokens;
}

const HTML_TAG = /<(\/?)([a-zA-Z][\w-]*)([^>]*)>/g;
const PLACEHOLDER_ID = /\bid\s*=\s*["']?p(\d+)\b/i;

/**
 * Turns an engine's HTML back into segment text, checking that every placeholder of the
 * source came back exactly once and with the same kind. The order may change (languages
 * order words differently); a missing, repeated, invented or unclosed placeholder is an
 * error whose message names the placeholder but never quotes text.
 */
export function htmlToSegment(html: string, expected: PlaceholderKinds): Result<string, string> {
  const spans: (number | null)[] = [];
  const seen = new Set<number>();
  let out = "";
  let last = 0;
  const claim = (id: number, kind: "paired" | "lone"): string | null => {
    const want = expected.get(id);
    if (want === undefined) {
      return `unexpected placeholder ${id}`;
    }
    if (want !== kind) {
      return `placeholder ${id} changed from ${want} to ${kind}`;
    }
    if (seen.has(id)) {
      return `placeholder ${id} repeated`;
    }
    seen.add(id);
    return null;
  };
  for (const m of html.matchAll(HTML_TAG)) {
    out += escapeBraces(decodeEntities(html.slice(last, m.index)));
    last = m.index + m[0].length;
    const [, closing, rawName, attrs = ""] = m;
    const name = (rawName ?? "").toLowerCase();
    const idMatch = PLACEHOLDER_ID.exec(attrs);
    const id = idMatch?.[1] === undefined ? null : Number(idMatch[1]);
    if (name === "span" && closing === "/") {
      if (spans.length === 0) {
        return err("unbalanced closing tag");
      }
      const closed = spans.pop();
      if (closed != null) {
        out += `{/${closed}}`;
      }
    } else if (name === "span") {
      if (id !== null) {
        const problem = claim(id, "paired");
        if (problem !== null) {
          return err(problem);
        }
        out += `{${id}}`;
      }
      spans.push(id);
    } else if (name === "br" && id !== null) {
      const problem = claim(id, "lone");
      if (problem !== null) {
        return err(problem);
      }
      out += `{${id}/}`;
    }
    // Any other tag is engine noise, not content: dropped.
  }
  out += escapeBraces(decodeEntities(html.slice(last)));
  const unclosed = spans.filter((s) => s !== null);
  if (unclosed.length > 0) {
    return err(`placeholder ${unclosed.join(", ")} not closed`);
  }
  const missing = [...expected.keys()].filter((id) => !seen.has(id));
  if (missing.length > 0) {
    return err(`placeholder ${missing.join(", ")} missing`);
  }
  return ok(out);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeBraces(text: string): string {
  return text.replace(/\{/g, "{{").replace(/\}/g, "}}");
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body.startsWith("#")) {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}
