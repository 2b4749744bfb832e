import { autonymOf } from "../../../platform/i18n/languages";
import type { PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import type { CoverageRow } from "../translation.queries";

const COLORS = { published: "#0b6e4f", inProgress: "#7cc4a9", outdated: "#d97706", waiting: "#d9d9e0" } as const;

/** A stacked horizontal bar per language, drawn on the server: no script, no chart library. */
function CoverageChart(props: { rows: CoverageRow[]; labels: Record<keyof typeof COLORS, string> }) {
  const max = Math.max(1, ...props.rows.map((r) => r.published + r.inProgress + r.outdated + r.waiting));
  const width = 600;
  const labelWidth = 130;
  const barHeight = 22;
  const height = props.rows.length * (barHeight + 8) + 30;
  const scale = (n: number) => ((width - labelWidth - 10) * n) / max;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={props.labels.published} direction="ltr">
      {props.rows.map((r, idx) => {
        const y = idx * (barHeight + 8);
        let x = labelWidth;
        const parts = (["published", "inProgress", "outdated", "waiting"] as const).map((k) => {
          const w = scale(r[k]);
          const rect = (
            <rect x={x} y={y} width={w} height={barHeight} fill={COLORS[k]}>
              <title>{`${props.labels[k]}: ${r[k]}`}</title>
            </rect>
          );
          x += w;
          return rect;
        });
        return (
          <g>
            <text x={0} y={y + 16} font-size="13">
              {autonymOf(r.lang)}
            </text>
            {parts}
          </g>
        );
      })}
      {(["published", "inProgress", "outdated", "waiting"] as const).map((k, n) => (
        <g>
          <rect x={labelWidth + n * 115} y={height - 20} width={12} height={12} fill={COLORS[k]} />
          <text x={labelWidth + n * 115 + 16} y={height - 10} font-size="12">
            {props.labels[k]}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Per-language coverage: how much waits, is in progress, is published, and how fast. */
export function CoveragePage(props: { ctx: PageCtx; rows: CoverageRow[] }) {
  const { ctx, rows } = props;
  const { i } = ctx;
  const labels = {
    published: i.t("target_state.published"),
    inProgress: i.t("target_state.in_progress"),
    outdated: i.t("target_state.outdated"),
    waiting: i.t("target_state.waiting"),
  };
  return (
    <Layout ctx={ctx} title={i.t("coverage.title")}>
      <h1>{i.t("coverage.title")}</h1>
      {rows.length === 0 ? <p class="muted">{i.t("coverage.empty")}</p> : <CoverageChart rows={rows} labels={labels} />}
      <table>
        <thead>
          <tr>
            <th>{i.t("field.language")}</th>
            <th>{labels.waiting}</th>
            <th>{labels.inProgress}</th>
            <th>{labels.published}</th>
            <th>{labels.outdated}</th>
            <th>{i.t("coverage.median")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>{autonymOf(r.lang)}</td>
              <td>{i.number(r.waiting)}</td>
              <td>{i.number(r.inProgress)}</td>
              <td>{i.number(r.published)}</td>
              <td>{i.number(r.outdated)}</td>
              <td>{r.medianHours === null ? "—" : i.t("coverage.hours", { hours: Math.round(r.medianHours * 10) / 10 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
