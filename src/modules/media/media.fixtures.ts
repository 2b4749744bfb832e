// Test images made on the spot with sharp (never downloaded): photos that carry the metadata a
// documenter's phone writes, so tests can prove that none of it survives.
import { deflateSync } from "node:zlib";
import { crc32 } from "node:zlib";
import sharp, { type Sharp } from "sharp";

/** Where the fixture photo claims it was taken (a square in Douma). */
export const GPS = { latitude: 33.5722, longitude: 36.4036 };

const XMP = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmp:CreatorTool="PhoneCam 1.0">
<dc:creator><rdf:Seq><rdf:li>Documenter Real Name</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** A gradient-and-noise picture, so encoders have real content to work on. */
async function picture(width: number, height: number): Promise<Sharp> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = (x * 255) / width;
      raw[i + 1] = (y * 255) / height;
      raw[i + 2] = (x * y) % 251;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

/** A JPEG segment APP13 ("Photoshop 3.0", 8BIM resource 0x0404) holding an IPTC caption and byline. */
function iptcSegment(): Buffer {
  const dataset = (tag: number, text: string) => {
    const value = Buffer.from(text, "utf8");
    return Buffer.concat([Buffer.from([0x1c, 0x02, tag, value.length >> 8, value.length & 0xff]), value]);
  };
  const iptc = Buffer.concat([dataset(0x50, "Documenter Real Name"), dataset(0x78, "Taken near the checkpoint")]);
  const padded = iptc.length % 2 === 1 ? Buffer.concat([iptc, Buffer.from([0])]) : iptc;
  const size = Buffer.alloc(4);
  size.writeUInt32BE(iptc.length);
  const body = Buffer.concat([Buffer.from("Photoshop 3.0\0", "latin1"), Buffer.from("8BIM", "latin1"), Buffer.from([0x04, 0x04, 0, 0]), size, padded]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(body.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xed]), length, body]);
}

/**
 * A 1200×800 JPEG as a phone writes it: EXIF with camera, serial number and GPS position, an XMP
 * packet naming its author, an IPTC block, and a Display P3 colour profile (not sRGB).
 */
export async function phonePhoto(opts: { width?: number; height?: number; orientation?: number } = {}): Promise<Buffer> {
  const image = await picture(opts.width ?? 1200, opts.height ?? 800);
  const jpeg = await image
    .withIccProfile("p3")
    .withExif({
      IFD0: { Make: "PhoneCo", Model: "Documenter X", Software: "PhoneCam 1.0", ...(opts.orientation ? { Orientation: String(opts.orientation) } : {}) },
      IFD2: { BodySerialNumber: "SN-123456789", DateTimeOriginal: "2026:03:14 06:12:00" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "33/1 34/1 1999/100",
        GPSLongitudeRef: "E",
        GPSLongitude: "36/1 24/1 1296/100",
      },
    })
    .withXmp(XMP)
    .jpeg({ quality: 90 })
    .toBuffer();
  // After SOI (2 bytes): the IPTC block, where Photoshop writes it.
  return Buffer.concat([jpeg.subarray(0, 2), iptcSegment(), jpeg.subarray(2)]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A PNG with tEXt chunks (author, GPS written as text) and EXIF, as screenshot tools and editors leave them. */
export async function pngWithText(): Promise<Buffer> {
  const png = await (
    await picture(640, 480)
  )
    .withExif({ IFD0: { Make: "PhoneCo" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "33/1 34/1 0/1" } })
    .png()
    .toBuffer();
  const iend = png.length - 12;
  const text = pngChunk("tEXt", Buffer.from("Author\0Documenter Real Name GPS 33.5722 36.4036", "latin1"));
  return Buffer.concat([png.subarray(0, iend), text, png.subarray(iend)]);
}

/** A tiny PNG whose header declares width × height pixels: a decompression bomb as the decoder sees it. */
export function pngBomb(width = 30_000, height = 30_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  // A few rows of zeros, compressed: the file stays tiny whatever it claims.
  const rows = deflateSync(Buffer.alloc((width * 3 + 1) * 4));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", rows),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A minimal one-page PDF. */
export function tinyPdf(): Buffer {
  return Buffer.from(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    "latin1",
  );
}

/** Byte markers of metadata blocks: EXIF, GPS tags by name, XMP, Photoshop/IPTC, ICC profiles, PNG text. */
export const METADATA_MARKERS = [
  "Exif",
  "GPS",
  "http://ns.adobe.com/xap",
  "8BIM",
  "Photoshop",
  "ICC_PROFILE",
  "tEXt",
  "iTXt",
  "zTXt",
  "eXIf",
  "PhoneCo",
  "Documenter",
];

/** The markers found in `bytes` (empty when clean). */
export function metadataMarkersIn(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString("latin1");
  return METADATA_MARKERS.filter((m) => text.includes(m));
}
