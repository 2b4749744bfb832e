import type { Translator } from "../../../platform/i18n/translator";
import { INCIDENT_TYPES } from "../incident.model";
import { typeLabel } from "./labels";

const TYPE_COLORS: Record<string, string> = {
  air_strike: "#b02e0c",
  shelling: "#e4572e",
  ground_attack: "#f59e0b",
  chemical_attack: "#7c3aed",
  attack_on_medical: "#0b6e4f",
  attack_on_school: "#2563eb",
  siege: "#6b7280",
  detention: "#92400e",
  disappearance: "#111827",
  displacement: "#0891b2",
  other: "#a3a3a3",
};

/** Every month from the first to the last, so empty months show as gaps. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split("-").map(Number) as [number, number];
  const [ly, lm] = last.split("-").map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
    if (out.length > 600) {
      break;
    }
  }
  return out;
}

/**
 * Incidents per month, stacked by type: an SVG drawn on the server (no script, no library),
 * each segment with a <title>, followed by the same numbers as a table.
 */
export function IncidentChart(props: { i: Translator; rows: Array<{ month: string; type: string; n: number }> }) {
  const { i, rows } = props;
  if (rows.length === 0) {
    return <p class="muted">{i.t("incidents.chart_empty")}</p>;
  }
  const months = monthsBetween(rows[0]!.month, rows[rows.length - 1]!.month);
  const types = INCIDENT_TYPES.filter((t) => rows.some((r) => r.type === t));
  const count = (month: string, type: string) => rows.find((r) => r.month === month && r.type === type)?.n ?? 0;
  const totals = months.map((m) => types.reduce((sum, t) => sum + count(m, t), 0));
  const max = Math.max(1, ...totals);
  const width = 640;
  const chartHeight = 200;
  const left = 30;
  const barSpace = (width - left - 10) / months.length;
  const barWidth = Math.max(2, Math.min(40, barSpace - 4));
  const legendRows = Math.ceil(types.length / 3);
  const height = chartHeight + 40 + legendRows * 18;
  return (
    <figure class="incident-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby="incident-chart-title" direction="ltr">
        <title id="incident-chart-title">{i.t("incidents.chart_title")}</title>
        <line x1={left} y1={chartHeight} x2={width - 10} y2={chartHeight} stroke="#6b7280" />
        <text x={left - 4} y={12} font-size="11" text-anchor="end">
          {i.number(max)}
        </text>
        <text x={left - 4} y={chartHeight} font-size="11" text-anchor="end">
          0
        </text>
        {months.map((month, idx) => {
          const x = left + idx * barSpace + (barSpace - barWidth) / 2;
          let y = chartHeight;
          return (
            <g>
              {types.map((type) => {
                const n = count(month, type);
                if (n === 0) {
                  return null;
                }
                const h = (n / max) * (chartHeight - 10);
                y -= h;
                return (
                  <rect x={x} y={y} width={barWidth} height={h} fill={TYPE_COLORS[type]}>
                    <title>{i.t("incidents.chart_segment", { month, type: typeLabel(i, type), count: n })}</title>
                  </rect>
                );
              })}
              {months.length <= 24 || idx % Math.ceil(months.length / 12) === 0 ? (
                <text x={x + barWidth / 2} y={chartHeight + 14} font-size="10" text-anchor="middle">
                  {month}
                </text>
              ) : null}
            </g>
          );
        })}
        {types.map((type, n) => (
          <g>
            <rect x={left + (n % 3) * 200} y={chartHeight + 26 + Math.floor(n / 3) * 18} width={12} height={12} fill={TYPE_COLORS[type]} />
            <text x={left + (n % 3) * 200 + 16} y={chartHeight + 36 + Math.floor(n / 3) * 18} font-size="12">
              {typeLabel(i, type)}
            </text>
          </g>
        ))}
      </svg>
      <details>
        <summary>{i.t("incidents.chart_table")}</summary>
        <table class="chart-table">
          <thead>
            <tr>
              <th scope="col">{i.t("incidents.month")}</th>
              {types.map((t) => (
                <th scope="col">{typeLabel(i, t)}</th>
              ))}
              <th scope="col">{i.t("incidents.total")}</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m, idx) => (
              <tr>
                <th scope="row">{m}</th>
                {types.map((t) => (
                  <td>{i.number(count(m, t))}</td>
                ))}
                <td>{i.number(totals[idx] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
