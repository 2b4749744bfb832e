import type { Viewer } from "../accounts/account.model";
import { validateIncidentCsv, type RowProblem } from "./incident.csv";
import { createIncidentIn, type IncidentDeps, type IncidentError } from "./incident.service";

export interface ImportReport {
  imported: number;
  /** Rows left out because of problems (only with skipBad). */
  skipped: number;
  problems: RowProblem[];
}

class RollBack extends Error {}

function problemOf(line: number, e: IncidentError): RowProblem {
  switch (e.type) {
    case "group-not-found":
      return { line, field: "group", reason: "error.group_not_found" };
    case "group-not-publishing":
      return { line, field: "group", reason: "error.group_not_publishing" };
    case "forbidden":
      return { line, field: "group", reason: "error.forbidden" };
    case "invalid":
      return { line, field: e.field, reason: e.key };
    default:
      return { line, field: "", reason: "error.validation" };
  }
}

/**
 * Imports an incidents CSV as `viewer`. Every row is checked first (syntax, then the actor
 * vocabulary and the group), and every problem is reported with its line number. Nothing is
 * written when any row is bad, unless `skipBad` asks to import the good rows only.
 */
export async function importIncidentsCsv(deps: IncidentDeps, viewer: Viewer, text: string, opts: { skipBad: boolean }): Promise<ImportReport> {
  const { rows, problems } = validateIncidentCsv(text);
  // The rows that passed the syntax checks still go through the service (actors, group, rights)
  // in a transaction that is rolled back when anything is wrong: every bad row gets reported.
  const all = [...problems];
  let imported = 0;
  try {
    await deps.db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const r = await createIncidentIn({ ...deps, db: trx }, viewer, row.command);
        if (r.ok) {
          imported++;
        } else {
          all.push(problemOf(row.line, r.error));
        }
      }
      if (all.length > 0 && !opts.skipBad) {
        throw new RollBack();
      }
    });
  } catch (e) {
    if (!(e instanceof RollBack)) {
      throw e;
    }
    imported = 0;
  }
  all.sort((a, b) => a.line - b.line);
  const badLines = new Set(all.map((p) => p.line));
  return { imported, skipped: opts.skipBad ? badLines.size : 0, problems: all };
}
