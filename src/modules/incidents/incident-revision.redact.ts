// What of an incident revision's snapshot the public may see: everything but withheld
// coordinates. Pure: used by the open data export and by the incident page.
import { canonicalJson, type CanonicalValue } from "../../platform/canonical-json";

/** Canonical JSON, except that a number that is not an integer is written as JSON.stringify writes it. */
function stableJson(value: CanonicalValue): string {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(",")}]`;
  }
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(value[k] ?? null)}`).join(",")}}`;
  }
  return canonicalJson(value);
}

/** The keys that locate an incident precisely, whatever spelling the snapshot uses. */
const COORDINATE_KEYS = new Set(["latitude", "longitude", "precision_m", "precisionM", "precision"]);

type Obj = { [key: string]: CanonicalValue };

const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether the object says its coordinates are withheld: `coords_public` / `coordsPublic` is 0 or false. */
function saysWithheld(o: Obj): boolean {
  const flag = "coords_public" in o ? o.coords_public : "coordsPublic" in o ? o.coordsPublic : undefined;
  return flag === 0 || flag === false;
}

/**
 * The object with its coordinate values set to null (the keys stay, so readers of the snapshot
 * find the shape they expect), and whether any value was there.
 */
function withoutCoordinates(o: Obj): { value: Obj; removed: boolean } {
  let removed = false;
  const value: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    if (COORDINATE_KEYS.has(k) && v !== null) {
      removed = true;
      value[k] = null;
    } else {
      value[k] = v;
    }
  }
  return { value, removed };
}

/**
 * The snapshot (canonical JSON, see incidentSnapshot) as the public may see it: when the snapshot
 * itself withheld its coordinates, or the incident withholds them now, `latitude`, `longitude` and
 * the precision are set to null, at the top level and in a nested `facts` object. The result is
 * canonical JSON again (a number with a fraction, should one remain, as JSON.stringify writes it); a snapshot with nothing to remove is returned unchanged (same bytes), and
 * redacting twice gives the same text as redacting once. Text that is not a JSON object is
 * returned as it is: it holds no coordinates this function can find.
 */
export function redactRevisionSnapshot(snapshot: string, incidentCoordsPublic: boolean): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(snapshot);
  } catch {
    return snapshot;
  }
  if (!isObject(parsed)) {
    return snapshot;
  }
  const facts = isObject(parsed.facts) ? parsed.facts : null;
  const withheld = !incidentCoordsPublic || saysWithheld(parsed) || (facts !== null && saysWithheld(facts));
  if (!withheld) {
    return snapshot;
  }
  const top = withoutCoordinates(parsed);
  let removed = top.removed;
  if (facts !== null) {
    const inner = withoutCoordinates(facts);
    removed ||= inner.removed;
    top.value.facts = inner.value;
  }
  return removed ? stableJson(top.value) : snapshot;
}
