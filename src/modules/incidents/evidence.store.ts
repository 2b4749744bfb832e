import fs from "node:fs";
import path from "node:path";
import { sha256Hex } from "../../platform/hash";
import { isSha256 } from "./evidence.model";

/**
 * Evidence files on disk, named by their SHA-256 under <dataDir>/evidence/. The same bytes are
 * stored once; a file is written to a temporary name first and renamed, so a crash never
 * leaves a half-written file under a hash name.
 */
export function evidenceStore(dataDir: string) {
  const dir = path.join(dataDir, "evidence");
  return {
    dir,
    /** Stores the bytes and returns their hash. */
    put(bytes: Uint8Array): { sha256: string; size: number } {
      const sha256 = sha256Hex(bytes);
      const target = path.join(dir, sha256);
      if (!fs.existsSync(target)) {
        fs.mkdirSync(dir, { recursive: true });
        const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
        fs.writeFileSync(tmp, bytes, { mode: 0o640 });
        fs.renameSync(tmp, target);
      }
      return { sha256, size: bytes.byteLength };
    },
    /** The bytes of a stored file, or null. */
    get(sha256: string): Buffer | null {
      if (!isSha256(sha256)) {
        return null;
      }
      const file = path.join(dir, sha256);
      return fs.existsSync(file) ? fs.readFileSync(file) : null;
    },
  };
}
