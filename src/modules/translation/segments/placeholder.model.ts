import { err, ok, type Result } from "../../../platform/result";

/**
 * The segment text format shared by segmentation, XLIFF and QA. Inline markup becomes numbered
 * placeholders so translators never see (or break) Markdown syntax or URLs:
 * `{1}text{/1}` for emphasis, strong and links, `{2/}` for a hard line break. Literal braces in
 * the text are doubled: `{{` and `}}`.
 */
export type MarkupKind = "em" | "strong" | "link" | "br";

/** What a placeholder stands for. Links keep their URL here, never in the text. */
export type Markup = { id: number; kind: MarkupKind; href?: string };

export type PlaceholderToken = { type: "open" | "close" | "single"; id: number; index: number };

export type PlaceholderError = { type: "malformed"; at: number };

/** A piece of segment text: literal text (braces already unescaped) or a placeholder. */
export type TextPart = { type: "text"; text: string } | { type: "open" | "close" | "single"; id: number; index: number; raw: string };

const PLACEHOLDER = /\{(\/?)([1-9][0-9]{0,5})(\/?)\}/y;

function readPlaceholder(text: string, index: number): PlaceholderToken | null {
  PLACEHOLDER.lastIndex = index;
  const m = PLACEHOLDER.exec(text);
  if (m === null) {
    return null;
  }
  const closing = m[1] === "/";
  const single = m[3] === "/";
  if (closing && single) {
    return null;
  }
  const id = Number(m[2]);
  return { type: closing ? "close" : single ? "single" : "open", id, index };
}

function placeholderLength(token: PlaceholderToken): number {
  return String(token.id).length + (token.type === "open" ? 2 : 3);
}

/**
 * Splits segment text into literal text and placeholders. It never fails: a stray brace is
 * kept as literal text, so rendering a damaged translation still works (QA reports the damage
 * through `parsePlaceholders`). One left-to-right pass, linear in the text length.
 */
export function splitSegmentText(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let buffer = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "{" || ch === "}") {
      if (text[i + 1] === ch) {
        buffer += ch;
        i += 2;
        continue;
      }
      const token = ch === "{" ? readPlaceholder(text, i) : null;
      if (token !== null) {
        if (buffer !== "") {
          parts.push({ type: "text", text: buffer });
          buffer = "";
        }
        const length = placeholderLength(token);
        parts.push({ ...token, raw: text.slice(i, i + length) });
        i += length;
        continue;
      }
    }
    buffer += ch;
    i += 1;
  }
  if (buffer !== "") {
    parts.push({ type: "text", text: buffer });
  }
  return parts;
}

/**
 * The placeholders of a segment text in order, or where the text stops being well-formed
 * (a lone brace that is neither doubled nor part of a placeholder). QA uses the error to tell
 * the translator where a placeholder was damaged.
 */
export function parsePlaceholders(text: string): Result<PlaceholderToken[], PlaceholderError> {
  const tokens: PlaceholderToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "{" || ch === "}") {
      if (text[i + 1] === ch) {
        i += 2;
        continue;
      }
      const token = ch === "{" ? readPlaceholder(text, i) : null;
      if (token === null) {
        return err({ type: "malformed", at: i });
      }
      tokens.push(token);
      i += placeholderLength(token);
      continue;
    }
    i += 1;
  }
  return ok(tokens);
}

/** Distinct placeholder ids in order of first appearance; for QA and XLIFF `<pc>`/`<ph>` ids. */
export function placeholderIds(text: string): number[] {
  const ids: number[] = [];
  for (const part of splitSegmentText(text)) {
    if (part.type !== "text" && !ids.includes(part.id)) {
      ids.push(part.id);
    }
  }
  return ids;
}

/** Doubles literal braces so text can be embedded in the segment format. */
export function escapeBraces(text: string): string {
  return text.replace(/\{/g, "{{").replace(/\}/g, "}}");
}

/**
 * The words a reader sees: placeholders removed, braces unescaped. QA compares numbers, URLs
 * and punctuation on this, so markup never counts as content.
 */
export function segmentPlainText(text: string): string {
  let out = "";
  for (const part of splitSegmentText(text)) {
    if (part.type === "text") {
      out += part.text;
    }
  }
  return out;
}

/**
 * Checks that placeholders pair up and nest properly: every close matches the innermost open
 * with the same id, no id opens twice, singles are not also used as pairs. Returns the index
 * of the first offending placeholder, or null. Order between sibling pairs is free, because
 * word order legitimately changes between languages.
 */
export function firstNestingError(tokens: PlaceholderToken[]): number | null {
  const stack: PlaceholderToken[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    const key = `${token.type === "single" ? "s" : "p"}${token.id}`;
    if (token.type === "open" || token.type === "single") {
      if (seen.has(key) || seen.has(`${token.type === "single" ? "p" : "s"}${token.id}`)) {
        return token.index;
      }
      seen.add(key);
      if (token.type === "open") {
        stack.push(token);
      }
      continue;
    }
    const top = stack.pop();
    if (top === undefined || top.id !== token.id) {
      return token.index;
    }
  }
  const unclosed = stack[0];
  return unclosed === undefined ? null : unclosed.index;
}
