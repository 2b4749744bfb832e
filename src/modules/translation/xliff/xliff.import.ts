import { err, ok, type Result } from "../../../platform/result";
import { describeXmlError, parseUntrustedXml, type XmlError } from "../../../platform/xml/safe-xml";
import { escapeSegmentText } from "./segment-text.model";
import { XLIFF12_NS, XLIFF22_NS, XLIFF2_NS, SEGMENT_STATES, type XliffError, type XliffImport, type XliffImportUnit } from "./xliff.model";
import { buildXmlTree, TREE_PARSE_OPTIONS, type XmlElement, type XmlNode } from "./xml-tree.model";

const CORE = new Set([XLIFF2_NS, XLIFF22_NS]);
type Space = "default" | "preserve";

/**
 * Reads an XLIFF 2.x file sent back by a translator, from Sada or any other tool, and returns
 * each unit's target in the segment text format. Untrusted input: parsing goes through
 * parseUntrustedXml (no DTD, size limit). It stays pure: matching units to stored segments,
 * checking placeholders and saving are the caller's job.
 */
export function parseXliff(input: string | Buffer): Result<XliffImport, XliffError> {
  const parsed = parseUntrustedXml(input, TREE_PARSE_OPTIONS);
  if (!parsed.ok) {
    return err(xmlError(parsed.error));
  }
  const tree = buildXmlTree(parsed.value);
  if (!tree.ok) {
    const cause: XmlError = {
      type: "malformed",
      message: `the entity ${tree.error} is not defined (XML without a DTD only knows &lt; &gt; &amp; &quot; &apos; and numeric references)`,
      line: null,
    };
    return err(xmlError(cause));
  }
  const root = tree.value.find((n): n is XmlElement => n.kind === "element");
  if (root === undefined) {
    return err(xmlError({ type: "malformed", message: "the document has no root element", line: null }));
  }
  const version = root.attrs.get("version") ?? null;
  if (root.local !== "xliff") {
    return err({ type: "not-xliff", reason: "other-root", root: root.qname, version });
  }
  if (root.ns === XLIFF12_NS || version?.startsWith("1.") === true) {
    return err({ type: "not-xliff", reason: "xliff-1", root: root.qname, version });
  }
  if (root.ns === null || !CORE.has(root.ns) || version?.startsWith("2.") !== true) {
    return err({ type: "not-xliff", reason: "other-version", root: root.qname, version });
  }
  const srcLang = root.attrs.get("srcLang") ?? "";
  const trgLang = root.attrs.get("trgLang") ?? "";
  if (srcLang === "" || trgLang === "") {
    const missing: Array<"srcLang" | "trgLang"> = [];
    if (srcLang === "") {
      missing.push("srcLang");
    }
    if (trgLang === "") {
      missing.push("trgLang");
    }
    return err({ type: "languages", missing });
  }
  const files = coreChildren(root, "file");
  const origin = files.map(statementOrigin).find((o) => o !== null) ?? null;
  const units: XliffImportUnit[] = [];
  const rootSpace = spaceOf(root, "default");
  for (const file of files) {
    const found = collectUnits(file, spaceOf(file, rootSpace), units);
    if (!found.ok) {
      return found;
    }
  }
  return ok({ srcLang, trgLang, statementId: origin?.statementId ?? null, revision: origin?.revision ?? null, exportedAt: origin?.exportedAt ?? null, units });
}

function xmlError(cause: XmlError): XliffError {
  return { type: "xml", cause, message: describeXmlError(cause) };
}

// Not a type predicate on purpose: a false answer must not narrow the node away from XmlElement.
function isCore(n: XmlNode, local: string): boolean {
  return n.kind === "element" && n.local === local && n.ns !== null && CORE.has(n.ns);
}

function coreChildren(parent: XmlElement, local: string): XmlElement[] {
  return parent.children.filter((n): n is XmlElement => n.kind === "element" && isCore(n, local));
}

/** xml:space is inherited, and XLIFF 2's default is "default" (whitespace may be normalised). */
function spaceOf(element: XmlElement, inherited: Space): Space {
  const value = element.attrs.get("xml:space");
  return value === "preserve" || value === "default" ? value : inherited;
}

function statementOrigin(file: XmlElement): { statementId: string; revision: number | null; exportedAt: string | null } | null {
  const original = /^sada:statement\/([^/]+)\/revision\/(\d+)(?:\/exported\/(\d{1,15}))?$/.exec(file.attrs.get("original") ?? "");
  if (original?.[1] !== undefined && original[2] !== undefined) {
    return {
      statementId: original[1],
      revision: Number(original[2]),
      exportedAt: original[3] === undefined ? null : new Date(Number(original[3])).toISOString(),
    };
  }
  const id = /^statement-(.+)$/.exec(file.attrs.get("id") ?? "");
  return id?.[1] !== undefined ? { statementId: id[1], revision: null, exportedAt: null } : null;
}

