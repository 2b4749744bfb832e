import { directionOf } from "../../../platform/i18n/languages";
import { GOVERNORATES, placeName } from "../../places/gazetteer";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import type { IncidentFilter } from "../incident.commands";
import { formatRange, GRADES, INCIDENT_TYPES } from "../incident.model";
import type { IncidentSummary } from "../incident.queries";
import { IncidentChart } from "./incident-chart";
import { IncidentMap } from "./incident-map";
import { gradeLabel, incidentDate, typeLabel } from "./labels";

/** The query string of a filter, to keep it in links (map, exports, pages). */
export function filterQuery(filter: IncidentFilter, override: Partial<IncidentFilter> = {}): string {
  const merged = { ...filter, ...override };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) {
    if (v) {
      params.set(k, String(v));
    }
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** One incident in a list: title, type, date, place, grade, casualties. */
export function IncidentListItem(props: { ctx: PageCtx; item: IncidentSummary }) {
  const { ctx, item } = props;
  const { i } = ctx;
  const killed = item.casualties.find((c) => c.category === "killed" && c.subgroup === "total");
  const injured = item.casualties.find((c) => c.category === "injured" && c.subgroup === "total");
  return (
    <li class="incident-item">
      <a href={href(ctx, `/incidents/${item.id}`)} lang={item.text.lang} dir={directionOf(item.text.lang)}>
        {item.text.title}
      </a>
      <p class="meta">
        {typeLabel(i, item.type)} · {incidentDate(i, item.datePrecision, item.dateStart, item.dateEnd)} · {placeName(item.placeCode, i.lang)} ·{" "}
        <span class={`badge grade-${item.grade ?? "ungraded"}`}>{gradeLabel(i, item.grade)}</span>
        {killed || injured ? <> · {i.t("incidents.casualties_short", { killed: formatRange(killed), injured: formatRange(injured) })}</> : null}
      </p>
    </li>
  );
}

export function IncidentListPage(props: {
  ctx: PageCtx;
  filter: IncidentFilter;
  items: IncidentSummary[];
  total: number;
  page: number;
  pageSize: number;
  counts: Map<string, number>;
  chart: Array<{ month: string; type: string; n: number }>;
  actors: Array<{ id: string; name: string }>;
  canRecord: boolean;
  canManageActors: boolean;
}) {
  const { ctx, filter } = props;
  const { i } = ctx;
  const q = filterQuery(filter);
  return (
    <Layout ctx={ctx} title={i.t("incidents.title")}>
      <h1>{i.t("incidents.title")}</h1>
      <p>{i.t("incidents.intro")}</p>
      <p>
        {i.t("incidents.count", { count: props.total })} · <a href={href(ctx, "/incidents/methodology")}>{i.t("incidents.methodology_link")}</a> ·{" "}
        <a href={href(ctx, `/incidents.csv${q}`)}>{i.t("incidents.download_csv")}</a> ·{" "}
        <a href={`/api/v1/incidents.json${q}`}>{i.t("incidents.download_json")}</a>
        {props.canRecord ? (
          <>
            {" "}
            ·{" "}
            <a class="button" href={href(ctx, "/incidents/new")}>
              {i.t("incidents.record")}
            </a>
          </>
        ) : null}
        {props.canManageActors ? (
          <>
            {" "}
            · <a href={href(ctx, "/incidents/actors")}>{i.t("incidents.actors_link")}</a> ·{" "}
            <a href={href(ctx, "/incidents/import")}>{i.t("incidents.import_link")}</a>
          </>
        ) : null}
      </p>
      <form method="get" action={href(ctx, "/incidents")} class="filters incident-filters" aria-label={i.t("incidents.filters")}>
        <label>
          {i.t("incident.type")}
          <select name="type">
            <option value="">{i.t("directory.any")}</option>
            {INCIDENT_TYPES.map((t) => (
              <option value={t} selected={filter.type === t}>
                {typeLabel(i, t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {i.t("field.place")}
          <select name="place">
            <option value="">{i.t("directory.any")}</option>
            {GOVERNORATES.map((g) => (
              <option value={g.code} selected={filter.place === g.code}>
                {placeName(g.code, i.lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {i.t("incidents.from")}
          <input type="date" name="from" value={filter.from ?? ""} />
        </label>
        <label>
          {i.t("incidents.to")}
          <input type="date" name="to" value={filter.to ?? ""} />
        </label>
        <label>
          {i.t("incident.grade")}
          <select name="grade">
            <option value="">{i.t("directory.any")}</option>
            {[...GRADES, "ungraded" as const].map((g) => (
              <option value={g} selected={filter.grade === g}>
                {gradeLabel(i, g)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {i.t("incident.actors")}
          <select name="actor">
            <option value="">{i.t("directory.any")}</option>
            {props.actors.map((a) => (
              <option value={a.id} selected={filter.actor === a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        {filter.group ? <input type="hidden" name="group" value={filter.group} /> : null}
        <div>
          <button type="submit">{i.t("incidents.apply_filters")}</button> <a href={href(ctx, "/incidents")}>{i.t("incidents.clear_filters")}</a>
        </div>
      </form>
      <div class="incident-overview">
        <section aria-labelledby="incident-map-heading">
          <h2 id="incident-map-heading">{i.t("incidents.map_heading")}</h2>
          <IncidentMap i={i} counts={props.counts} linkFor={(code) => href(ctx, `/incidents${filterQuery(filter, { place: code })}`)} />
        </section>
        <section aria-labelledby="incident-chart-heading">
          <h2 id="incident-chart-heading">{i.t("incidents.chart_heading")}</h2>
          <IncidentChart i={i} rows={props.chart} />
        </section>
      </div>
      <section aria-labelledby="incident-list-heading">
        <h2 id="incident-list-heading">{i.t("incidents.list_heading")}</h2>
        {props.items.length === 0 ? <p class="muted">{i.t("incidents.none")}</p> : null}
        <ul class="incident-list">
          {props.items.map((item) => (
            <IncidentListItem ctx={ctx} item={item} />
          ))}
        </ul>
        <p>
          {props.page > 1 ? <a href={href(ctx, `/incidents${filterQuery(filter)}${q ? "&" : "?"}page=${props.page - 1}`)}>{i.t("incidents.newer")}</a> : null}{" "}
          {props.page * props.pageSize < props.total ? (
            <a href={href(ctx, `/incidents${filterQuery(filter)}${q ? "&" : "?"}page=${props.page + 1}`)}>{i.t("incidents.older")}</a>
          ) : null}
        </p>
      </section>
    </Layout>
  );
}
