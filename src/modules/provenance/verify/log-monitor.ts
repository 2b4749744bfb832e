// A monitor of a Sada transparency log, run by anyone from outside: it follows the log from one
// verified checkpoint to the next (signature, consistency proof, every entry in between), keeps
// what the log says about each statement, and checks that the server still serves exactly what
// it logged. Talks to the server only through the public HTTP API (GET /log/v1/…, GET
// /api/v1/statements/{id}/signed). Following the log is log-follow.ts (shared with the mirror),
// recording what it says is log-records.ts, the saved state is log-state.ts.
import fs from "node:fs";
import path from "node:path";
import { toBase64 } from "../signing";
import { defaultFetch, LogHttp, LogProblem, logUrls, type FetchLike } from "./log-client";
import { followLog, resolveLogKey, savedCheckpointTime, type VerifiedCheckpointNote } from "./log-follow";
import { keysFromState, recordEntry, unloggedRevisionProblems, type MonitorState, type StatementRecord } from "./log-records";
import { loadSavedPosition, writeFileAtomic } from "./log-state";
import { verifySignedStatement } from "./statement-verify";

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_CONTENT_LIMIT = 1000;

/** Progress of a long phase, for a progress bar. */
export type ProgressFn = (phase: "entries" | "statements", done: number, total: number) => void;

export interface MonitorOptions {
  /** The instance's base URL, or its log API (".../log/v1"). */
  baseUrl: string;
  /** Where the monitor keeps what it verified (state.json, checkpoint). */
  stateDir: string;
  /** The log's verifier key: pinned on the first run; must match the pinned one afterwards. */
  logKey?: string;
  /** Statements whose served content is re-checked per run, oldest-checked first (default 1000). */
  contentLimit?: number;
  /** Requests in flight (default 8). */
  concurrency?: number;
  fetch?: FetchLike;
  progress?: ProgressFn;
  now?: () => Date;
}

export interface MonitorReport {
  /** True when the log and every re-checked statement verified; the state was saved. */
  ok: boolean;
  origin: string | null;
  /** The new checkpoint's tree size (the previous one when it could not be checked). */
  size: number;
  previousSize: number;
  newEntries: number;
  /** The first run pinned the log key as the server published it (trust on first use). */
  firstRun: boolean;
  statementsChecked: number;
  problems: string[];
}

/** Checks the served signed statement against the log and what the log recorded for it; returns problems. */
async function checkStatement(
  http: LogHttp,
  instance: string,
  id: string,
  record: StatementRecord,
  verifyWith: { logKey: string; trustedCheckpoint: string; fetchConsistency: (from: number, to: number) => Promise<string[]> },
  log: { keys: MonitorState["keys"]; checkpointAt: number | null },
): Promise<string[]> {
  const bundle = await http.json(`${instance}/api/v1/statements/${encodeURIComponent(id)}/signed`, true);
  const logged = Object.entries(record.revisions).sort(([a], [b]) => Number(a) - Number(b));
  if (bundle === null) {
    return [`statement ${id}: the log recorded ${logged.length} revision(s) but the server no longer serves the statement (HTTP 404)`];
  }
  const problems: string[] = [];
  const report = await verifySignedStatement(bundle, { ...verifyWith, statement: id });
  for (const c of report.checks.filter((c) => !c.ok)) {
    problems.push(`statement ${id}: ${c.what}${c.detail ? `: ${c.detail}` : ""}`);
  }
  const served = new Map<number, string | null>();
  const revisions = (bundle as { revisions?: unknown }).revisions;
  for (const r of Array.isArray(revisions) ? (revisions as Array<Record<string, unknown>>) : []) {
    if (typeof r !== "object" || r === null || typeof r.number !== "number") {
      continue;
    }
    served.set(r.number, typeof r.hash === "string" ? r.hash : null);
    if (record.revisions[String(r.number)] === undefined) {
      problems.push(...unloggedRevisionProblems(id, r, log.keys, log.checkpointAt));
    }
  }
  for (const [n, hash] of logged) {
    const now = served.get(Number(n));
    if (now === undefined) {
      problems.push(`statement ${id} revision ${n}: the server no longer serves it, but the log recorded hash ${hash}`);
    } else if (now !== hash) {
      problems.push(`statement ${id} revision ${n}: the server now serves hash ${now ?? "(none)"} but the log recorded ${hash}`);
    }
  }
  return problems;
}

