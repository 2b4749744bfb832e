import fs from "node:fs";
import { parseArgs } from "node:util";
import { accountService } from "../modules/accounts/account.service";
import type { Database } from "../modules/database";
import { csvHeader, incidentCsvRecord } from "../modules/incidents/incident.csv";
import { importIncidentsCsv } from "../modules/incidents/incident.import";
import { incidentFilter } from "../modules/incidents/incident.commands";
import { countIncidents, getIncident, listIncidents } from "../modules/incidents/incident.queries";
import { createProgress } from "../platform/cli/progress";
import { INCIDENT_JSON_SCHEMA, incidentDetailJson } from "../modules/incidents/incident.serializers";
import { systemClock } from "../platform/clock";
import type { Config } from "../platform/config";
import { connect } from "../platform/db/connect";
import { incidentTextsToTranslation } from "./incident-translation";
import { migrateToLatest } from "../platform/db/migrator";
import { translatorFor } from "../platform/i18n/translator";

export const INCIDENTS_HELP: Record<string, string> = {
  incidents: `Usage: sada incidents import FILE.csv --handle H [--skip-bad]
       sada incidents export [--format csv|json] [--out FILE] [--type T] [--place CODE] [--from D] [--to D] [--grade G]

import: reads incidents from a CSV file (UTF-8, header row; columns in docs/data.md,
"Incidents") as the account H (a member of each row's group, or an editor). Every row is
checked first; each problem is printed with its line number, and nothing is imported when any
row is bad, unless --skip-bad imports the good rows and reports the others.
export: writes the incidents as CSV (default) or as the JSON export (schema sada.incident/1),
to stdout unless --out is given (then with a progress bar on stderr). Withheld coordinates
stay withheld.`,
};

type Out = { ok: (s: string) => void; fail: (s: string) => void };

/** `sada incidents import|export`: thin entry points over the incidents module. */
export async function runIncidentsCommand(args: string[], cfg: Config, out: Out): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        handle: { type: "string" },
        "skip-bad": { type: "boolean", default: false },
        format: { type: "string", default: "csv" },
        out: { type: "string" },
        type: { type: "string" },
        place: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        grade: { type: "string" },
      },
    });
  } catch (e) {
    out.fail(`${e instanceof Error ? e.message : String(e)}\n\n${INCIDENTS_HELP.incidents}`);
    return 2;
  }
  const [action, file] = parsed.positionals;
  const v = parsed.values;
  const usage = () => {
    out.fail(INCIDENTS_HELP.incidents ?? "");
    return 2;
  };
  if (action !== "import" && action !== "export") {
    return usage();
  }
  if (action === "import" && (!file || !v.handle)) {
    return usage();
  }
  if (action === "export" && v.format !== "csv" && v.format !== "json") {
    return usage();
  }
  let text = "";
  if (action === "import") {
    try {
      text = fs.readFileSync(file ?? "", "utf8");
    } catch (e) {
      out.fail(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    }
  }
  const handle = connect<Database>(cfg.database);
  try {
    await migrateToLatest(handle.db as never);
    const ctx = { db: handle.db, dialect: handle.dialect };
    if (action === "import") {
      const viewer = await accountService.findByHandle(ctx, v.handle ?? "");
      if (!viewer) {
        out.fail(`No account with handle "${v.handle ?? ""}".`);
        return 2;
      }
      const report = await importIncidentsCsv(
        { ...ctx, clock: systemClock, dataDir: cfg.dataDir, incidentRevisionWritten: incidentTextsToTranslation(cfg.claimHours) },
        viewer,
        text,
        { skipBad: v["skip-bad"] === true },
      );
      const en = translatorFor("en");
      for (const p of report.problems) {
        const reason = p.reason.startsWith("error.") ? en.t(p.reason as "error.validation") : p.reason;
        out.fail(`line ${p.line}${p.field ? ` (${p.field})` : ""}: ${reason}`);
      }
      if (report.problems.length > 0 && !v["skip-bad"]) {
        out.fail(`${report.problems.length} problem(s): nothing imported. Fix the file, or use --skip-bad to import the good rows.`);
        return 1;
      }
      out.ok(`${report.imported} incident(s) imported${report.skipped > 0 ? `, ${report.skipped} bad row(s) skipped` : ""}.`);
      return 0;
    }
    const filter = incidentFilter.parse({ type: v.type, place: v.place, from: v.from, to: v.to, grade: v.grade });
    const target = v.out ? fs.createWriteStream(v.out) : process.stdout;
    const write = (s: string) => new Promise<void>((resolve, reject) => target.write(s, (e) => (e ? reject(e) : resolve())));
    let count = 0;
    // A progress bar on stderr when the file goes to --out (stdout carries the data otherwise).
    const progress = v.out ? createProgress("Exporting incidents", await countIncidents(ctx, filter)) : null;
    if (v.format === "csv") {
      await write(csvHeader());
    } else {
      await write(`{"schema":${JSON.stringify(INCIDENT_JSON_SCHEMA)},"generated_at":${JSON.stringify(new Date().toISOString())},"incidents":[`);
    }
    for (let offset = 0; ; offset += 200) {
      const rows = await listIncidents(ctx, filter, "en", { limit: 200, offset });
      for (const row of rows) {
        if (v.format === "csv") {
          await write(incidentCsvRecord(row, cfg.baseUrl));
        } else {
          const detail = await getIncident(ctx, row.id, "en");
          if (detail) {
            await write((count > 0 ? "," : "") + JSON.stringify(incidentDetailJson(detail, cfg.baseUrl)));
          }
        }
        count++;
        progress?.update(count);
      }
      if (rows.length < 200) {
        break;
      }
    }
    if (v.format === "json") {
      await write("]}\n");
    }
    progress?.done();
    if (v.out && target !== process.stdout) {
      await new Promise<void>((resolve) => (target as fs.WriteStream).end(resolve));
      out.fail(`${count} incident(s) written to ${v.out}.`);
    }
    return 0;
  } finally {
    await handle.close();
  }
}
