import { describe, expect, it } from "vitest";
import { attachmentDisposition, detectType, isVariantName, plannedWidths, safeFilename, srcsetFor } from "./media.model";
import { tinyPdf } from "./media.fixtures";

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

describe("detectType: from bytes, never names", () => {
  it("recognises images and PDFs by their magic numbers", () => {
    expect(detectType(bytes(0xff, 0xd8, 0xff, 0xe0))).toEqual({ kind: "image", mime: "image/jpeg" });
    expect(detectType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toEqual({ kind: "image", mime: "image/png" });
    expect(detectType(text("GIF89a..."))).toEqual({ kind: "image", mime: "image/gif" });
    expect(detectType(text("RIFF\0\0\0\0WEBPVP8 "))).toEqual({ kind: "image", mime: "image/webp" });
    expect(detectType(text("\0\0\0\x1cftypavif\0\0\0\0"))).toEqual({ kind: "image", mime: "image/avif" });
    expect(detectType(text("\0\0\0\x18ftypheic\0\0\0\0"))).toEqual({ kind: "image", mime: "image/heic" });
    expect(detectType(tinyPdf())).toEqual({ kind: "file", mime: "application/pdf" });
    expect(detectType(text("name,count\nmarket,3\n"))).toEqual({ kind: "file", mime: "application/octet-stream" });
    // An MP4 is not an image: a plain download.
    expect(detectType(text("\0\0\0\x18ftypisom\0\0\0\0"))).toEqual({ kind: "file", mime: "application/octet-stream" });
  });

  it("refuses markup that can carry script, however it starts", () => {
    for (const s of [
      "<svg xmlns='http://www.w3.org/2000/svg'/>",
      '<?xml version="1.0"?><svg/>',
      "\uFEFF\n  <!DOCTYPE html><p>",
      "<HTML><body>",
      "<!-- x --><svg>",
      "<script>alert(1)</script>",
      "hello <svg onload=alert(1)>",
    ]) {
      expect(detectType(text(s)), s).toEqual({ kind: "refused", reason: "markup" });
    }
    // UTF-16 with a byte-order mark.
    expect(detectType(new Uint8Array(Buffer.from("\uFEFF<svg>", "utf16le")))).toEqual({ kind: "refused", reason: "markup" });
  });

  it("refuses executables and scripts", () => {
    expect(detectType(text("MZ\x90\0"))).toEqual({ kind: "refused", reason: "executable" });
    expect(detectType(bytes(0x7f, 0x45, 0x4c, 0x46))).toEqual({ kind: "refused", reason: "executable" });
    expect(detectType(bytes(0xcf, 0xfa, 0xed, 0xfe))).toEqual({ kind: "refused", reason: "executable" });
    expect(detectType(text("#!/bin/sh\nrm -rf /"))).toEqual({ kind: "refused", reason: "executable" });
  });
});

describe("sizes", () => {
  it("never upscales, and adds the image's own width when below the largest", () => {
    expect(plannedWidths(4000)).toEqual([480, 960, 1600]);
    expect(plannedWidths(1600)).toEqual([480, 960, 1600]);
    expect(plannedWidths(1200)).toEqual([480, 960, 1200]);
    expect(plannedWidths(480)).toEqual([480]);
    expect(plannedWidths(300)).toEqual([300]);
  });

  it("builds a srcset per format", () => {
    const v = [
      { name: "w480.webp", mime: "image/webp", width: 480, height: 320, bytes: 1 },
      { name: "w480.jpg", mime: "image/jpeg", width: 480, height: 320, bytes: 1 },
      { name: "w960.webp", mime: "image/webp", width: 960, height: 640, bytes: 1 },
    ];
    expect(srcsetFor("ab", v, "image/webp")).toBe("/media/ab/w480.webp 480w, /media/ab/w960.webp 960w");
  });
});

describe("names", () => {
  it("accepts only fixed variant names", () => {
    expect(isVariantName("w480.avif")).toBe(true);
    expect(isVariantName("file")).toBe(true);
    for (const bad of ["../secret", "w480.svg", "original", "w480.jpg/..", ""]) {
      expect(isVariantName(bad), bad).toBe(false);
    }
  });

  it("keeps download names readable but harmless", () => {
    expect(safeFilename("C:\\Users\\me\\تقرير.pdf")).toBe("تقرير.pdf");
    expect(safeFilename("../../etc/passwd")).toBe("passwd");
    expect(safeFilename("a\u202Efdp.exe")).toBe("afdp.exe");
    expect(safeFilename("...", "file")).toBe("file");
    expect(attachmentDisposition('a "b";.pdf')).toBe(`attachment; filename="a b_.pdf"; filename*=UTF-8''a%20b%3B.pdf`);
  });
});
