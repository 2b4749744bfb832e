import { CONTENT_LANGUAGES } from "../../../platform/i18n/languages";
import type { FieldErrors } from "../../../platform/http/form";
import type { Translator } from "../../../platform/i18n/translator";
import { Field } from "../../../platform/views/form";
import { GOVERNORATES, districtsOf, placeName } from "../../places/gazetteer";
import { GROUP_KINDS } from "../group.model";

/** Kind, places, working languages and contact: shared by the propose and edit forms. */
export function GroupFactsFields(props: { i: Translator; errors?: FieldErrors; kind?: string; places: string[]; languages: string[]; contact: string }) {
  const { i, errors } = props;
  return (
    <>
      <Field i={i} name="kind" label={i.t("field.kind")} errors={errors}>
        <select id="f-kind" name="kind" required>
          <option value="">{i.t("form.choose")}</option>
          {GROUP_KINDS.map((k) => (
            <option value={k} selected={props.kind === k}>
              {i.t(`group_kind.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field i={i} name="places" label={i.t("field.places")} errors={errors} hint={i.t("group.places_hint")}>
        <select id="f-places" name="places" multiple size={10}>
          {GOVERNORATES.map((g) => (
            <optgroup label={placeName(g.code, i.lang)}>
              <option value={g.code} selected={props.places.includes(g.code)}>
                {i.t("group.whole_governorate", { name: placeName(g.code, i.lang) })}
              </option>
              {districtsOf(g.code).map((d) => (
                <option value={d.code} selected={props.places.includes(d.code)}>
                  {placeName(d.code, i.lang)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </Field>
      <fieldset>
        <legend>{i.t("field.languages")}</legend>
        <div class="checks" id="f-languages">
          {CONTENT_LANGUAGES.map((l) => (
            <span>
              <input type="checkbox" id={`lang-${l.code}`} name="languages" value={l.code} checked={props.languages.includes(l.code)} />{" "}
              <label for={`lang-${l.code}`} lang={l.code}>
                {l.autonym}
              </label>
            </span>
          ))}
        </div>
        {errors?.languages ? <p class="error">{i.t(errors.languages as "error.languages_required")}</p> : null}
      </fieldset>
      <Field i={i} name="contact" label={i.t("field.contact")} errors={errors} hint={i.t("group.contact_hint")}>
        <textarea id="f-contact" name="contact" rows={3} class="short">
          {props.contact}
        </textarea>
      </Field>
    </>
  );
}

export function LangSelect(props: { i: Translator; name: string; value?: string }) {
  return (
    <select id={`f-${props.name}`} name={props.name} required>
      <option value="">{props.i.t("form.choose")}</option>
      {CONTENT_LANGUAGES.map((l) => (
        <option value={l.code} selected={props.value === l.code} lang={l.code}>
          {l.autonym}
        </option>
      ))}
    </select>
  );
}
