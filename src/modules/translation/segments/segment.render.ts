import { splitSegmentText, type Markup, type TextPart } from "./placeholder.model";
import type { BlockKind } from "./segment.model";

/**
 * Rebuilding Markdown from translated segments. Translations are untrusted text: every
 * Markdown-significant character is escaped, so only the placeholders (whose meaning and URLs
 * come from the source's markup, never from the translator) produce emphasis, links and
 * breaks. Link URLs are checked again against the same allow-list as the statement renderer.
 */
export type TranslatedSegment = { block: number; blockKind: BlockKind; text: string; markup: Markup[] };

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;
const INLINE_SPECIAL = /[\\`*_[\]<>&#~|]/g;
const HEADING_LEVEL: Partial<Record<BlockKind, number>> = { heading1: 1, heading2: 2, heading3: 3, heading4: 4, heading5: 5, heading6: 6 };

function escapeInline(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]/g, " ").replace(INLINE_SPECIAL, "\\$&");
}

/** Escapes what would start a block construct at the start of a line (lists, setext lines). */
function escapeLineStart(line: string): string {
  const trimmed = line.replace(/^\s+/, "");
  const ordered = /^(\d{1,9})([.)])/.exec(trimmed);
  if (ordered !== null) {
    return `${ordered[1]}\\${trimmed.slice((ordered[1] ?? "").length)}`;
  }
  return /^[-+=>#]/.test(trimmed) ? `\\${trimmed}` : trimmed;
}

function escapeHref(href: string): string {
  return href.replace(/[\\()<>]/g, "\\$&").replace(/\s/g, (c) => encodeURIComponent(c));
}

/** Partner index of every open and close that forms a proper pair with usable markup. */
function matchedPairs(parts: TextPart[], byId: Map<number, Markup>): Map<number, number> {
  const partners = new Map<number, number>();
  const stack: Array<{ id: number; at: number }> = [];
  parts.forEach((part, at) => {
    if (part.type === "open") {
      stack.push({ id: part.id, at });
    } else if (part.type === "close") {
      const top = stack[stack.length - 1];
      if (top !== undefined && top.id === part.id) {
        stack.pop();
        const markup = byId.get(part.id);
        const usable =
          markup !== undefined && (markup.kind === "em" || markup.kind === "strong" || (markup.kind === "link" && SAFE_LINK.test((markup.href ?? "").trim())));
        if (usable) {
          partners.set(top.at, at);
          partners.set(at, top.at);
        }
      }
    }
  });
  return partners;
}

const BREAK = "\u0000";

/**
 * One segment as inline Markdown; hard breaks are marked with NUL (removed from the text).
 * Whitespace just inside a pair moves outside it, because `* x *` would not be emphasis.
 */
function renderInline(text: string, markup: Markup[]): string {
  const byId = new Map(markup.map((m) => [m.id, m]));
  const parts = splitSegmentText(text);
  const partners = matchedPairs(parts, byId);
  const kindAt = (i: number) => {
    const part = parts[i];
    return part !== undefined && part.type !== "text" && partners.has(i) ? byId.get(part.id)?.kind : undefined;
  };
  // `***x***` is ambiguous, so emphasis right next to strong uses `_` instead of `*`.
  const delimiterOf = (open: number, close: number) => {
    const kind = kindAt(open);
    if (kind === "strong") {
      return "**";
    }
    return [open - 1, open + 1, close - 1, close + 1].some((i) => kindAt(i) === "strong") ? "_" : "*";
  };
  const texts = parts.map((p) => (p.type === "text" ? p.text.replace(/\u0000/g, "") : ""));
  let out = "";
  parts.forEach((part, i) => {
    if (part.type === "text") {
      let chunk = texts[i] ?? "";
      if (partners.has(i + 1) && parts[i + 1]?.type === "close") {
        const kept = chunk.trimEnd();
        texts[i] = chunk.slice(kept.length);
        chunk = kept;
      }
      out += escapeInline(chunk);
      return;
    }
    if (part.type === "single") {
      out += byId.get(part.id)?.kind === "br" ? BREAK : "";
      return;
    }
    const partner = partners.get(i);
    if (partner === undefined) {
      return;
    }
    const kind = kindAt(i);
    if (part.type === "open") {
      const next = parts[i + 1]?.type === "text" ? (texts[i + 1] ?? "") : "";
      const lead = next.slice(0, next.length - next.trimStart().length);
      texts[i + 1] = next.slice(lead.length);
      out += escapeInline(lead) + (kind === "link" ? "[" : delimiterOf(i, partner));
      return;
    }
    out += kind === "link" ? `](${escapeHref(byId.get(part.id)?.href ?? "")})` : delimiterOf(partner, i);
    out += parts[i - 1]?.type === "text" ? escapeInline(texts[i - 1] ?? "") : "";
  });
  return out;
}

function separator(previous: BlockKind | undefined, current: BlockKind): string {
  if (previous === undefined) {
    return "";
  }
  if (previous === current && (current === "list_item" || current === "ordered_item")) {
    return "\n";
  }
  return previous === "quote" && current === "quote" ? "\n>\n" : "\n\n";
}

function renderBlock(kind: BlockKind, inline: string): string {
  const lines = inline
    .split(BREAK)
    .map((line) => escapeLineStart(line).trimEnd())
    .filter((line) => line !== "");
  if (lines.length === 0) {
    return "";
  }
  const level = HEADING_LEVEL[kind];
  if (level !== undefined) {
    return `${"#".repeat(level)} ${lines.join(" ")}`;
  }
  switch (kind) {
    case "list_item":
      return `- ${lines.join("  \n  ")}`;
    case "ordered_item":
      return `1. ${lines.join("  \n   ")}`;
    case "quote":
      return `> ${lines.join("  \n> ")}`;
    default:
      return lines.join("  \n");
  }
}

/**
 * Rebuilds a Markdown body from (translated) segments in document order: segments of a block
 * joined by a space, blocks by a blank line (list items of one list and paragraphs of one quote
 * stay together). The result is safe to render: text can never become links or raw HTML.
 */
export function renderTranslatedMarkdown(segments: TranslatedSegment[]): string {
  const blocks: Array<{ block: number; kind: BlockKind; inline: string[] }> = [];
  for (const segment of segments) {
    const last = blocks[blocks.length - 1];
    const inline = renderInline(segment.text, segment.markup);
    if (last !== undefined && last.block === segment.block) {
      last.inline.push(inline);
    } else {
      blocks.push({ block: segment.block, kind: segment.blockKind, inline: [inline] });
    }
  }
  let out = "";
  let previous: BlockKind | undefined;
  for (const block of blocks) {
    const rendered = renderBlock(
      block.kind,
      block.inline
        .map((s) => s.trim())
        .filter((s) => s !== "")
        .join(" "),
    );
    if (rendered !== "") {
      out += separator(previous, block.kind) + rendered;
      previous = block.kind;
    }
  }
  return out;
}
