// A full, verified copy of a Sada transparency log in plain files, kept up to date incrementally:
//   DIR/checkpoint                     the latest verified checkpoint note
//   DIR/entries/NNNNNNNNNN.jsonl       pages of 1000 entries, named by their first index (10 digits),
//                                      one {"index","entry"} JSON object per line; the last page may be
//                                      partial and is rewritten as it fills
//   DIR/state.json                     origin, pinned log key, size, root, frontier
// Each run verifies exactly like the monitor (signature, consistency proof, every entry rebuilding the
// root) before it writes anything: on any failure the copy is left as it was.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { toBase64 } from "../signing";
import { defaultFetch, LogHttp, LogProblem, LogUnavailable, logUrls, type FetchLike } from "./log-client";
import { ENTRIES_PAGE, followLog, resolveLogKey, type FetchedEntry } from "./log-follow";
import { loadSavedPosition, writeFileAtomic } from "./log-state";

export interface MirrorOptions {
  /** The instance's base URL, or its log API (".../log/v1"). */
  baseUrl: string;
  /** The folder holding the copy. */
  dir: string;
  /** The log's verifier key: pinned on the first run; must match the pinned one afterwards. */
  logKey?: string;
  concurrency?: number;
  fetch?: FetchLike;
  progress?: (done: number, total: number) => void;
}

export interface MirrorReport {
  /** True when the new entries verified and were written. */
  ok: boolean;
  origin: string | null;
  size: number;
  previousSize: number;
  newEntries: number;
  firstRun: boolean;
  problems: string[];
}

/** The file of the page holding entry `index`. */
export function pageFileName(index: number): string {
  return `${String(Math.floor(index / ENTRIES_PAGE) * ENTRIES_PAGE).padStart(10, "0")}.jsonl`;
}

/** The lines [pageStart, size) of the partial last page already in the copy, checked. */
function partialPage(entriesDir: string, size: number): string[] {
  const count = size % ENTRIES_PAGE;
  if (count === 0) {
    return [];
  }
  const file = path.join(entriesDir, pageFileName(size));
  const first = size - count;
  let lines: string[];
  try {
    // A run interrupted while committing may have left a longer page: only the verified prefix counts.
    lines = fs.readFileSync(file, "utf8").split("\n").filter(Boolean).slice(0, count);
  } catch (e) {
    throw new LogUnavailable(`the copy is damaged: cannot read ${file} (${e instanceof Error ? e.message : String(e)})`);
  }
  lines.forEach((line, k) => {
    let index: unknown = null;
    try {
      index = (JSON.parse(line) as { index?: unknown }).index;
    } catch {
      // reported below
    }
    if (index !== first + k) {
      throw new LogUnavailable(`the copy is damaged: line ${k + 1} of ${file} is not entry ${first + k}`);
    }
  });
  if (lines.length !== count) {
    throw new LogUnavailable(`the copy is damaged: ${file} holds ${lines.length} entries, the state says ${count}`);
  }
  return lines;
}

/** Brings the copy in `dir` up to the log's latest checkpoint. Throws {@link LogUnavailable} when the log cannot be read. */
export async function mirrorLog(opts: MirrorOptions): Promise<MirrorReport> {
  const { log } = logUrls(opts.baseUrl);
  const http = new LogHttp(opts.fetch ?? defaultFetch);
  const stateFile = path.join(opts.dir, "state.json");
  const entriesDir = path.join(opts.dir, "entries");
  const { saved, previous, pinned } = loadSavedPosition(stateFile);
  const report: MirrorReport = {
    ok: false,
    origin: typeof saved?.origin === "string" ? saved.origin : null,
    size: previous.size,
    previousSize: previous.size,
    newEntries: 0,
    firstRun: saved === null,
    problems: [],
  };
  const carried = saved ? partialPage(entriesDir, previous.size) : [];

  fs.mkdirSync(opts.dir, { recursive: true });
  const incoming = path.join(opts.dir, `.incoming-${process.pid}-${randomBytes(4).toString("hex")}`);
  fs.mkdirSync(incoming);
  const written: string[] = [];
  try {
    const key = await resolveLogKey(http, log, pinned, opts.logKey);
    const followed = await followLog(http, log, key, previous, {
      concurrency: opts.concurrency ?? 8,
      progress: opts.progress,
      onPage: (entries: FetchedEntry[]) => {
        const first = entries[0];
        if (!first) {
          return;
        }
        const name = pageFileName(first.index);
        const lines = [...(first.index % ENTRIES_PAGE !== 0 ? carried : []), ...entries.map((e) => JSON.stringify({ index: e.index, entry: e.entry }))];
        fs.writeFileSync(path.join(incoming, name), lines.map((l) => `${l}\n`).join(""));
        written.push(name);
      },
    });
    // Everything verified: move the pages in, then the checkpoint, then the state (which makes them count).
    fs.mkdirSync(entriesDir, { recursive: true });
    for (const name of written) {
      fs.renameSync(path.join(incoming, name), path.join(entriesDir, name));
    }
    writeFileAtomic(path.join(opts.dir, "checkpoint"), followed.checkpoint.note);
    const state = {
      version: 1,
      log,
      origin: followed.checkpoint.origin,
      log_key: key.vkey,
      size: followed.position.size,
      root: toBase64(followed.position.root),
      frontier: followed.position.frontier.map(toBase64),
    };
    writeFileAtomic(stateFile, `${JSON.stringify(state, null, 1)}\n`);
    Object.assign(report, {
      ok: true,
      origin: followed.checkpoint.origin,
      size: followed.position.size,
      newEntries: followed.position.size - previous.size,
    });
    return report;
  } catch (e) {
    if (e instanceof LogProblem) {
      report.problems.push(e.message);
      return report;
    }
    throw e;
  } finally {
    fs.rmSync(incoming, { recursive: true, force: true });
  }
}
