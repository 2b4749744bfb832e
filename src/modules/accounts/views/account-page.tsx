import { UI_LANGS, autonymOf } from "../../../platform/i18n/languages";
import type { FieldErrors } from "../../../platform/http/form";
import { CsrfField, ErrorSummary, Field, Notice } from "../../../platform/views/form";
import type { GroupSummary } from "../../groups";
import { profileFor } from "../../groups";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";

type Membership = GroupSummary & { role: "publisher" | "admin"; accepted: boolean };

export function AccountPage(props: { ctx: PageCtx; email: string | null; memberships: Membership[]; errors?: FieldErrors; saved?: boolean }) {
  const { ctx, errors } = props;
  const { i } = ctx;
  const viewer = ctx.viewer;
  if (!viewer) {
    return null;
  }
  const invites = props.memberships.filter((m) => !m.accepted);
  const groups = props.memberships.filter((m) => m.accepted);
  return (
    <Layout ctx={ctx} title={i.t("account.title")}>
      <h1>{i.t("account.title")}</h1>
      <p>{i.t("account.signed_in_as", { handle: viewer.handle, role: i.t(`role.${viewer.role}`) })}</p>
      <Notice text={props.saved ? i.t("account.saved") : undefined} />
      <p>
        <a href={href(ctx, "/account/security")}>{i.t("security.title")}</a>
      </p>
      {invites.length > 0 ? (
        <section>
          <h2>{i.t("account.invitations")}</h2>
          <ul>
            {invites.map((g) => (
              <li>
                {i.t("account.invited_to", { group: profileFor(g, i.lang).name, role: i.t(`member_role.${g.role}`) })}{" "}
                <form method="post" action={href(ctx, `/groups/${g.slug}/invitation`)} class="inline">
                  <CsrfField token={ctx.csrf} />
                  <button type="submit" name="accept" value="yes">
                    {i.t("account.accept")}
                  </button>{" "}
                  <button type="submit" name="accept" value="no" class="secondary">
                    {i.t("account.decline")}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section>
        <h2>{i.t("account.my_groups")}</h2>
        {groups.length === 0 ? <p class="muted">{i.t("account.no_groups")}</p> : null}
        <ul>
          {groups.map((g) => (
            <li>
              <a href={href(ctx, `/groups/${g.slug}`)}>{profileFor(g, i.lang).name}</a> — {i.t(`member_role.${g.role}`)} ·{" "}
              <a href={href(ctx, `/groups/${g.slug}/statements/new`)}>{i.t("group.publish_statement")}</a>
            </li>
          ))}
        </ul>
        <p>
          <a href={href(ctx, "/groups/new")}>{i.t("directory.propose")}</a>
        </p>
      </section>
      <section>
        <h2>{i.t("account.settings")}</h2>
        <ErrorSummary i={i} errors={errors} />
        <form method="post" class="stack" action={href(ctx, "/account")}>
          <CsrfField token={ctx.csrf} />
          <Field i={i} name="locale" label={i.t("field.interface_language")} errors={errors}>
            <select id="f-locale" name="locale">
              <option value="">{i.t("account.language_auto")}</option>
              {UI_LANGS.map((l) => (
                <option value={l} selected={viewer.locale === l}>
                  {autonymOf(l)}
                </option>
              ))}
            </select>
          </Field>
          <Field i={i} name="email" label={i.t("field.email_optional")} errors={errors}>
            <input id="f-email" type="email" name="email" value={props.email ?? ""} />
          </Field>
          <div>
            <button type="submit">{i.t("form.save")}</button>
          </div>
        </form>
      </section>
    </Layout>
  );
}
