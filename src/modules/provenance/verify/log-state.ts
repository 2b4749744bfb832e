// What the monitor and the mirror keep between runs: the verified position (size, root, frontier)
// in a JSON state file, written atomically.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { bytesEqual, CompactRange } from "../merkle";
import { b64, LogUnavailable } from "./log-client";
import type { LogPosition } from "./log-follow";

/** Restores and checks a saved position (size, root, frontier in base64). */
export function positionFromState(s: { size?: unknown; root?: unknown; frontier?: unknown }, file: string): LogPosition {
  try {
    const size = s.size;
    if (typeof size !== "number" || !Array.isArray(s.frontier)) {
      throw new Error("size or frontier missing");
    }
    const frontier = s.frontier.map((h, i) => b64(h, `frontier hash ${i}`));
    const root = b64(s.root, "root");
    const range = new CompactRange(size, frontier);
    if (!bytesEqual(range.root(), root)) {
      throw new Error("its frontier does not give its root");
    }
    return { size, root, frontier };
  } catch (e) {
    throw new LogUnavailable(`the state file ${file} is damaged (${e instanceof Error ? e.message : String(e)}); move it away to start over`);
  }
}

/** Reads a JSON state file; null when it does not exist. */
export function readStateFile(file: string): Record<string, unknown> | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      return null;
    }
    throw new LogUnavailable(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new Error("not an object");
    }
    return value as Record<string, unknown>;
  } catch (e) {
    throw new LogUnavailable(`the state file ${file} is damaged (${e instanceof Error ? e.message : String(e)}); move it away to start over`);
  }
}

/** Writes a file atomically: a temporary file in the same folder, then a rename over the old one. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The position verified by an earlier run (the empty log on a first run) and the log key it pinned. */
export function loadSavedPosition(stateFile: string): { saved: Record<string, unknown> | null; previous: LogPosition; pinned: string | null } {
  const saved = readStateFile(stateFile);
  const previous: LogPosition = saved ? positionFromState(saved, stateFile) : { size: 0, root: new CompactRange().root(), frontier: [] };
  const pinned = saved ? (typeof saved.log_key === "string" ? saved.log_key : null) : null;
  if (saved && pinned === null) {
    throw new LogUnavailable(`the state file ${stateFile} is damaged (no log key); move it away to start over`);
  }
  return { saved, previous, pinned };
}
