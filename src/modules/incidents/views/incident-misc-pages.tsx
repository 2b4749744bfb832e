import { directionOf } from "../../../platform/i18n/languages";
import type { FieldErrors } from "../../../platform/http/form";
import { CsrfField, ErrorSummary, Field, Notice } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import type { RowProblem } from "../incident.csv";
import { GRADE_MIN_SOURCES, GRADES } from "../incident.model";
import { incidentsForGroup, incidentsForStatement, type IncidentSummary } from "../incident.queries";
import { IncidentListItem } from "./incident-list-page";
import { gradeLabel, gradeRule } from "./labels";

/** The public methodology: what each grade means, how sources are counted, what is withheld. */
export function MethodologyPage(props: { ctx: PageCtx }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("methodology.title")}>
      <article class="methodology">
        <h1>{i.t("methodology.title")}</h1>
        <p>{i.t("methodology.intro")}</p>
        <h2>{i.t("methodology.grades")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{i.t("incident.grade")}</th>
              <th scope="col">{i.t("methodology.rule")}</th>
              <th scope="col">{i.t("methodology.min_sources")}</th>
            </tr>
          </thead>
          <tbody>
            {GRADES.map((g) => (
              <tr id={`grade-${g}`}>
                <th scope="row">
                  <span class={`badge grade-${g}`}>{gradeLabel(i, g)}</span>
                </th>
                <td>{gradeRule(i, g)}</td>
                <td>{i.number(GRADE_MIN_SOURCES[g])}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>{i.t("methodology.grade_history")}</p>
        <h2>{i.t("methodology.sources")}</h2>
        <p>{i.t("methodology.independence")}</p>
        <p>{i.t("methodology.hashes")}</p>
        <h2>{i.t("methodology.dates_places")}</h2>
        <p>{i.t("methodology.dates")}</p>
        <p>{i.t("methodology.coordinates")}</p>
        <p>{i.t("methodology.casualties")}</p>
        <p>{i.t("methodology.actors")}</p>
        <p>{i.t("methodology.scale_credit")}</p>
      </article>
    </Layout>
  );
}

export function ActorsPage(props: {
  ctx: PageCtx;
  actors: Array<{ id: string; name: string; incidents: number }>;
  canManage: boolean;
  errors?: FieldErrors;
  notice?: string;
}) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("actors.title")}>
      <h1>{i.t("actors.title")}</h1>
      <p>{i.t("actors.intro")}</p>
      <Notice text={props.notice} />
      <ul>
        {props.actors.map((a) => (
          <li>
            <a href={href(ctx, `/incidents?actor=${a.id}`)} dir="auto">
              {a.name}
            </a>{" "}
            ({i.t("incidents.count", { count: a.incidents })})
          </li>
        ))}
      </ul>
      {props.canManage ? (
        <form method="post" action={href(ctx, "/incidents/actors")} class="stack">
          <CsrfField token={ctx.csrf} />
          <ErrorSummary i={i} errors={props.errors} />
          <Field i={i} name="name" label={i.t("actors.name")} errors={props.errors}>
            <input id="f-name" name="name" required dir="auto" />
          </Field>
          <div>
            <button type="submit">{i.t("actors.add")}</button>
          </div>
        </form>
      ) : null}
    </Layout>
  );
}

export function SettingsPage(props: { ctx: PageCtx; allowPrivate: boolean; notice?: string }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("incident_settings.title")}>
      <h1>{i.t("incident_settings.title")}</h1>
      <Notice text={props.notice} />
      <form method="post" action={href(ctx, "/incidents/settings")} class="stack">
        <CsrfField token={ctx.csrf} />
        <div>
          <input type="checkbox" id="f-allowPrivate" name="allowPrivate" value="1" checked={props.allowPrivate} />{" "}
          <label for="f-allowPrivate">{i.t("incident_settings.allow_private")}</label>
        </div>
        <small>{i.t("incident_settings.allow_private_hint")}</small>
        <div>
          <button type="submit">{i.t("incident_settings.save")}</button>
        </div>
      </form>
    </Layout>
  );
}