/** Units in document order, looking inside `<group>` elements at any depth. */
function collectUnits(container: XmlElement, space: Space, units: XliffImportUnit[]): Result<null, XliffError> {
  for (const child of container.children) {
    if (child.kind === "text") {
      continue;
    }
    if (isCore(child, "group")) {
      const inner = collectUnits(child, spaceOf(child, space), units);
      if (!inner.ok) {
        return inner;
      }
    } else if (isCore(child, "unit")) {
      const id = child.attrs.get("id");
      // A unit without an id is invalid XLIFF and could not be matched to a segment anyway.
      if (id === undefined || id === "") {
        continue;
      }
      const unit = readUnit(child, id, spaceOf(child, space));
      if (!unit.ok) {
        return unit;
      }
      units.push(unit.value);
    }
  }
  return ok(null);
}

interface Part {
  key: number;
  text: string | null;
}

/**
 * A tool may split a unit into several `<segment>`s (with `<ignorable>` whitespace between):
 * their targets are joined in target order (the `order` attribute) into one segment text.
 * If any segment lacks a target, the unit counts as untranslated.
 */
function readUnit(unit: XmlElement, unitId: string, space: Space): Result<XliffImportUnit, XliffError> {
  const parts: Part[] = [];
  const states: string[] = [];
  let anyState = false;
  let allDefaultSpace = true;
  let position = 0;
  for (const child of unit.children) {
    const isSegment = isCore(child, "segment");
    if (child.kind === "text" || (!isSegment && !isCore(child, "ignorable"))) {
      continue;
    }
    position += 1;
    const target = coreChildren(child, "target")[0];
    if (isSegment) {
      const state = child.attrs.get("state");
      anyState ||= state !== undefined;
      states.push(state ?? "initial");
    }
    // An <ignorable> without a target keeps its source (usually whitespace) in the target.
    const content = target ?? (isSegment ? undefined : coreChildren(child, "source")[0]);
    if (content === undefined) {
      parts.push({ key: position, text: null });
      continue;
    }
    const text = inlineText(content.children, unitId);
    if (!text.ok) {
      return text;
    }
    const order = Number(target?.attrs.get("order"));
    const preserve = spaceOf(content, spaceOf(child, space)) === "preserve";
    allDefaultSpace &&= !preserve;
    parts.push({ key: Number.isInteger(order) && order > 0 ? order : position, text: preserve ? text.value : text.value.replace(/[ \t\r\n]+/g, " ") });
  }
  const texts = parts.sort((a, b) => a.key - b.key).map((p) => p.text);
  const joined = texts.length > 0 && texts.every((t) => t !== null) ? texts.join("") : null;
  // Under xml:space="default" a tool may have indented the target; edges are not content.
  const target = joined !== null && allDefaultSpace ? joined.trim() : joined;
  return ok({ segmentId: unitId, target, state: anyState ? lowestState(states) : null });
}

/** The least advanced state wins: a unit is only as final as its least final segment. */
function lowestState(states: string[]): string {
  const rank = (s: string): number => SEGMENT_STATES.findIndex((k) => k === s);
  return states.reduce((low, s) => (rank(s) < rank(low) ? s : low));
}

const NUMERIC_ID = /^[0-9]+$/;

function codeId(element: XmlElement, attrName: string, unitId: string): Result<number, XliffError> {
  const id = element.attrs.get(attrName) ?? "";
  return NUMERIC_ID.test(id) ? ok(Number(id)) : err({ type: "bad-inline", unitId, element: element.qname, problem: "bad-id" });
}

/** Converts `<target>` mixed content back to the segment text format. */
function inlineText(nodes: XmlNode[], unitId: string): Result<string, XliffError> {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") {
      out += escapeSegmentText(node.text);
      continue;
    }
    const local = node.ns !== null && CORE.has(node.ns) ? node.local : null;
    switch (local) {
      case "pc":
      case "mrk": {
        const id = local === "pc" ? codeId(node, "id", unitId) : ok(0);
        const inner = inlineText(node.children, unitId);
        if (!id.ok) {
          return id;
        }
        if (!inner.ok) {
          return inner;
        }
        // <mrk> is an annotation (term, comment, no-translate): keep its text, drop the wrapper.
        out += local === "pc" ? `{${id.value}}${inner.value}{/${id.value}}` : inner.value;
        break;
      }
      case "ph":
      case "sc":
      case "ec": {
        const isolatedEnd = local === "ec" && node.attrs.get("isolated") === "yes" && !node.attrs.has("startRef");
        const id = codeId(node, local === "ec" && !isolatedEnd ? "startRef" : "id", unitId);
        if (!id.ok) {
          return id;
        }
        out += local === "ph" ? `{${id.value}/}` : local === "sc" ? `{${id.value}}` : `{/${id.value}}`;
        break;
      }
      case "cp": {
        const code = parseInt(node.attrs.get("hex") ?? "", 16);
        if (!/^[0-9a-fA-F]{1,6}$/.test(node.attrs.get("hex") ?? "") || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
          return err({ type: "bad-inline", unitId, element: node.qname, problem: "bad-code-point" });
        }
        out += escapeSegmentText(String.fromCodePoint(code));
        break;
      }
      case "sm":
      case "em":
        // Start and end markers of an annotation that spans codes: no text of their own.
        break;
      default:
        return err({ type: "bad-inline", unitId, element: node.qname, problem: "unknown-element" });
    }
  }
  return ok(out);
}
