import type { Translator } from "../../../platform/i18n/translator";
import { placeName } from "../../places/gazetteer";
import { GOVERNORATE_SHAPES, MAP_HEIGHT, MAP_WIDTH } from "../map/governorates.svgdata";

const SHADES = ["#f3f4f6", "#fde0c5", "#facba6", "#f59e6b", "#e4572e", "#b02e0c"];

/** The shade for a count: 0 is grey, then five steps up to the largest count. */
export function shadeFor(count: number, max: number): string {
  if (count <= 0 || max <= 0) {
    return SHADES[0]!;
  }
  const step = Math.min(5, Math.max(1, Math.ceil((count / max) * 5)));
  return SHADES[step]!;
}

/**
 * Syria's governorates shaded by how many incidents each has, drawn on the server: every
 * shape links to the list filtered by that governorate and has a <title> for screen readers
 * and tooltips. Boundaries: Natural Earth (public domain), see map/BOUNDARIES.md.
 */
export function IncidentMap(props: { i: Translator; counts: Map<string, number>; linkFor: (code: string) => string }) {
  const { i, counts } = props;
  const max = Math.max(0, ...counts.values());
  return (
    <figure class="incident-map">
      <svg viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`} width="100%" role="img" aria-labelledby="incident-map-title" direction="ltr">
        <title id="incident-map-title">{i.t("incidents.map_title")}</title>
        {GOVERNORATE_SHAPES.map((shape) => {
          if (shape.code === "UNDOF") {
            return <path d={shape.d} fill="#ffffff" stroke="#9ca3af" stroke-width="0.6" stroke-dasharray="2 2" />;
          }
          const n = counts.get(shape.code) ?? 0;
          const label = i.t("incidents.map_count", { place: placeName(shape.code, i.lang), count: n });
          return (
            <a href={props.linkFor(shape.code)} aria-label={label}>
              <path d={shape.d} fill={shadeFor(n, max)} stroke="#4b5563" stroke-width="0.8" data-code={shape.code} data-count={n}>
                <title>{label}</title>
              </path>
            </a>
          );
        })}
        {GOVERNORATE_SHAPES.filter((s) => s.code !== "UNDOF" && (counts.get(s.code) ?? 0) > 0).map((s) => (
          <text x={s.cx} y={s.cy} font-size="13" text-anchor="middle" class="map-count" aria-hidden="true">
            {i.number(counts.get(s.code) ?? 0)}
          </text>
        ))}
      </svg>
      <figcaption class="muted">{i.t("incidents.map_caption")}</figcaption>
    </figure>
  );
}