/**
 * Runs the monitor once: follows the log from the state's last verified checkpoint to the latest
 * (see {@link followLog}), then re-checks up to `contentLimit` statements against what the log
 * recorded for them. Saves the new state only when everything verified. Throws
 * {@link LogUnavailable} when the log cannot be read (network, HTTP error, damaged state).
 */
export async function monitorLog(opts: MonitorOptions): Promise<MonitorReport> {
  const { instance, log } = logUrls(opts.baseUrl);
  const http = new LogHttp(opts.fetch ?? defaultFetch);
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const now = opts.now ?? (() => new Date());
  const stateFile = path.join(opts.stateDir, "state.json");
  const { saved, previous, pinned } = loadSavedPosition(stateFile);
  const state: MonitorState = {
    version: 1,
    log,
    origin: typeof saved?.origin === "string" ? saved.origin : "",
    log_key: pinned ?? "",
    size: previous.size,
    root: toBase64(previous.root),
    frontier: previous.frontier.map(toBase64),
    checkpoint: typeof saved?.checkpoint === "string" ? saved.checkpoint : "",
    statements: structuredClone((saved?.statements ?? {}) as Record<string, StatementRecord>),
    keys: keysFromState(saved?.keys),
  };
  const report: MonitorReport = {
    ok: false,
    origin: state.origin || null,
    size: previous.size,
    previousSize: previous.size,
    newEntries: 0,
    firstRun: saved === null,
    statementsChecked: 0,
    problems: [],
  };

  let checkpoint: VerifiedCheckpointNote;
  let key: Awaited<ReturnType<typeof resolveLogKey>>;
  try {
    key = await resolveLogKey(http, log, pinned, opts.logKey);
    // Entries appended after the checkpoint verified last time must not be dated (much) before it.
    const earlierAt = saved && state.checkpoint ? savedCheckpointTime(state.checkpoint, key) : null;
    const earlier = earlierAt === null ? null : { size: previous.size, at: earlierAt };
    const followed = await followLog(http, log, key, previous, {
      concurrency,
      progress: opts.progress ? (done, total) => opts.progress?.("entries", done, total) : undefined,
      onPage: (entries) => {
        for (const e of entries) {
          report.problems.push(...recordEntry(state, e.index, e.entry, earlier));
        }
      },
    });
    checkpoint = followed.checkpoint;
    Object.assign(state, {
      origin: checkpoint.origin,
      log_key: key.vkey,
      size: followed.position.size,
      root: toBase64(followed.position.root),
      frontier: followed.position.frontier.map(toBase64),
      checkpoint: checkpoint.note,
    });
    report.origin = checkpoint.origin;
    report.size = checkpoint.size;
    report.newEntries = checkpoint.size - previous.size;
  } catch (e) {
    if (e instanceof LogProblem) {
      report.problems.push(e.message);
      return report;
    }
    throw e;
  }

  // Content: the oldest-checked statements first (never-checked ones, and those with new revisions, before all).
  const due = Object.entries(state.statements)
    .sort(([, a], [, b]) => (a.checked_at ?? "").localeCompare(b.checked_at ?? ""))
    .slice(0, Math.max(0, opts.contentLimit ?? DEFAULT_CONTENT_LIMIT));
  const proofs = new Map<string, Promise<string[]>>();
  const fetchConsistency = (from: number, to: number): Promise<string[]> => {
    const k = `${from}-${to}`;
    let p = proofs.get(k);
    if (!p) {
      p = http.json(`${log}/proof/consistency?from=${from}&to=${to}`).then((b) => {
        const items = (b as { consistency_path?: unknown } | null)?.consistency_path;
        return Array.isArray(items) ? items.map(String) : [];
      });
      proofs.set(k, p);
    }
    return p;
  };
  const verifyWith = { logKey: key.vkey, trustedCheckpoint: checkpoint.note, fetchConsistency };
  let next = 0;
  const checkedAt = now().toISOString();
  const worker = async () => {
    while (next < due.length) {
      const [id, record] = due[next++] as [string, StatementRecord];
      report.problems.push(...(await checkStatement(http, instance, id, record, verifyWith, { keys: state.keys, checkpointAt: checkpoint.at })));
      record.checked_at = checkedAt;
      report.statementsChecked += 1;
      opts.progress?.("statements", report.statementsChecked, due.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, due.length)) }, worker));

  if (report.problems.length > 0) {
    return report;
  }
  fs.mkdirSync(opts.stateDir, { recursive: true });
  writeFileAtomic(path.join(opts.stateDir, "checkpoint"), checkpoint.note);
  writeFileAtomic(stateFile, `${JSON.stringify(state, null, 1)}\n`);
  report.ok = true;
  return report;
}
