import fs from "node:fs";
import { parseArgs } from "node:util";
import { defaultFetch, LogUnavailable, type FetchLike } from "../modules/provenance/verify/log-client";
import { monitorLog, type ProgressFn } from "../modules/provenance/verify/log-monitor";
import { mirrorLog } from "../modules/provenance/verify/log-mirror";
import { verifySignedStatement, type VerifyReport } from "../modules/provenance/verify/statement-verify";
import { parseVerifierKey } from "../modules/provenance/signing";
import { createProgress, type Progress } from "../platform/cli/progress";

// `sada verify …` and `sada log …` are HTTP clients of any Sada instance (or read files): they need
// no database and no configuration, so anyone can run them against a server they do not trust.

export const PROVENANCE_HELP: Record<string, string> = {
  verify: `Usage: sada verify statement URL|FILE [--checkpoint FILE] [--log-key VKEY|FILE] [--json] [--require-log]

Checks a signed statement without trusting the server that serves it: every revision's hash,
the revision chain, the group's signatures (Ed25519, OpenSSH or minisign) and key revocations,
translations signed by the instance, the log's signed checkpoint and each inclusion proof.

  URL                 a statement page (https://HOST/en/statements/ID), its API URL
                      (https://HOST/api/v1/statements/ID) or the signed document (…/ID/signed)
  FILE                a signed document saved earlier (…/signed?download): checked offline
  --checkpoint FILE   a checkpoint you trust (from a witness, or saved earlier from
                      /log/v1/checkpoint): the log must be consistent with it
  --log-key VKEY|FILE the log's verifier key you trust (from /log/v1/key, obtained independently);
                      without it the key in the document is used, which proves less
  --json              print the report as JSON
  --require-log       fail also for revisions not yet in a checkpoint

Exit status: 0 valid, 1 invalid, 2 usage, file or network error.`,
  log: `Usage: sada log monitor URL --state DIR [--log-key VKEY|FILE] [--content-limit N]
       sada log mirror URL DIR [--log-key VKEY|FILE]

URL is the instance's address (https://HOST) or its log (https://HOST/log/v1).

monitor  Follows the transparency log from the last checkpoint verified in DIR: checks the new
         checkpoint's signature, the consistency proof, and every new entry; then re-checks up to
         N statements (default 1000, oldest-checked first): the server must still serve exactly
         the revisions the log recorded. The log key is pinned on the first run (or given with
         --log-key). DIR is updated only when everything verified. Run it from cron.
mirror   Keeps a full verified copy of the log in DIR (checkpoint, entries/*.jsonl, state.json).

Exit status: 0 consistent, 1 inconsistency found (details on stderr), 2 usage or network error.`,
};

type Out = { ok: (s: string) => void; fail: (s: string) => void };

const stdio: Out = {
  ok: (line) => process.stdout.write(line + "\n"),
  fail: (line) => process.stderr.write(line + "\n"),
};

