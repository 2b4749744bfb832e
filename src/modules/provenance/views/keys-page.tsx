import type { FieldErrors } from "../../../platform/http/form";
import { CsrfField, ErrorSummary, Field, Notice, PostButton } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import type { GroupKeyView } from "../group-keys.service";

export interface KeyFormState {
  form: "register" | "revoke";
  errors: FieldErrors;
  values: Record<string, string | string[]>;
  /** Why a key or signature was refused, from the parser (technical, in English). */
  detail?: string;
}

/**
 * A group's signing keys: which one signs now, and every earlier one with when it was rotated
 * or revoked (public, since anyone checking an old signature needs them). Group admins choose
 * here between a key the server holds for them and a key they keep offline.
 */
export function KeysPage(props: {
  ctx: PageCtx;
  slug: string;
  groupName: string;
  keys: GroupKeyView[];
  canManage: boolean;
  state?: KeyFormState;
  notice?: string;
}) {
  const { ctx, keys, state } = props;
  const { i } = ctx;
  const base = href(ctx, `/groups/${props.slug}/keys`);
  const active = keys.find((k) => k.status === "active");
  const v = (name: string) => (typeof state?.values[name] === "string" ? (state.values[name] as string) : "");
  return (
    <Layout ctx={ctx} title={i.t("keys.title", { name: props.groupName })}>
      <h1>{i.t("keys.title", { name: props.groupName })}</h1>
      <p>
        <a href={href(ctx, `/groups/${props.slug}`)}>{i.t("admin.back")}</a>
      </p>
      <Notice text={props.notice} />
      <p>{i.t("keys.intro")}</p>
      {keys.length === 0 ? (
        <p class="muted">{i.t("keys.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{i.t("keys.fingerprint")}</th>
              <th>{i.t("keys.custody")}</th>
              <th>{i.t("keys.status")}</th>
              <th>{i.t("field.date")}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr>
                <td>
                  <code dir="ltr">{k.fingerprint}</code>
                </td>
                <td>{k.custody === "server" ? i.t("provenance.custody_server") : i.t("provenance.custody_group", { tool: k.custody })}</td>
                <td>
                  {i.t(`keys.status_${k.status}`)}
                  {k.revokedAt ? (
                    <>
                      {" "}
                      · {i.date(k.revokedAt)} · <span dir="auto">{k.revokedReason}</span>
                    </>
                  ) : k.retiredAt ? (
                    <> · {i.date(k.retiredAt)}</>
                  ) : null}
                </td>
                <td>{i.date(k.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.canManage ? (
        <>
          <section>
            <h2>{i.t("keys.own_title")}</h2>
            <p>{i.t("keys.own_intro")}</p>
            <pre dir="ltr">
              <code>{"ssh-keygen -t ed25519 -f sada-key\ncat sada-key.pub"}</code>
            </pre>
            <ErrorSummary i={i} errors={state?.form === "register" ? state.errors : undefined} />
            {state?.form === "register" && state.detail ? (
              <p class="alert" dir="ltr">
                {state.detail}
              </p>
            ) : null}
            <form method="post" class="stack" action={`${base}/register`}>
              <CsrfField token={ctx.csrf} />
              <fieldset>
                <legend>{i.t("keys.tool")}</legend>
                <label>
                  <input type="radio" name="custody" value="ssh" checked={v("custody") !== "minisign"} /> OpenSSH (ssh-ed25519)
                </label>{" "}
                <label>
                  <input type="radio" name="custody" value="minisign" checked={v("custody") === "minisign"} /> minisign
                </label>
              </fieldset>
              <Field i={i} name="publicKey" label={i.t("keys.public_key")} errors={state?.form === "register" ? state.errors : undefined}>
                <textarea id="f-publicKey" name="publicKey" class="short" dir="ltr" required>
                  {v("publicKey")}
                </textarea>
              </Field>
              <div>
                <button type="submit">{i.t("keys.register")}</button>
              </div>
            </form>
          </section>
          <section>
            <h2>{i.t("keys.server_title")}</h2>
            <p>{i.t("keys.server_intro")}</p>
            <PostButton action={`${base}/server`} csrf={ctx.csrf} label={i.t("keys.server_button")} secondary />
          </section>
          {active ? (
            <section>
              <h2>{i.t("keys.revoke_title")}</h2>
              <p>{i.t("keys.revoke_intro")}</p>
              <ErrorSummary i={i} errors={state?.form === "revoke" ? state.errors : undefined} />
              <form method="post" class="stack" action={`${base}/revoke`}>
                <CsrfField token={ctx.csrf} />
                <input type="hidden" name="fingerprint" value={active.fingerprint} />
                <p>
                  <code dir="ltr">{active.fingerprint}</code>
                </p>
                <Field i={i} name="reason" label={i.t("field.reason")} errors={state?.form === "revoke" ? state.errors : undefined}>
                  <textarea id="f-reason" name="reason" class="short" dir="auto" required>
                    {v("reason")}
                  </textarea>
                </Field>
                <div>
                  <button type="submit" class="secondary">
                    {i.t("keys.revoke_button")}
                  </button>
                </div>
              </form>
            </section>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}
