import { XMLParser, XMLValidator, type X2jOptions } from "fast-xml-parser";
import { err, ok, type Result } from "../result";

/** Files larger than this are refused before parsing. */
export const MAX_XML_BYTES = 50 * 1024 * 1024;

export type XmlError =
  { type: "too-large"; bytes: number; max: number } | { type: "doctype-forbidden" } | { type: "malformed"; message: string; line: number | null };

/**
 * Parses untrusted XML (XLIFF, TMX, TBX uploads) safely: no DTD at all (so no external
 * entities, no entity expansion bombs), a size limit checked before any work, and
 * well-formedness validated first so errors carry a line number.
 */
export function parseUntrustedXml(input: string | Buffer, options: Partial<X2jOptions> = {}, maxBytes = MAX_XML_BYTES): Result<unknown, XmlError> {
  const bytes = typeof input === "string" ? Buffer.byteLength(input) : input.length;
  if (bytes > maxBytes) {
    return err({ type: "too-large", bytes, max: maxBytes });
  }
  const text = typeof input === "string" ? input : input.toString("utf8");
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    return err({ type: "doctype-forbidden" });
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    return err({ type: "malformed", message: valid.err.msg, line: valid.err.line ?? null });
  }
  try {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", processEntities: true, htmlEntities: false, ...options });
    return ok(parser.parse(text));
  } catch (e) {
    return err({ type: "malformed", message: e instanceof Error ? e.message : String(e), line: null });
  }
}

/** A one-line English explanation of an XML error, for the CLI and API. */
export function describeXmlError(e: XmlError): string {
  switch (e.type) {
    case "too-large":
      return `The file is too large (${e.bytes} bytes; the limit is ${e.max}).`;
    case "doctype-forbidden":
      return "The file contains a DOCTYPE or entity declaration, which is not accepted (it can be used for attacks).";
    case "malformed":
      return `The file is not well-formed XML${e.line ? ` (line ${e.line})` : ""}: ${e.message}`;
  }
}
