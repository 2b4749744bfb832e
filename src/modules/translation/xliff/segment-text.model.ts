/**
 * The segment text format shared with the segmenter and QA: inline markup as numbered
 * placeholders (`{1}text{/1}` for a paired code, `{2/}` for a standalone one) and literal
 * braces doubled (`{{`, `}}`).
 */

export type MarkupKind = "em" | "strong" | "link" | "br";

/** One placeholder of a segment: what the numbered code stands for in the original Markdown. */
export interface Markup {
  id: number;
  kind: MarkupKind;
  href?: string;
}

export type TextToken = { type: "text"; text: string } | { type: "open"; id: number } | { type: "close"; id: number } | { type: "standalone"; id: number };

const TOKEN = /\{\{|\}\}|\{(\d+)\}|\{\/(\d+)\}|\{(\d+)\/\}/g;

/**
 * Splits segment text into literal text and placeholders, so writers (XLIFF, TMX) never
 * re-implement the escaping rules. Lenient on purpose: a lone brace that forms no token is
 * kept as literal text rather than failing a whole export over one bad segment.
 */
export function tokenizeSegmentText(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  let literal = "";
  let last = 0;
  const flush = (): void => {
    if (literal !== "") {
      tokens.push({ type: "text", text: literal });
      literal = "";
    }
  };
  for (const m of text.matchAll(TOKEN)) {
    const index = m.index;
    literal += text.slice(last, index);
    last = index + m[0].length;
    if (m[0] === "{{") {
      literal += "{";
    } else if (m[0] === "}}") {
      literal += "}";
    } else {
      flush();
      if (m[1] !== undefined) {
        tokens.push({ type: "open", id: Number(m[1]) });
      } else if (m[2] !== undefined) {
        tokens.push({ type: "close", id: Number(m[2]) });
      } else {
        tokens.push({ type: "standalone", id: Number(m[3]) });
      }
    }
  }
  literal += text.slice(last);
  flush();
  return tokens;
}

/** Escapes literal text for the segment text format, so braces are never read as placeholders. */
export function escapeSegmentText(literal: string): string {
  return literal.replace(/[{}]/g, (c) => c + c);
}
