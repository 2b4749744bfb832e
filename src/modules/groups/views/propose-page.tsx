import type { FieldErrors } from "../../../platform/http/form";
import { CsrfField, ErrorSummary, Field } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import { NEED_PRIORITIES } from "../group.model";
import { GroupFactsFields, LangSelect } from "./group-fields";

type Form = Record<string, string | string[]>;
const s = (form: Form, key: string) => (typeof form[key] === "string" ? (form[key] as string) : "");
const list = (form: Form, key: string) => {
  const v = form[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

export function ProposeGroupPage(props: { ctx: PageCtx; form?: Form; errors?: FieldErrors }) {
  const { ctx, errors } = props;
  const { i } = ctx;
  const form = props.form ?? {};
  return (
    <Layout ctx={ctx} title={i.t("propose.title")}>
      <h1>{i.t("propose.title")}</h1>
      <p>{i.t("propose.intro")}</p>
      <ErrorSummary i={i} errors={errors} />
      <form method="post" class="stack" action={href(ctx, "/groups/new")}>
        <CsrfField token={ctx.csrf} />
        <Field i={i} name="defaultLang" label={i.t("field.profile_language")} errors={errors}>
          <LangSelect i={i} name="defaultLang" value={s(form, "defaultLang")} />
        </Field>
        <Field i={i} name="name" label={i.t("field.group_name")} errors={errors}>
          <input id="f-name" type="text" name="name" value={s(form, "name")} required dir="auto" />
        </Field>
        <Field i={i} name="slug" label={i.t("field.slug")} errors={errors} hint={i.t("propose.slug_hint")}>
          <input id="f-slug" type="text" name="slug" value={s(form, "slug")} required pattern="[a-z0-9][a-z0-9\-]{1,58}[a-z0-9]" dir="ltr" />
        </Field>
        <Field i={i} name="description" label={i.t("field.description")} errors={errors}>
          <textarea id="f-description" name="description" dir="auto">
            {s(form, "description")}
          </textarea>
        </Field>
        <GroupFactsFields
          i={i}
          errors={errors}
          kind={s(form, "kind")}
          places={list(form, "places")}
          languages={list(form, "languages")}
          contact={s(form, "contact")}
        />
        <fieldset>
          <legend>{i.t("propose.support_optional")}</legend>
          <Field i={i} name="support_label" label={i.t("field.support_label")} errors={errors}>
            <input id="f-support_label" type="text" name="support_label" value={s(form, "support_label")} dir="auto" />
          </Field>
          <Field i={i} name="support_url" label={i.t("field.support_url")} errors={errors}>
            <input id="f-support_url" type="url" name="support_url" value={s(form, "support_url")} dir="ltr" />
          </Field>
          <Field i={i} name="support_instructions" label={i.t("field.support_instructions")} errors={errors}>
            <textarea id="f-support_instructions" name="support_instructions" class="short" dir="auto">
              {s(form, "support_instructions")}
            </textarea>
          </Field>
        </fieldset>
        <fieldset>
          <legend>{i.t("propose.need_optional")}</legend>
          <Field i={i} name="need_item" label={i.t("field.need_item")} errors={errors}>
            <input id="f-need_item" type="text" name="need_item" value={s(form, "need_item")} dir="auto" />
          </Field>
          <Field i={i} name="need_priority" label={i.t("field.need_priority")} errors={errors}>
            <select id="f-need_priority" name="need_priority">
              {NEED_PRIORITIES.map((p) => (
                <option value={p} selected={s(form, "need_priority") === p}>
                  {i.t(`need_priority.${p}`)}
                </option>
              ))}
            </select>
          </Field>
        </fieldset>
        <div>
          <button type="submit">{i.t("propose.submit")}</button>
        </div>
      </form>
    </Layout>
  );
}