const VKEY = /^[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/;

/** A verifier key given inline or as a file holding it; null (with a message) when it is neither. */
function readLogKey(value: string, out: Out): string | null {
  let text = value.trim();
  if (!VKEY.test(text)) {
    try {
      text = fs.readFileSync(value, "utf8").trim();
    } catch (e) {
      out.fail(`--log-key: "${value}" is neither a verifier key (name+hash+key) nor a readable file (${(e as Error).message})`);
      return null;
    }
  }
  try {
    parseVerifierKey(text);
    return text;
  } catch (e) {
    out.fail(`--log-key: not a verifier key: ${(e as Error).message}`);
    return null;
  }
}

/** The statement a page, API or signed URL names, and the URL of its signed document; null when it is none of these. */
export function statementTarget(target: string): { id: string; url: string } | null {
  let u: URL;
  try {
    u = new URL(target);
  } catch {
    return null;
  }
  const m = /^(.*?)\/(?:api\/v1|[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\/statements\/([0-9A-Za-z]+)(?:\/.*)?$/.exec(u.pathname);
  if ((u.protocol !== "http:" && u.protocol !== "https:") || !m) {
    return null;
  }
  const id = m[2] ?? "";
  return { id, url: `${u.origin}${m[1] ?? ""}/api/v1/statements/${id}/signed` };
}

/** The signed-document URL of a statement page, API or signed URL; null when it is none of these. */
export function signedStatementUrl(target: string): string | null {
  return statementTarget(target)?.url ?? null;
}

function describeFetchError(url: string, e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : String(e);
  return `Cannot reach ${url}: ${cause}`;
}

function printReport(report: VerifyReport, out: Out): void {
  for (const c of report.checks) {
    const mark = !c.ok ? "✗" : c.note ? "!" : "✓";
    out.ok(`${mark} ${c.what}${c.detail ? `: ${c.detail}` : ""}`);
  }
  const failed = report.checks.filter((c) => !c.ok).length;
  const subject = report.statement ? `statement ${report.statement}` : "the document";
  out.ok(report.valid ? `valid: ${subject}, ${report.checks.length} checks passed` : `INVALID: ${subject}, ${failed} of ${report.checks.length} checks failed`);
}

/** `sada verify statement URL|FILE …`. Returns the exit code. `fetchFn` is the network (an in-process app in tests). */
export async function runVerifyCommand(args: string[], out: Out = stdio, fetchFn: FetchLike = defaultFetch): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { checkpoint: { type: "string" }, "log-key": { type: "string" }, json: { type: "boolean" }, "require-log": { type: "boolean" } },
    });
  } catch (e) {
    out.fail(`${(e as Error).message}\n\n${PROVENANCE_HELP.verify}`);
    return 2;
  }
  const [what, target, ...extra] = parsed.positionals;
  if (what !== "statement" || !target || extra.length > 0) {
    out.fail(PROVENANCE_HELP.verify ?? "");
    return 2;
  }
  const v = parsed.values;
  const logKey = v["log-key"] === undefined ? undefined : readLogKey(v["log-key"], out);
  if (logKey === null) {
    return 2;
  }
  let trustedCheckpoint: string | undefined;
  if (v.checkpoint !== undefined) {
    try {
      trustedCheckpoint = fs.readFileSync(v.checkpoint, "utf8");
    } catch (e) {
      out.fail(`Cannot read the checkpoint ${v.checkpoint}: ${(e as Error).message}`);
      return 2;
    }
  }

  let text: string;
  let online = false;
  /** The statement the URL names: the document served must be that one, not another the server picked. */
  let asked: string | undefined;
  if (/^https?:\/\//i.test(target)) {
    const named = statementTarget(target);
    if (!named) {
      out.fail(`${target} is not the address of a statement (…/LANG/statements/ID, …/api/v1/statements/ID or …/signed).`);
      return 2;
    }
    const url = named.url;
    asked = named.id;
    let res: Response;
    try {
      res = await fetchFn(url);
    } catch (e) {
      out.fail(describeFetchError(url, e));
      return 2;
    }
    if (!res.ok) {
      out.fail(`HTTP ${res.status} from ${url}${res.status === 404 ? ": no such statement" : ""}`);
      return 2;
    }
    text = await res.text();
    online = true;
  } else {
    try {
      text = fs.readFileSync(target, "utf8");
    } catch (e) {
      out.fail(`Cannot read ${target}: ${(e as Error).message}`);
      return 2;
    }
  }
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch {
    out.fail(`${target} is not JSON: expected a signed statement document (format sada-signed-statement/1).`);
    return 2;
  }

  const logUrl = typeof (bundle as { log_url?: unknown } | null)?.log_url === "string" ? (bundle as { log_url: string }).log_url : null;
  const fetchConsistency =
    online && logUrl
      ? async (from: number, to: number): Promise<string[]> => {
          const url = `${logUrl}/proof/consistency?from=${from}&to=${to}`;
          const res = await fetchFn(url);
          if (!res.ok) {
            throw new Error(`HTTP ${res.status} from ${url}`);
          }
          const body = (await res.json()) as { consistency_path?: unknown };
          return Array.isArray(body.consistency_path) ? body.consistency_path.map(String) : [];
        }
      : undefined;
  const report = await verifySignedStatement(bundle, {
    logKey,
    trustedCheckpoint,
    fetchConsistency,
    requireLogged: v["require-log"] === true,
    statement: asked,
  });
  if (v.json) {
    out.ok(JSON.stringify(report, null, 2));
  } else {
    printReport(report, out);
  }
  return report.valid ? 0 : 1;
}

