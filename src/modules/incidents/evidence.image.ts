import sharp from "sharp";
import { MAX_PIXELS } from "../media/media.process";

/**
 * A photo re-encoded from its pixels (upright, sRGB, JPEG): EXIF with GPS, XMP, IPTC, maker notes,
 * thumbnails and colour profiles are all left behind. Null when the file cannot be decoded.
 */
export async function metadataFreeCopy(bytes: Uint8Array): Promise<Buffer | null> {
  try {
    return await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: "error", animated: false })
      .autoOrient()
      .toColourspace("srgb")
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 90 })
      .toBuffer();
  } catch {
    return null;
  }
}
