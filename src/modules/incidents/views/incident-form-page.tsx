import { CONTENT_LANGUAGES } from "../../../platform/i18n/languages";
import type { FieldErrors } from "../../../platform/http/form";
import { CsrfField, ErrorSummary, Field } from "../../../platform/views/form";
import { GOVERNORATES, districtsOf } from "../../places/gazetteer";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import { CASUALTY_CATEGORIES, CASUALTY_SUBGROUPS, DATE_PRECISIONS, INCIDENT_TYPES } from "../incident.model";
import { categoryLabel, precisionLabel, subgroupLabel, typeLabel } from "./labels";

export type FormValues = Record<string, string | string[]>;

const val = (form: FormValues, name: string): string => {
  const v = form[name];
  return Array.isArray(v) ? (v[0] ?? "") : (v ?? "");
};
const list = (form: FormValues, name: string): string[] => {
  const v = form[name];
  return Array.isArray(v) ? v : v ? [v] : [];
};

/** The form to record a new incident (with its text) or correct one (facts only, with its version). */
export function IncidentFormPage(props: {
  ctx: PageCtx;
  mode: { kind: "new"; groups: Array<{ slug: string; name: string }>; allowNoGroup: boolean } | { kind: "edit"; id: string };
  form: FormValues;
  actors: Array<{ id: string; name: string }>;
  errors?: FieldErrors;
  conflict?: boolean;
}) {
  const { ctx, form, mode, errors } = props;
  const { i } = ctx;
  const title = mode.kind === "new" ? i.t("incidents.record") : i.t("incident.edit");
  const action = mode.kind === "new" ? href(ctx, "/incidents/new") : href(ctx, `/incidents/${mode.id}/edit`);
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {props.conflict ? (
        <p class="alert" role="alert">
          {i.t("error.edit_conflict")}
        </p>
      ) : null}
      <ErrorSummary i={i} errors={errors} />
      <form method="post" action={action} class="stack incident-form">
        <CsrfField token={ctx.csrf} />
        {mode.kind === "edit" ? <input type="hidden" name="version" value={val(form, "version")} /> : null}
        {mode.kind === "new" ? (
          <Field i={i} name="group" label={i.t("incident.recorded_for")} errors={errors} hint={i.t("incident.group_hint")}>
            <select id="f-group" name="group">
              {mode.allowNoGroup ? <option value="">{i.t("incident.no_group")}</option> : null}
              {mode.groups.map((g) => (
                <option value={g.slug} selected={val(form, "group") === g.slug}>
                  {g.name}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field i={i} name="type" label={i.t("incident.type")} errors={errors}>
          <select id="f-type" name="type">
            {INCIDENT_TYPES.map((t) => (
              <option value={t} selected={val(form, "type") === t}>
                {typeLabel(i, t)}
              </option>
            ))}
          </select>
        </Field>
        <fieldset>
          <legend>{i.t("incident.date")}</legend>
          <Field i={i} name="datePrecision" label={i.t("incident.date_precision")} errors={errors}>
            <select id="f-datePrecision" name="datePrecision">
              {DATE_PRECISIONS.map((p) => (
                <option value={p} selected={(val(form, "datePrecision") || "day") === p}>
                  {precisionLabel(i, p)}
                </option>
              ))}
            </select>
          </Field>
          <Field i={i} name="dateStart" label={i.t("incident.date_start")} errors={errors} hint={i.t("incident.date_hint")}>
            <input id="f-dateStart" name="dateStart" value={val(form, "dateStart")} required dir="ltr" placeholder="2026-03-14" />
          </Field>
          <Field i={i} name="dateEnd" label={i.t("incident.date_end")} errors={errors}>
            <input id="f-dateEnd" name="dateEnd" value={val(form, "dateEnd")} dir="ltr" />
          </Field>
        </fieldset>
        <fieldset>
          <legend>{i.t("field.place")}</legend>
          <Field i={i} name="placeCode" label={i.t("incident.place")} errors={errors}>
            <select id="f-placeCode" name="placeCode">
              {GOVERNORATES.map((g) => (
                <optgroup label={i.lang === "ar" ? g.ar : g.en}>
                  <option value={g.code} selected={val(form, "placeCode") === g.code}>
                    {i.lang === "ar" ? g.ar : g.en}
                  </option>
                  {districtsOf(g.code).map((d) => (
                    <option value={d.code} selected={val(form, "placeCode") === d.code}>
                      {i.lang === "ar" ? d.ar : d.en}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </Field>
          <Field i={i} name="latitude" label={i.t("incident.latitude")} errors={errors}>
            <input id="f-latitude" name="latitude" value={val(form, "latitude")} inputmode="decimal" dir="ltr" />
          </Field>
          <Field i={i} name="longitude" label={i.t("incident.longitude")} errors={errors}>
            <input id="f-longitude" name="longitude" value={val(form, "longitude")} inputmode="decimal" dir="ltr" />
          </Field>
          <Field i={i} name="precisionM" label={i.t("incident.precision_m")} errors={errors}>
            <input id="f-precisionM" name="precisionM" value={val(form, "precisionM")} inputmode="numeric" dir="ltr" />
          </Field>
          <div>
            <input type="checkbox" id="f-coordsPublic" name="coordsPublic" value="1" checked={val(form, "coordsPublic") === "1"} />{" "}
            <label for="f-coordsPublic">{i.t("incident.coords_public")}</label>
          </div>
        </fieldset>
        <fieldset>
          <legend>{i.t("incident.casualties")}</legend>
          <p class="muted">{i.t("incident.casualties_hint")}</p>
          {errors?.casualties ? <p class="error">{i.t(errors.casualties as "error.validation")}</p> : null}
          <table class="casualty-inputs">
            <thead>
              <tr>
                <th scope="col"></th>
                {CASUALTY_SUBGROUPS.map((s) => (
                  <th scope="col">{subgroupLabel(i, s)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {CASUALTY_CATEGORIES.map((c) => (
                <tr>
                  <th scope="row">{categoryLabel(i, c)}</th>
                  {CASUALTY_SUBGROUPS.map((s) => (
                    <td>
                      <input
                        name={`${c}_${s}_min`}
                        value={val(form, `${c}_${s}_min`)}
                        inputmode="numeric"
                        size={4}
                        aria-label={`${categoryLabel(i, c)} · ${subgroupLabel(i, s)} · ${i.t("incident.min")}`}
                        dir="ltr"
                      />
                      –
                      <input
                        name={`${c}_${s}_max`}
                        value={val(form, `${c}_${s}_max`)}
                        inputmode="numeric"
                        size={4}
                        aria-label={`${categoryLabel(i, c)} · ${subgroupLabel(i, s)} · ${i.t("incident.max")}`}
                        dir="ltr"
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <fieldset>
          <legend>{i.t("incident.actors")}</legend>
          <p class="muted">{i.t("incident.actors_hint")}</p>
          {errors?.actors ? <p class="error">{i.t(errors.actors as "error.validation")}</p> : null}
          {props.actors.map((a) => (
            <div>
              <input type="checkbox" name="actors" value={a.name} id={`f-actor-${a.id}`} checked={list(form, "actors").includes(a.name)} />{" "}
              <label for={`f-actor-${a.id}`}>{a.name}</label>
            </div>
          ))}
        </fieldset>
        {mode.kind === "new" ? (
          <>
            <Field i={i} name="lang" label={i.t("field.language")} errors={errors}>
              <select id="f-lang" name="lang">
                {CONTENT_LANGUAGES.map((l) => (
                  <option value={l.code} selected={(val(form, "lang") || i.lang) === l.code}>
                    {l.autonym}
                  </option>
                ))}
              </select>
            </Field>
            <Field i={i} name="title" label={i.t("incident.title_field")} errors={errors}>
              <input id="f-title" name="title" value={val(form, "title")} required dir="auto" />
            </Field>
            <Field i={i} name="narrative" label={i.t("incident.narrative")} errors={errors}>
              <textarea id="f-narrative" name="narrative" dir="auto">
                {val(form, "narrative")}
              </textarea>
            </Field>
          </>
        ) : null}
        <div>
          <button type="submit">{mode.kind === "new" ? i.t("incident.save_new") : i.t("incident.save_changes")}</button>
        </div>
      </form>
    </Layout>
  );
}
