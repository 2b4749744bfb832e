import { asList } from "../../platform/http/form";
import type { FieldErrors } from "../../platform/http/form";
import { CASUALTY_CATEGORIES, CASUALTY_SUBGROUPS, type CasualtyRange } from "./incident.model";
import type { IncidentDetail } from "./incident.queries";

type Form = Record<string, string | string[]>;

const one = (form: Form, name: string): string => {
  const v = form[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? "";
};

/** A number from a form field: empty is null, anything unreadable stays NaN for zod to reject. */
const numberOrNull = (s: string): number | null => (s === "" ? null : Number(s.replace(",", ".")));

/** The incident form as the command's input shape (zod does the checking). */
export function incidentFormToInput(form: Form): Record<string, unknown> {
  const casualties: CasualtyRange[] = [];
  for (const category of CASUALTY_CATEGORIES) {
    for (const subgroup of CASUALTY_SUBGROUPS) {
      const min = numberOrNull(one(form, `${category}_${subgroup}_min`));
      const max = numberOrNull(one(form, `${category}_${subgroup}_max`));
      if (min === null && max === null) {
        continue;
      }
      casualties.push({ category, subgroup, min: min ?? max ?? 0, max: max ?? min ?? 0 });
    }
  }
  const version = one(form, "version");
  return {
    type: one(form, "type"),
    datePrecision: one(form, "datePrecision"),
    dateStart: one(form, "dateStart"),
    dateEnd: one(form, "dateEnd") || null,
    placeCode: one(form, "placeCode"),
    latitude: numberOrNull(one(form, "latitude")),
    longitude: numberOrNull(one(form, "longitude")),
    precisionM: numberOrNull(one(form, "precisionM")),
    coordsPublic: one(form, "coordsPublic") === "1",
    casualties,
    actors: asList(form.actors),
    lang: one(form, "lang"),
    title: one(form, "title"),
    narrative: typeof form.narrative === "string" ? form.narrative : "",
    group: one(form, "group") || null,
    ...(version ? { version: Number(version) } : {}),
  };
}

/** The edit form's starting values from the stored incident. */
export function incidentToForm(inc: IncidentDetail): Form {
  const form: Form = {
    version: String(inc.version),
    type: inc.type,
    datePrecision: inc.datePrecision,
    dateStart: inc.datePrecision === "month" ? inc.dateStart.slice(0, 7) : inc.dateStart,
    dateEnd: inc.dateEnd ?? "",
    placeCode: inc.placeCode,
    latitude: inc.privateCoords ? String(inc.privateCoords.latitude) : "",
    longitude: inc.privateCoords ? String(inc.privateCoords.longitude) : "",
    precisionM: inc.privateCoords?.precisionM ? String(inc.privateCoords.precisionM) : "",
    coordsPublic: inc.coordsPublic ? "1" : "",
    actors: inc.actors,
  };
  for (const c of inc.casualties) {
    form[`${c.category}_${c.subgroup}_min`] = String(c.min);
    form[`${c.category}_${c.subgroup}_max`] = String(c.max);
  }
  return form;
}

/** Zod paths of the command → names of the form's fields. */
export function toIncidentFormErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, key] of Object.entries(errors)) {
    const name = field.split(".")[0] ?? field;
    if (!(name in out)) {
      out[name] = key;
    }
  }
  return out;
}
