import { err, ok, type Result } from "../../../platform/result";

/**
 * A small typed view of fast-xml-parser's `preserveOrder` output. Mixed content (text around
 * inline codes) needs document order, and the untyped parser output needs checking anyway.
 */
export interface XmlElement {
  kind: "element";
  /** Namespace URI resolved from in-scope `xmlns` declarations; null when none applies. */
  ns: string | null;
  local: string;
  qname: string;
  attrs: Map<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | { kind: "text"; text: string };

/** Options for parseUntrustedXml that keep what this view needs: order, whitespace, raw entities. */
export const TREE_PARSE_OPTIONS = {
  preserveOrder: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities are decoded here instead: the parser does not decode numeric references such as
  // &#160;, and decoding them after it has decoded &amp; would decode twice.
  processEntities: false,
  cdataPropName: "#cdata",
  ignoreDeclaration: true,
  ignorePiTags: true,
} as const;

const XML_NS = "http://www.w3.org/XML/1998/namespace";
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([A-Za-z_][\w.-]*));/g;
// A Map, not an object literal: `&constructor;` must not find Object.prototype members.
const NAMED = new Map([
  ["lt", "<"],
  ["gt", ">"],
  ["amp", "&"],
  ["quot", '"'],
  ["apos", "'"],
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Decodes the five predefined entities and character references in one pass. */
export function decodeEntities(raw: string): Result<string, string> {
  let bad: string | null = null;
  const decoded = raw.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) {
      const value = NAMED.get(name);
      if (value === undefined) {
        bad ??= whole;
        return whole;
      }
      return value;
    }
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      bad ??= whole;
      return whole;
    }
    return String.fromCodePoint(code);
  });
  return bad === null ? ok(decoded) : err(bad);
}

function textOf(value: unknown): string {
  if (Array.isArray(value)) {
    return value.map((v) => (isRecord(v) ? textOf(v["#text"]) : "")).join("");
  }
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

/**
 * Builds the tree from parser output. Fails with the offending reference when the document
 * uses an entity XML does not define without a DTD (such as `&nbsp;`).
 */
export function buildXmlTree(parsed: unknown): Result<XmlNode[], string> {
  const scope = new Map<string, string>([["xml", XML_NS]]);
  return convertList(parsed, scope);
}

function convertList(list: unknown, scope: Map<string, string>): Result<XmlNode[], string> {
  const nodes: XmlNode[] = [];
  for (const item of Array.isArray(list) ? list : []) {
    if (!isRecord(item)) {
      continue;
    }
    if ("#text" in item) {
      const decoded = decodeEntities(textOf(item["#text"]));
      if (!decoded.ok) {
        return decoded;
      }
      nodes.push({ kind: "text", text: decoded.value });
      continue;
    }
    if ("#cdata" in item) {
      nodes.push({ kind: "text", text: textOf(item["#cdata"]) });
      continue;
    }
    const element = convertElement(item, scope);
    if (!element.ok) {
      return element;
    }
    if (element.value !== null) {
      nodes.push(element.value);
    }
  }
  return ok(nodes);
}

function convertElement(item: Record<string, unknown>, outer: Map<string, string>): Result<XmlElement | null, string> {
  const qname = Object.keys(item).find((k) => k !== ":@");
  if (qname === undefined || qname.startsWith("?") || qname.startsWith("!")) {
    return ok(null);
  }
  const attrs = new Map<string, string>();
  const rawAttrs = item[":@"];
  if (isRecord(rawAttrs)) {
    for (const [key, value] of Object.entries(rawAttrs)) {
      const decoded = decodeEntities(textOf(value));
      if (!decoded.ok) {
        return decoded;
      }
      attrs.set(key.startsWith("@_") ? key.slice(2) : key, decoded.value);
    }
  }
  let scope = outer;
  for (const [name, value] of attrs) {
    if (name === "xmlns" || name.startsWith("xmlns:")) {
      if (scope === outer) {
        scope = new Map(outer);
      }
      scope.set(name === "xmlns" ? "" : name.slice(6), value);
    }
  }
  const colon = qname.indexOf(":");
  const prefix = colon < 0 ? "" : qname.slice(0, colon);
  const children = convertList(item[qname], scope);
  if (!children.ok) {
    return children;
  }
  const ns = scope.get(prefix);
  return ok({ kind: "element", ns: ns === undefined || ns === "" ? null : ns, local: qname.slice(colon + 1), qname, attrs, children: children.value });
}
