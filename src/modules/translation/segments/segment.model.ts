import MarkdownIt from "markdown-it";
import { sha256Hex } from "../../../platform/hash";
import { escapeBraces, type Markup } from "./placeholder.model";
import { sentenceBoundaries } from "./sentence.model";

/**
 * Where a segment sits in the Markdown structure, so a translation can be rebuilt with the
 * same shape. Nested structures are flattened to the innermost container: a paragraph inside a
 * blockquote is "quote", inside a list item "list_item" or "ordered_item".
 */
export type BlockKind = "paragraph" | "heading1" | "heading2" | "heading3" | "heading4" | "heading5" | "heading6" | "list_item" | "ordered_item" | "quote";

/** One sentence of a statement body, before it gets an id. `block` counts from 0. */
export type SegmentDraft = { block: number; blockKind: BlockKind; source: string; markup: Markup[] };

type Piece = { type: "text"; text: string } | { type: "open"; kind: "em" | "strong" | "link"; href?: string } | { type: "close" } | { type: "br" };
type Container = "bullet" | "ordered" | "quote";

// The same parser configuration as statements/markdown.ts, so segments follow what readers see.
const md = new MarkdownIt("zero", { html: false, linkify: false, typographer: false, breaks: false });
md.enable(["heading", "lheading", "list", "blockquote", "paragraph", "link", "emphasis", "newline", "escape", "entity"]);
const SAFE_LINK = /^(https?:\/\/|mailto:)/i;
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

type Token = ReturnType<typeof md.parse>[number];

const HEADINGS: Record<string, BlockKind> = { h1: "heading1", h2: "heading2", h3: "heading3", h4: "heading4", h5: "heading5", h6: "heading6" };

function blockKindOf(parent: Token | undefined, containers: Container[]): BlockKind {
  if (parent !== undefined && parent.type === "heading_open") {
    return HEADINGS[parent.tag] ?? "heading1";
  }
  switch (containers[containers.length - 1]) {
    case "bullet":
      return "list_item";
    case "ordered":
      return "ordered_item";
    case "quote":
      return "quote";
    default:
      return "paragraph";
  }
}

function inlinePieces(children: Token[]): Piece[] {
  const pieces: Piece[] = [];
  for (const child of children) {
    switch (child.type) {
      case "text":
      case "text_special":
        pieces.push({ type: "text", text: child.content });
        break;
      case "softbreak":
        pieces.push({ type: "text", text: " " });
        break;
      case "hardbreak":
        pieces.push({ type: "br" });
        break;
      case "em_open":
        pieces.push({ type: "open", kind: "em" });
        break;
      case "strong_open":
        pieces.push({ type: "open", kind: "strong" });
        break;
      case "link_open":
        pieces.push({ type: "open", kind: "link", href: String(child.attrGet("href") ?? "") });
        break;
      case "em_close":
      case "strong_close":
      case "link_close":
        pieces.push({ type: "close" });
        break;
      default:
        if (child.content !== "") {
          pieces.push({ type: "text", text: child.content });
        }
    }
  }
  return pieces;
}

/** Turns the pieces of one sentence into segment text with placeholders numbered from 1. */
function buildSegment(pieces: Piece[]): { source: string; markup: Markup[] } {
  const markup: Markup[] = [];
  const open: number[] = [];
  let source = "";
  for (const piece of pieces) {
    if (piece.type === "text") {
      source += escapeBraces(piece.text);
    } else if (piece.type === "br") {
      const id = markup.length + 1;
      markup.push({ id, kind: "br" });
      source += `{${id}/}`;
    } else if (piece.type === "open") {
      const id = markup.length + 1;
      markup.push(piece.href === undefined ? { id, kind: piece.kind } : { id, kind: piece.kind, href: piece.href });
      open.push(id);
      source += `{${id}}`;
    } else {
      source += `{/${open.pop() ?? 0}}`;
    }
  }
  return { source: source.trim(), markup };
}

