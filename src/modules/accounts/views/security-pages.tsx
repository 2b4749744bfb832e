import { raw } from "hono/html";
import type { FieldErrors } from "../../../platform/http/form";
import { CsrfField, ErrorSummary, Field, Notice } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import type { SessionView } from "../sessions";

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Account security: sessions, password, authenticator app and recovery codes, passkeys. */
export function SecurityPage(props: {
  ctx: PageCtx;
  sessions: SessionView[];
  totp: { enabled: boolean; recoveryLeft: number };
  passkeys: PasskeyView[];
  notice?: string;
  errors?: FieldErrors;
}) {
  const { ctx, errors } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("security.title")} scripts={["passkeys"]}>
      <h1>{i.t("security.title")}</h1>
      <Notice text={props.notice} />
      <ErrorSummary i={i} errors={errors} />
      <section aria-labelledby="sec-sessions">
        <h2 id="sec-sessions">{i.t("security.sessions")}</h2>
        <p>{i.t("security.sessions_intro")}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">{i.t("security.session_started")}</th>
              <th scope="col">{i.t("security.session_last_used")}</th>
              <th scope="col">{i.t("security.session_method")}</th>
              <th scope="col"></th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr>
                <td>
                  <time datetime={s.createdAt}>{i.date(s.createdAt)}</time>
                </td>
                <td>
                  <time datetime={s.lastSeenAt}>{i.date(s.lastSeenAt)}</time>
                </td>
                <td>{methodLabel(i, s.method)}</td>
                <td>
                  {s.current ? (
                    <strong>{i.t("security.this_session")}</strong>
                  ) : (
                    <form method="post" action={href(ctx, `/account/sessions/${s.id}/revoke`)} class="inline">
                      <CsrfField token={ctx.csrf} />
                      <button type="submit" class="secondary">
                        {i.t("security.revoke")}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {props.sessions.length > 1 ? (
          <form method="post" action={href(ctx, "/account/sessions/revoke-others")}>
            <CsrfField token={ctx.csrf} />
            <button type="submit">{i.t("security.revoke_others")}</button>
          </form>
        ) : null}
      </section>

      <section aria-labelledby="sec-password">
        <h2 id="sec-password">{i.t("security.password")}</h2>
        <form method="post" action={href(ctx, "/account/password")} class="stack">
          <CsrfField token={ctx.csrf} />
          <Field i={i} name="current" label={i.t("security.current_password")} errors={errors}>
            <input id="f-current" type="password" name="current" autocomplete="current-password" dir="ltr" required />
          </Field>
          <Field i={i} name="password" label={i.t("security.new_password")} errors={errors} hint={i.t("signup.password_hint")}>
            <input id="f-password" type="password" name="password" autocomplete="new-password" dir="ltr" required minlength={15} />
          </Field>
          <div>
            <button type="submit">{i.t("security.change_password")}</button>
          </div>
        </form>
      </section>

      <section aria-labelledby="sec-totp">
        <h2 id="sec-totp">{i.t("security.totp")}</h2>
        {props.totp.enabled ? (
          <>
            <p>{i.t("security.totp_on", { left: props.totp.recoveryLeft })}</p>
            <form method="post" action={href(ctx, "/account/recovery-codes")} class="inline">
              <CsrfField token={ctx.csrf} />
              <button type="submit" class="secondary">
                {i.t("security.new_recovery_codes")}
              </button>
            </form>{" "}
            <form method="post" action={href(ctx, "/account/totp/disable")} class="inline">
              <CsrfField token={ctx.csrf} />
              <button type="submit" class="secondary">
                {i.t("security.totp_disable")}
              </button>
            </form>
          </>
        ) : (
          <>
            <p>{i.t("security.totp_off")}</p>
            <form method="post" action={href(ctx, "/account/totp/begin")}>
              <CsrfField token={ctx.csrf} />
              <button type="submit">{i.t("security.totp_enable")}</button>
            </form>
          </>
        )}
      </section>

      <section aria-labelledby="sec-passkeys">
        <h2 id="sec-passkeys">{i.t("security.passkeys")}</h2>
        <p>{i.t("security.passkeys_intro")}</p>
        {props.passkeys.length === 0 ? <p class="muted">{i.t("security.passkeys_none")}</p> : null}
        <ul>
          {props.passkeys.map((p) => (
            <li>
              {p.name} · {i.t("security.passkey_added", { date: i.date(p.createdAt) })}
              {p.lastUsedAt ? ` · ${i.t("security.passkey_used", { date: i.date(p.lastUsedAt) })}` : ""}{" "}
              <form method="post" action={href(ctx, `/account/passkeys/${p.id}/delete`)} class="inline">
                <CsrfField token={ctx.csrf} />
                <button type="submit" class="secondary">
                  {i.t("security.passkey_remove")}
                </button>
              </form>
            </li>
          ))}
        </ul>
        <form method="post" action={href(ctx, "/account/passkeys")} class="stack js-only" data-passkey="register" hidden>
          <CsrfField token={ctx.csrf} />
          <label for="f-passkey-name">{i.t("security.passkey_name")}</label>
          <input id="f-passkey-name" name="name" maxlength={60} value={i.t("security.passkey_default_name")} />
          <div>
            <button type="submit">{i.t("security.passkey_add")}</button>
          </div>
          <p class="error" role="alert" data-passkey-error hidden></p>
        </form>
        <noscript>
          <p class="muted">{i.t("security.passkeys_need_js")}</p>
        </noscript>
      </section>

      <section aria-labelledby="sec-data">
        <h2 id="sec-data">{i.t("security.your_data")}</h2>
        <p>
          <a href={href(ctx, "/account/data.json")} download>
            {i.t("security.download_data")}
          </a>
        </p>
        <p>{i.t("security.delete_intro")}</p>
        <form method="post" action={href(ctx, "/account/delete")} class="stack">
          <CsrfField token={ctx.csrf} />
          <Field i={i} name="confirm" label={i.t("security.delete_confirm", { handle: ctx.viewer?.handle ?? "" })} errors={errors}>
            <input id="f-confirm" name="confirm" dir="ltr" autocomplete="off" required />
          </Field>
          <div>
            <button type="submit" class="danger">
              {i.t("security.delete")}
            </button>
          </div>
        </form>
      </section>
    </Layout>
  );
}

