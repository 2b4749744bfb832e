import { autonymOf } from "../../../platform/i18n/languages";
import type { FieldErrors } from "../../../platform/http/form";
import { CsrfField, ErrorSummary, Field, Notice, PostButton } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import { MEMBER_ROLES, NEED_PRIORITIES } from "../group.model";
import { profileFor, type GroupDetail } from "../group.queries";
import { GroupFactsFields, LangSelect } from "./group-fields";

export interface AdminFormState {
  section: "profile" | "support" | "need" | "invite";
  errors: FieldErrors;
  values: Record<string, string | string[]>;
  conflict?: boolean;
}

/** Everything a group admin (or editor) can change, each section its own small form. */
export function GroupAdminPage(props: {
  ctx: PageCtx;
  group: GroupDetail;
  profileLang: string;
  canManageMembers: boolean;
  state?: AdminFormState;
  notice?: string;
}) {
  const { ctx, group, state } = props;
  const { i } = ctx;
  const base = href(ctx, `/groups/${group.slug}`);
  const errorsFor = (section: AdminFormState["section"]) => (state?.section === section ? state.errors : undefined);
  const profile = group.profiles.find((p) => p.lang === props.profileLang) ?? { lang: props.profileLang, name: "", description: "" };
  const values = state?.section === "profile" ? state.values : undefined;
  const v = (key: string, fallback: string) => (typeof values?.[key] === "string" ? (values[key] as string) : fallback);
  return (
    <Layout ctx={ctx} title={i.t("admin.title", { name: profileFor(group, i.lang).name })}>
      <h1>{i.t("admin.title", { name: profileFor(group, i.lang).name })}</h1>
      <p>
        <a href={base}>{i.t("admin.back")}</a>
      </p>
      <Notice text={props.notice} />
      <section>
        <h2>{i.t("admin.profile")}</h2>
        <p class="muted">
          {i.t("admin.profile_languages")}{" "}
          {group.profiles.map((p) => (
            <>
              <a href={`${base}/admin?profile=${p.lang}`}>{autonymOf(p.lang)}</a>{" "}
            </>
          ))}
        </p>
        {state?.conflict ? <p class="alert">{i.t("error.edit_conflict")}</p> : null}
        <ErrorSummary i={i} errors={errorsFor("profile")} />
        <form method="post" class="stack" action={`${base}/admin/profile`}>
          <CsrfField token={ctx.csrf} />
          <input type="hidden" name="version" value={String(group.version)} />
          <Field i={i} name="profile_lang" label={i.t("field.profile_language")} errors={errorsFor("profile")}>
            <LangSelect i={i} name="profile_lang" value={v("profile_lang", profile.lang)} />
          </Field>
          <Field i={i} name="name" label={i.t("field.group_name")} errors={errorsFor("profile")}>
            <input id="f-name" type="text" name="name" value={v("name", profile.name)} dir="auto" required />
          </Field>
          <Field i={i} name="description" label={i.t("field.description")} errors={errorsFor("profile")}>
            <textarea id="f-description" name="description" dir="auto">
              {v("description", profile.description)}
            </textarea>
          </Field>
          <GroupFactsFields i={i} errors={errorsFor("profile")} kind={group.kind} places={group.places} languages={group.languages} contact={group.contact} />
          <div>
            <button type="submit">{i.t("form.save")}</button>
          </div>
        </form>
      </section>
      <section>
        <h2>{i.t("group.support")}</h2>
        <ul>
          {group.support.map((s) => (
            <li>
              <span lang={s.lang}>{s.label}</span> <small>({autonymOf(s.lang)})</small>{" "}
              <PostButton action={`${base}/admin/support/${s.id}/delete`} csrf={ctx.csrf} label={i.t("form.remove")} secondary />
            </li>
          ))}
        </ul>
        <ErrorSummary i={i} errors={errorsFor("support")} />
        <form method="post" class="stack" action={`${base}/admin/support`}>
          <CsrfField token={ctx.csrf} />
          <Field i={i} name="lang" label={i.t("field.language")} errors={errorsFor("support")}>
            <LangSelect i={i} name="lang" value={group.defaultLang} />
          </Field>
          <Field i={i} name="label" label={i.t("field.support_label")} errors={errorsFor("support")}>
            <input id="f-label" type="text" name="label" dir="auto" />
          </Field>
          <Field i={i} name="url" label={i.t("field.support_url")} errors={errorsFor("support")}>
            <input id="f-url" type="url" name="url" dir="ltr" />
          </Field>
          <Field i={i} name="instructions" label={i.t("field.support_instructions")} errors={errorsFor("support")}>
            <textarea id="f-instructions" name="instructions" class="short" dir="auto"></textarea>
          </Field>
          <div>
            <button type="submit">{i.t("admin.add_support")}</button>
          </div>
        </form>
      </section>
      <section>
        <h2>{i.t("group.needs")}</h2>
        <ul>
          {group.needs.map((n) => (
            <li>
              <span class="badge">{i.t(`need_priority.${n.priority as "normal"}`)}</span> <span dir="auto">{n.item}</span>{" "}
              <PostButton action={`${base}/admin/needs/${n.id}/delete`} csrf={ctx.csrf} label={i.t("form.remove")} secondary />
            </li>
          ))}
        </ul>
        <ErrorSummary i={i} errors={errorsFor("need")} />
        <form method="post" class="stack" action={`${base}/admin/needs`}>
          <CsrfField token={ctx.csrf} />
          <Field i={i} name="item" label={i.t("field.need_item")} errors={errorsFor("need")}>
            <input id="f-item" type="text" name="item" dir="auto" required />
          </Field>
          <Field i={i} name="priority" label={i.t("field.need_priority")} errors={errorsFor("need")}>
            <select id="f-priority" name="priority">
              {NEED_PRIORITIES.map((p) => (
                <option value={p}>{i.t(`need_priority.${p}`)}</option>
              ))}
            </select>
          </Field>
          <div>
            <button type="submit">{i.t("admin.add_need")}</button>
          </div>
        </form>
      </section>
      <section>
        <h2>{i.t("admin.members")}</h2>
        <ul>
          {group.members.map((m) => (
            <li>
              {m.handle} — {i.t(`member_role.${m.role}`)} {m.accepted ? null : <span class="badge">{i.t("admin.invited")}</span>}
            </li>
          ))}
        </ul>
        {props.canManageMembers ? (
          <>
            <ErrorSummary i={i} errors={errorsFor("invite")} />
            <form method="post" class="stack" action={`${base}/admin/members`}>
              <CsrfField token={ctx.csrf} />
              <Field i={i} name="handle" label={i.t("field.handle")} errors={errorsFor("invite")}>
                <input id="f-handle" type="text" name="handle" dir="ltr" required />
              </Field>
              <Field i={i} name="role" label={i.t("field.member_role")} errors={errorsFor("invite")}>
                <select id="f-role" name="role">
                  {MEMBER_ROLES.map((r) => (
                    <option value={r}>{i.t(`member_role.${r}`)}</option>
                  ))}
                </select>
              </Field>
              <div>
                <button type="submit">{i.t("admin.invite")}</button>
              </div>
            </form>
          </>
        ) : null}
      </section>
    </Layout>
  );
}