/**
 * Splits one block's pieces at sentence boundaries. A boundary inside a paired placeholder is
 * skipped, which merges the pieces around it; placeholders that touch a boundary go with the
 * sentence they belong to (closes left, opens right).
 */
function splitPieces(pieces: Piece[], lang: string): Piece[][] {
  let plain = "";
  for (const piece of pieces) {
    plain += piece.type === "text" ? piece.text : piece.type === "br" ? " " : "";
  }
  const boundaries = sentenceBoundaries(plain, lang);
  const sentences: Piece[][] = [];
  let current: Piece[] = [];
  let pos = 0;
  let depth = 0;
  let next = 0;
  const flush = () => {
    if (current.length > 0) {
      sentences.push(current);
    }
    current = [];
  };
  const reach = (at: number) => {
    while (next < boundaries.length && (boundaries[next] ?? 0) <= at) {
      if (boundaries[next] === at && depth === 0) {
        flush();
      }
      next += 1;
    }
  };
  for (const piece of pieces) {
    if (piece.type === "close") {
      current.push(piece);
      depth -= 1;
      continue;
    }
    reach(pos);
    if (piece.type === "open") {
      current.push(piece);
      depth += 1;
    } else if (piece.type === "br") {
      current.push(piece);
      pos += 1;
    } else {
      let from = 0;
      const end = pos + piece.text.length;
      while (next < boundaries.length && (boundaries[next] ?? end) < end) {
        const at = (boundaries[next] ?? end) - pos;
        if (depth === 0) {
          current.push({ type: "text", text: piece.text.slice(from, at) });
          flush();
          from = at;
        }
        next += 1;
      }
      current.push({ type: "text", text: piece.text.slice(from) });
      pos = end;
    }
  }
  flush();
  return sentences;
}

/**
 * Splits a statement body into translatable sentences: first by Markdown block, then by
 * sentence, with inline markup turned into placeholders. Pure and linear in the body length,
 * so it can run inside the revision write.
 */
export function segmentStatement(body: string, lang: string): SegmentDraft[] {
  const tokens = md.parse(body, {});
  const containers: Container[] = [];
  const drafts: SegmentDraft[] = [];
  let block = 0;
  tokens.forEach((token, index) => {
    switch (token.type) {
      case "bullet_list_open":
        containers.push("bullet");
        return;
      case "ordered_list_open":
        containers.push("ordered");
        return;
      case "blockquote_open":
        containers.push("quote");
        return;
      case "bullet_list_close":
      case "ordered_list_close":
      case "blockquote_close":
        containers.pop();
        return;
      case "inline":
        break;
      default:
        return;
    }
    const blockKind = blockKindOf(tokens[index - 1], containers);
    let produced = false;
    for (const sentence of splitPieces(inlinePieces(token.children ?? []), lang)) {
      const { source, markup } = buildSegment(sentence);
      if (source !== "") {
        drafts.push({ block, blockKind, source, markup });
        produced = true;
      }
    }
    if (produced) {
      block += 1;
    }
  });
  return drafts;
}

/**
 * A segment's id: the first 24 hex digits of SHA-256 over statement, source and occurrence
 * (how many earlier segments of the same revision have the same source). An unchanged
 * sentence keeps its id in the next revision, so its translation carries over.
 */
export function segmentId(statementId: string, source: string, occurrence: number): string {
  return sha256Hex(`${statementId}\u0000${source}\u0000${occurrence}`).slice(0, 24);
}

/** Gives each draft its id, counting occurrences of identical sources in document order. */
export function withSegmentIds<T extends { source: string }>(statementId: string, drafts: T[]): Array<T & { id: string }> {
  const seen = new Map<string, number>();
  return drafts.map((draft) => {
    const occurrence = seen.get(draft.source) ?? 0;
    seen.set(draft.source, occurrence + 1);
    return { ...draft, id: segmentId(statementId, draft.source, occurrence) };
  });
}