export function ImportPage(props: { ctx: PageCtx; problems?: RowProblem[]; imported?: number; skipped?: number }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("incident_import.title")}>
      <h1>{i.t("incident_import.title")}</h1>
      <p>{i.t("incident_import.intro")}</p>
      {props.imported !== undefined ? (
        <p class="notice" role="status">
          {i.t("incident_import.done", { imported: props.imported, skipped: props.skipped ?? 0 })}
        </p>
      ) : null}
      {props.problems && props.problems.length > 0 ? (
        <div class="alert" role="alert">
          <strong>{i.t("incident_import.problems", { count: props.problems.length })}</strong>
          <ul>
            {props.problems.map((p) => (
              <li>
                {i.t("incident_import.problem", {
                  line: p.line,
                  field: p.field || "—",
                  reason: p.reason.startsWith("error.") ? i.t(p.reason as "error.validation") : p.reason,
                })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={href(ctx, "/incidents/import")} enctype="multipart/form-data" class="stack">
        <CsrfField token={ctx.csrf} />
        <label for="f-csv">{i.t("incident_import.file")}</label>
        <input id="f-csv" name="csv" type="file" accept=".csv,text/csv" required />
        <div>
          <input type="checkbox" id="f-skipBad" name="skipBad" value="1" /> <label for="f-skipBad">{i.t("incident_import.skip_bad")}</label>
        </div>
        <div>
          <button type="submit">{i.t("incident_import.submit")}</button>
        </div>
      </form>
    </Layout>
  );
}

/**
 * On a statement's page: the incidents that cite or mention it (read while the page renders),
 * and the way to the page where members reference it from an incident.
 */
export async function StatementIncidentsLink(props: { ctx: PageCtx; statementId: string }) {
  const { ctx } = props;
  const items = ctx.data ? await incidentsForStatement(ctx.data, props.statementId, ctx.i.lang) : [];
  return (
    <section class="incident-links" aria-label={ctx.i.t("incidents.for_statement_link")}>
      {items.length > 0 ? (
        <ul class="incident-list">
          {items.map((item) => (
            <IncidentListItem ctx={ctx} item={item} />
          ))}
        </ul>
      ) : null}
      <p>
        <a href={href(ctx, `/incidents/for-statement/${props.statementId}`)}>{ctx.i.t("incidents.for_statement_link")}</a>
      </p>
    </section>
  );
}

/** How many of a group's incidents its page lists before the link to all of them. */
const GROUP_PAGE_INCIDENTS = 10;

/** On a group's page: the newest incidents the group documented, and the way to all of them. */
export async function GroupIncidentsLink(props: { ctx: PageCtx; groupId: string; groupSlug: string }) {
  const { ctx } = props;
  const items = ctx.data ? await incidentsForGroup(ctx.data, props.groupId, ctx.i.lang, GROUP_PAGE_INCIDENTS) : [];
  if (items.length === 0) {
    return null;
  }
  return (
    <section class="incident-links">
      <h3>{ctx.i.t("incidents.for_group_link")}</h3>
      <ul class="incident-list">
        {items.map((item) => (
          <IncidentListItem ctx={ctx} item={item} />
        ))}
      </ul>
      <p>
        <a href={href(ctx, `/incidents?group=${props.groupSlug}`)}>{ctx.i.t("incidents.all_of_group")}</a>
      </p>
    </section>
  );
}

/** The incidents that cite or mention one statement. */
export function StatementIncidentsPage(props: {
  ctx: PageCtx;
  statement: { id: string; title: string; lang: string };
  items: IncidentSummary[];
  canReference: boolean;
  notice?: string;
  errors?: FieldErrors;
}) {
  const { ctx, statement } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("incidents.for_statement_title")}>
      <h1>{i.t("incidents.for_statement_title")}</h1>
      <Notice text={props.notice} />
      <p>
        <a href={href(ctx, `/statements/${statement.id}`)} lang={statement.lang} dir={directionOf(statement.lang)}>
          {statement.title}
        </a>
      </p>
      {props.items.length === 0 ? <p class="muted">{i.t("incidents.none")}</p> : null}
      <ul class="incident-list">
        {props.items.map((item) => (
          <IncidentListItem ctx={ctx} item={item} />
        ))}
      </ul>
      {props.canReference ? (
        <form method="post" action={href(ctx, `/incidents/for-statement/${statement.id}`)} class="stack">
          <CsrfField token={ctx.csrf} />
          <ErrorSummary i={i} errors={props.errors} />
          <Field i={i} name="incidentId" label={i.t("incidents.reference_label")} errors={props.errors} hint={i.t("incidents.reference_hint")}>
            <input id="f-incidentId" name="incidentId" required dir="ltr" />
          </Field>
          <div>
            <button type="submit">{i.t("incidents.reference_button")}</button>
          </div>
        </form>
      ) : null}
    </Layout>
  );
}