/** A progress callback drawing one bar per phase, only for work longer than a page. */
function progressBars(): { progress: ProgressFn; done: () => void } {
  let bar: Progress | null = null;
  let current = "";
  return {
    progress: (phase, done, total) => {
      if (total <= 1000) {
        return;
      }
      if (phase !== current) {
        bar?.done();
        current = phase;
        bar = createProgress(phase === "entries" ? "Fetching log entries" : "Checking statements", total);
      }
      bar?.update(done);
    },
    done: () => bar?.done(),
  };
}

/** `sada log monitor|mirror …`. Returns the exit code. */
export async function runLogCommand(args: string[], out: Out = stdio): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { state: { type: "string" }, "log-key": { type: "string" }, "content-limit": { type: "string" } },
    });
  } catch (e) {
    out.fail(`${(e as Error).message}\n\n${PROVENANCE_HELP.log}`);
    return 2;
  }
  const [action, url, dirArg, ...extra] = parsed.positionals;
  const v = parsed.values;
  const usage = (why?: string) => {
    out.fail(`${why ? `${why}\n\n` : ""}${PROVENANCE_HELP.log}`);
    return 2;
  };
  if ((action !== "monitor" && action !== "mirror") || !url || extra.length > 0) {
    return usage();
  }
  if (!/^https?:\/\//i.test(url)) {
    return usage(`${url} is not an http(s) URL.`);
  }
  const logKey = v["log-key"] === undefined ? undefined : readLogKey(v["log-key"], out);
  if (logKey === null) {
    return 2;
  }
  const bars = progressBars();
  try {
    if (action === "monitor") {
      const stateDir = v.state ?? dirArg;
      if (!stateDir || (v.state !== undefined && dirArg !== undefined)) {
        return usage("Give the state folder with --state DIR.");
      }
      let contentLimit: number | undefined;
      if (v["content-limit"] !== undefined) {
        contentLimit = /^[0-9]+$/.test(v["content-limit"]) ? Number(v["content-limit"]) : NaN;
        if (!Number.isSafeInteger(contentLimit)) {
          return usage("--content-limit must be a whole number.");
        }
      }
      const r = await monitorLog({ baseUrl: url, stateDir, logKey, contentLimit, progress: bars.progress });
      bars.done();
      const name = `log ${r.origin ?? url}`;
      if (!r.ok) {
        for (const p of r.problems) {
          out.fail(`problem: ${p}`);
        }
        out.ok(`${name}: INCONSISTENT: ${r.problems.length} problem(s) found; ${stateDir} was not updated.`);
        return 1;
      }
      const how = r.firstRun ? "first run: the log key is now pinned (trust on first use)" : "consistent with the last checkpoint";
      out.ok(`${name}: ${r.size.toLocaleString("en")} entries (+${r.newEntries.toLocaleString("en")}), ${how}, ${r.statementsChecked} statements re-checked`);
      return 0;
    }
    if (!dirArg || v.state !== undefined || v["content-limit"] !== undefined) {
      return usage("Give the folder for the copy: sada log mirror URL DIR.");
    }
    const r = await mirrorLog({ baseUrl: url, dir: dirArg, logKey, progress: (done, total) => bars.progress("entries", done, total) });
    bars.done();
    const name = `log ${r.origin ?? url}`;
    if (!r.ok) {
      for (const p of r.problems) {
        out.fail(`problem: ${p}`);
      }
      out.ok(`${name}: INCONSISTENT: ${r.problems.length} problem(s) found; the copy in ${dirArg} was not changed.`);
      return 1;
    }
    out.ok(
      `${name}: ${r.size.toLocaleString("en")} entries (+${r.newEntries.toLocaleString("en")}) mirrored in ${dirArg}, consistent with the last checkpoint`,
    );
    return 0;
  } catch (e) {
    bars.done();
    // Nothing could be checked (network, HTTP error, unreadable state or copy): not an inconsistency.
    out.fail(e instanceof LogUnavailable ? e.message : `Cannot ${action} the log: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}
