import type { Context, Hono } from "hono";
import type { AppDeps } from "../../main/deps";
import { ERRORS } from "../../platform/errors";
import { fieldErrors, readForm } from "../../platform/http/form";
import type { MessageKey } from "../../platform/i18n/translator";
import { renderPage } from "../../platform/views/render";
import { canPublishAsGroup, groupsOfUser, membershipOf, profileFor } from "../groups";
import { LANG, type AppEnv } from "../http-env";
import { errorPage, requireSignIn } from "../site/error-response";
import { href, pageCtx } from "../site/page-ctx";
import {
  actorCommand,
  addSourceCommand,
  createIncidentCommand,
  gradeCommand,
  incidentFilter,
  incidentTextCommand,
  linkStatementCommand,
  updateIncidentCommand,
} from "./incident.commands";
import { csvHeader, incidentCsvRecord } from "./incident.csv";
import { incidentFormToInput, incidentToForm, toIncidentFormErrors } from "./incident.forms";
import { importIncidentsCsv } from "./incident.import";
import { incidentPermissions } from "./incident.model";
import {
  archiveAllowsPrivate,
  countByGovernorate,
  countByMonthAndType,
  countIncidents,
  getIncident,
  incidentsForStatement,
  listActors,
  listIncidents,
} from "./incident.queries";
import { incidentService, type IncidentDeps, type IncidentError } from "./incident.service";
import { incidentsApiRoutes } from "./incidents.api";
import { incidentErrorCode } from "./incident.errors";
import { IncidentFormPage } from "./views/incident-form-page";
import { IncidentListPage } from "./views/incident-list-page";
import { ActorsPage, ImportPage, MethodologyPage, SettingsPage, StatementIncidentsPage } from "./views/incident-misc-pages";
import { incidentPageResponder } from "./incident-page.response";
import { archiveFailure } from "./views/labels";

const PAGE_SIZE = 50;

const NOTICES: Record<string, MessageKey> = {
  recorded: "notice.incident_recorded",
  saved: "notice.saved",
  source: "notice.incident_source_added",
  archived: "notice.incident_archived",
  graded: "notice.incident_graded",
  linked: "notice.incident_statement_linked",
  text: "notice.incident_text_saved",
};

/** Reads a multipart file field as bytes; absent or empty means none. */
async function fileBytes(value: unknown): Promise<Uint8Array | undefined> {
  if (value instanceof File && value.size > 0) {
    return new Uint8Array(await value.arrayBuffer());
  }
  return undefined;
}