function methodLabel(i: PageCtx["i"], method: SessionView["method"]): string {
  switch (method) {
    case "passkey":
      return i.t("security.method_passkey");
    case "totp":
      return i.t("security.method_totp");
    case "recovery":
      return i.t("security.method_recovery");
    default:
      return i.t("security.method_password");
  }
}

/** Enrolment: the secret as a QR code and as text, and the first code to confirm. */
export function TotpSetupPage(props: { ctx: PageCtx; secret: string; qrSvg: string; uri: string; errors?: FieldErrors }) {
  const { ctx, errors } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("security.totp_setup")}>
      <h1>{i.t("security.totp_setup")}</h1>
      <ErrorSummary i={i} errors={errors} />
      <p>{i.t("security.totp_scan")}</p>
      <figure class="qr" aria-label={i.t("security.totp_qr")}>
        {raw(props.qrSvg)}
      </figure>
      <p>{i.t("security.totp_type_key")}</p>
      <p>
        <code dir="ltr" class="secret">
          {props.secret.replace(/(.{4})/g, "$1 ").trim()}
        </code>
      </p>
      <form method="post" action={href(ctx, "/account/totp/confirm")} class="stack">
        <CsrfField token={ctx.csrf} />
        <Field i={i} name="code" label={i.t("security.code")} errors={errors}>
          <input id="f-code" name="code" inputmode="numeric" autocomplete="one-time-code" dir="ltr" required maxlength={8} />
        </Field>
        <div>
          <button type="submit">{i.t("security.totp_confirm")}</button>
        </div>
      </form>
    </Layout>
  );
}

/** Recovery codes, shown once. */
export function RecoveryCodesPage(props: { ctx: PageCtx; codes: string[] }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("security.recovery_codes")}>
      <h1>{i.t("security.recovery_codes")}</h1>
      <p>{i.t("security.recovery_intro")}</p>
      <ol class="recovery-codes" dir="ltr">
        {props.codes.map((c) => (
          <li>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <p>
        <a href={href(ctx, "/account/security")}>{i.t("security.back")}</a>
      </p>
    </Layout>
  );
}

/** The second step of a sign-in: a code from the authenticator app or a recovery code. */
export function SecondFactorPage(props: { ctx: PageCtx; next?: string; errors?: FieldErrors; attemptsLeft?: number }) {
  const { ctx, errors } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("signin.second_factor")}>
      <h1>{i.t("signin.second_factor")}</h1>
      <ErrorSummary i={i} errors={errors} />
      {props.attemptsLeft !== undefined ? <p class="error">{i.t("signin.attempts_left", { left: props.attemptsLeft })}</p> : null}
      <form method="post" action={href(ctx, "/signin/code")} class="stack">
        <CsrfField token={ctx.csrf} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <Field i={i} name="code" label={i.t("security.code")} errors={errors} hint={i.t("signin.code_hint")}>
          <input id="f-code" name="code" autocomplete="one-time-code" dir="ltr" required maxlength={32} />
        </Field>
        <div>
          <button type="submit">{i.t("signin.submit")}</button>
        </div>
      </form>
    </Layout>
  );
}

/** Proving it is still you before a sensitive change. */
export function ReauthPage(props: { ctx: PageCtx; next: string; needsCode: boolean; errors?: FieldErrors }) {
  const { ctx, errors } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("reauth.title")} scripts={["passkeys"]}>
      <h1>{i.t("reauth.title")}</h1>
      <p>{i.t("reauth.intro")}</p>
      <ErrorSummary i={i} errors={errors} />
      <form method="post" action={href(ctx, "/account/reauth")} class="stack">
        <CsrfField token={ctx.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <Field i={i} name="password" label={i.t("field.password")} errors={errors}>
          <input id="f-password" type="password" name="password" autocomplete="current-password" dir="ltr" required />
        </Field>
        {props.needsCode ? (
          <Field i={i} name="code" label={i.t("security.code")} errors={errors} hint={i.t("signin.code_hint")}>
            <input id="f-code" name="code" autocomplete="one-time-code" dir="ltr" required maxlength={32} />
          </Field>
        ) : null}
        <div>
          <button type="submit">{i.t("reauth.submit")}</button>
        </div>
      </form>
      <form method="post" action={href(ctx, "/account/reauth/passkey")} class="js-only" data-passkey="reauth" hidden>
        <CsrfField token={ctx.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <button type="submit" class="secondary">
          {i.t("reauth.passkey")}
        </button>
        <p class="error" role="alert" data-passkey-error hidden></p>
      </form>
    </Layout>
  );
}