/** Route table of the incidents module: pages, evidence downloads, exports and the JSON API. */
export function incidentsRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const ideps: IncidentDeps = {
    db: deps.db,
    dialect: deps.dialect,
    clock: deps.clock,
    dataDir: deps.config.dataDir,
    maxEvidenceBytes: deps.config.uploadMaxBytes,
    // Grades given through pages and the API go into the transparency log.
    gradeChanged: deps.gradeChanged,
    // Every save hands the original text to the translation workflow.
    incidentRevisionWritten: deps.incidentRevisionWritten,
  };
  const noticeOf = (c: Context<AppEnv>) => {
    const key = NOTICES[c.req.query("done") ?? ""];
    return key ? c.get("i18n").t(key) : undefined;
  };

  /** Groups the viewer may record for: accepted memberships of groups that may publish. */
  const recordingGroups = async (c: Context<AppEnv>) => {
    const viewer = c.get("viewer");
    if (!viewer) {
      return [];
    }
    const groups = await groupsOfUser(deps, viewer.id);
    return groups.filter((g) => g.accepted && canPublishAsGroup(g.status)).map((g) => ({ slug: g.slug, name: profileFor(g, c.get("i18n").lang).name }));
  };

  // ---- Pages -------------------------------------------------------------------------------

  app.get(`${LANG}/incidents`, async (c) => {
    const ctx = pageCtx(c);
    const filter = incidentFilter.parse(c.req.query());
    const page = Math.max(1, Math.min(10_000, Number(c.req.query("page") ?? "1") || 1));
    const [items, total, counts, chart, actors, groups] = await Promise.all([
      listIncidents(deps, filter, ctx.i.lang, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      countIncidents(deps, filter),
      countByGovernorate(deps, filter),
      countByMonthAndType(deps, filter),
      listActors(deps),
      recordingGroups(c),
    ]);
    const canRecord = incidentPermissions.record(ctx.viewer, groups.length > 0);
    return renderPage(
      c,
      200,
      <IncidentListPage
        ctx={ctx}
        filter={filter}
        items={items}
        total={total}
        page={page}
        pageSize={PAGE_SIZE}
        counts={counts}
        chart={chart}
        actors={actors}
        canRecord={canRecord}
        canManageActors={incidentPermissions.manageActors(ctx.viewer)}
      />,
    );
  });

  app.get(`${LANG}/incidents.csv`, async (c) => {
    const filter = incidentFilter.parse(c.req.query());
    let body = csvHeader();
    for (let offset = 0; ; offset += 500) {
      const rows = await listIncidents(deps, filter, "en", { limit: 500, offset });
      for (const row of rows) {
        body += incidentCsvRecord(row, c.get("baseUrl"));
      }
      if (rows.length < 500) {
        break;
      }
    }
    return c.body(body, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="sada-incidents.csv"',
    });
  });

  app.get(`${LANG}/incidents/methodology`, (c) => renderPage(c, 200, <MethodologyPage ctx={pageCtx(c)} />));

  app.get(`${LANG}/incidents/new`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const groups = await recordingGroups(c);
    if (!incidentPermissions.record(ctx.viewer, groups.length > 0)) {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    const mode = { kind: "new" as const, groups, allowNoGroup: incidentPermissions.record(ctx.viewer, false) };
    return renderPage(c, 200, <IncidentFormPage ctx={ctx} mode={mode} form={{}} actors={await listActors(deps)} />);
  });

  app.post(`${LANG}/incidents/new`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const form = await readForm(c);
    const groups = await recordingGroups(c);
    const mode = { kind: "new" as const, groups, allowNoGroup: incidentPermissions.record(ctx.viewer, false) };
    const parsed = createIncidentCommand.safeParse(incidentFormToInput(form));
    if (!parsed.success) {
      const errors = toIncidentFormErrors(fieldErrors(parsed.error));
      return renderPage(c, 422, <IncidentFormPage ctx={ctx} mode={mode} form={form} actors={await listActors(deps)} errors={errors} />);
    }
    const r = await incidentService.create(ideps, ctx.viewer, parsed.data);
    if (!r.ok) {
      if (r.error.type === "invalid") {
        return renderPage(
          c,
          422,
          <IncidentFormPage ctx={ctx} mode={mode} form={form} actors={await listActors(deps)} errors={{ [r.error.field]: r.error.key }} />,
        );
      }
      return errorPage(c, incidentErrorCode(r.error));
    }
    return c.redirect(href(ctx, `/incidents/${r.value.id}?done=recorded`), 303);
  });

  app.get(`${LANG}/incidents/actors`, async (c) => {
    const ctx = pageCtx(c);
    return renderPage(
      c,
      200,
      <ActorsPage ctx={ctx} actors={await listActors(deps)} canManage={incidentPermissions.manageActors(ctx.viewer)} notice={noticeOf(c)} />,
    );
  });

  app.post(`${LANG}/incidents/actors`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const parsed = actorCommand.safeParse(await readForm(c));
    const fail = async (errors: Record<string, string>) =>
      renderPage(c, 422, <ActorsPage ctx={ctx} actors={await listActors(deps)} canManage={incidentPermissions.manageActors(ctx.viewer)} errors={errors} />);
    if (!parsed.success) {
      return fail(fieldErrors(parsed.error));
    }
    const r = await incidentService.addActor(ideps, ctx.viewer, parsed.data.name);
    if (!r.ok) {
      return r.error.type === "invalid" ? fail({ [r.error.field]: r.error.key }) : errorPage(c, incidentErrorCode(r.error));
    }
    return c.redirect(href(ctx, "/incidents/actors?done=saved"), 303);
  });

  app.get(`${LANG}/incidents/settings`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    if (!incidentPermissions.settings(ctx.viewer)) {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    return renderPage(c, 200, <SettingsPage ctx={ctx} allowPrivate={await archiveAllowsPrivate(deps)} notice={noticeOf(c)} />);
  });

  app.post(`${LANG}/incidents/settings`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const form = await readForm(c);
    const r = await incidentService.setArchiveAllowPrivate(ideps, ctx.viewer, form.allowPrivate === "1");
    return r.ok ? c.redirect(href(ctx, "/incidents/settings?done=saved"), 303) : errorPage(c, incidentErrorCode(r.error));
  });

  app.get(`${LANG}/incidents/import`, (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    return incidentPermissions.manageActors(ctx.viewer) ? renderPage(c, 200, <ImportPage ctx={ctx} />) : errorPage(c, "ERR_FORBIDDEN");
  });

  app.post(`${LANG}/incidents/import`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    // Web import is for editors; documenters use the API or the command line.
    if (!incidentPermissions.manageActors(ctx.viewer)) {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    const body = await c.req.parseBody();
    const bytes = await fileBytes(body.csv);
    const text = bytes ? new TextDecoder("utf-8", { fatal: false }).decode(bytes) : "";
    const report = await importIncidentsCsv(ideps, ctx.viewer, text, { skipBad: body.skipBad === "1" });
    const failed = report.problems.length > 0 && report.imported === 0;
    return renderPage(c, failed ? 422 : 200, <ImportPage ctx={ctx} problems={report.problems} imported={report.imported} skipped={report.skipped} />);
  });

  app.get(`${LANG}/incidents/for-statement/:id`, async (c) => {
    const ctx = pageCtx(c);
    const statement = await deps.db.selectFrom("statements").select(["id", "title", "lang", "group_id"]).where("id", "=", c.req.param("id")).executeTakeFirst();
    if (!statement) {
      return errorPage(c, "ERR_STATEMENT_NOT_FOUND");
    }
    const items = await incidentsForStatement(deps, statement.id, ctx.i.lang);
    return renderPage(
      c,
      200,
      <StatementIncidentsPage ctx={ctx} statement={statement} items={items} canReference={await mayReference(c, statement.group_id)} notice={noticeOf(c)} />,
    );
  });

  app.post(`${LANG}/incidents/for-statement/:id`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const statementId = c.req.param("id");
    const form = await readForm(c);
    const incidentId = typeof form.incidentId === "string" ? form.incidentId.trim() : "";
    const r = await incidentService.referenceFromStatement(ideps, ctx.viewer, statementId, incidentId);
    if (r.ok) {
      return c.redirect(href(ctx, `/incidents/for-statement/${statementId}?done=linked`), 303);
    }
    if (r.error.type !== "invalid") {
      return errorPage(c, incidentErrorCode(r.error));
    }
    const statement = await deps.db
      .selectFrom("statements")
      .select(["id", "title", "lang", "group_id"])
      .where("id", "=", statementId)
      .executeTakeFirstOrThrow();
    const items = await incidentsForStatement(deps, statementId, ctx.i.lang);
    return renderPage(c, 422, <StatementIncidentsPage ctx={ctx} statement={statement} items={items} canReference errors={{ [r.error.field]: r.error.key }} />);
  });

  /** Whether the viewer may say which incidents a statement of this group is about. */
  const mayReference = async (c: Context<AppEnv>, groupId: string) => {
    const viewer = c.get("viewer");
    return viewer !== null && (incidentPermissions.grade(viewer) || (await membershipOf(deps, groupId, viewer.id))?.accepted === true);
  };

  const { mayEdit, showIncident } = incidentPageResponder(deps, noticeOf);

  app.get(`${LANG}/incidents/:id`, (c) => showIncident(c, c.req.param("id")));

  app.get(`${LANG}/incidents/:id/edit`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const incident = await getIncident(deps, c.req.param("id"), ctx.i.lang);
    if (!incident) {
      return errorPage(c, "ERR_NOT_FOUND");
    }
    if (!(await mayEdit(c, incident))) {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    return renderPage(
      c,
      200,
      <IncidentFormPage ctx={ctx} mode={{ kind: "edit", id: incident.id }} form={incidentToForm(incident)} actors={await listActors(deps)} />,
    );
  });

  app.post(`${LANG}/incidents/:id/edit`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const id = c.req.param("id");
    const form = await readForm(c);
    const mode = { kind: "edit" as const, id };
    const parsed = updateIncidentCommand.safeParse(incidentFormToInput(form));
    if (!parsed.success) {
      return renderPage(
        c,
        422,
        <IncidentFormPage ctx={ctx} mode={mode} form={form} actors={await listActors(deps)} errors={toIncidentFormErrors(fieldErrors(parsed.error))} />,
      );
    }
    const r = await incidentService.update(ideps, ctx.viewer, id, parsed.data);
    if (!r.ok) {
      switch (r.error.type) {
        case "edit-conflict": {
          const current = await getIncident(deps, id, ctx.i.lang);
          const fresh = current ? incidentToForm(current) : form;
          return renderPage(c, 409, <IncidentFormPage ctx={ctx} mode={mode} form={fresh} actors={await listActors(deps)} conflict />);
        }
        case "invalid":
          return renderPage(
            c,
            422,
            <IncidentFormPage ctx={ctx} mode={mode} form={form} actors={await listActors(deps)} errors={{ [r.error.field]: r.error.key }} />,
          );
        default:
          return errorPage(c, incidentErrorCode(r.error));
      }
    }
    return c.redirect(href(ctx, `/incidents/${id}?done=saved`), 303);
  });

  /** A form action on an incident: on success back to the page, on a problem the page with it. */
  const action = (
    path: string,
    run: (
      c: Context<AppEnv>,
      id: string,
    ) => Promise<{ ok: true; done: string } | { ok: false; error: IncidentError } | { ok: false; errors: Record<string, string> }>,
  ) => {
    app.post(`${LANG}/incidents/:id/${path}`, async (c) => {
      if (!c.get("viewer")) {
        return requireSignIn(c);
      }
      const id = c.req.param("id") ?? "";
      const r = await run(c, id);
      if (r.ok) {
        return c.redirect(href(pageCtx(c), `/incidents/${id}?done=${r.done}`), 303);
      }
      if ("errors" in r) {
        return showIncident(c, id, 422, { errors: r.errors });
      }
      const e = r.error;
      switch (e.type) {
        case "invalid":
          return showIncident(c, id, 422, { errors: { [e.field]: e.key } });
        case "archive-failed":
          return showIncident(c, id, 422, { errorMessage: archiveFailure(c.get("i18n"), e.reason) });
        case "statement-not-found":
          return showIncident(c, id, 422, { errors: { statementId: ERRORS.ERR_STATEMENT_NOT_FOUND.key } });
        default:
          return errorPage(c, incidentErrorCode(e));
      }
    });
  };

  action("sources", async (c, id) => {
    const body = await c.req.parseBody();
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) {
      if (typeof v === "string") {
        fields[k] = v;
      }
    }
    const parsed = addSourceCommand.safeParse(fields);
    if (!parsed.success) {
      return { ok: false, errors: fieldErrors(parsed.error) };
    }
    const r = await incidentService.addSource(ideps, c.get("viewer")!, id, parsed.data, {
      media: await fileBytes(body.file),
      archive: await fileBytes(body.archive),
    });
    return r.ok ? { ok: true, done: "source" } : r;
  });

  app.post(`${LANG}/incidents/:id/sources/:sid/archive`, async (c) => {
    const viewer = c.get("viewer");
    if (!viewer) {
      return requireSignIn(c);
    }
    const id = c.req.param("id");
    const r = await incidentService.archiveNow(ideps, viewer, id, c.req.param("sid"));
    if (r.ok) {
      return c.redirect(href(pageCtx(c), `/incidents/${id}?done=archived`), 303);
    }
    return r.error.type === "archive-failed"
      ? showIncident(c, id, 422, { errorMessage: archiveFailure(c.get("i18n"), r.error.reason) })
      : errorPage(c, incidentErrorCode(r.error));
  });

  action("grade", async (c, id) => {
    const parsed = gradeCommand.safeParse(await readForm(c));
    if (!parsed.success) {
      return { ok: false, errors: fieldErrors(parsed.error) };
    }
    const r = await incidentService.grade(ideps, c.get("viewer")!, id, parsed.data);
    return r.ok ? { ok: true, done: "graded" } : r;
  });

  action("statements", async (c, id) => {
    const parsed = linkStatementCommand.safeParse(await readForm(c));
    if (!parsed.success) {
      return { ok: false, errors: fieldErrors(parsed.error) };
    }
    const r = await incidentService.linkStatement(ideps, c.get("viewer")!, id, parsed.data.statementId);
    return r.ok ? { ok: true, done: "linked" } : r;
  });

  action("texts", async (c, id) => {
    const parsed = incidentTextCommand.safeParse(await readForm(c));
    if (!parsed.success) {
      return { ok: false, errors: fieldErrors(parsed.error) };
    }
    const r = await incidentService.saveOriginalText(ideps, c.get("viewer")!, id, parsed.data);
    return r.ok ? { ok: true, done: "text" } : r;
  });

  incidentsApiRoutes(app, deps, ideps);
}
