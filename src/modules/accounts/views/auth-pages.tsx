import type { FieldErrors } from "../../../platform/http/form";
import { CsrfField, ErrorSummary, Field } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";

export function SignUpPage(props: { ctx: PageCtx; values?: Record<string, string>; errors?: FieldErrors; setupToken?: string }) {
  const { ctx, errors } = props;
  const { i } = ctx;
  const setup = props.setupToken !== undefined;
  const title = setup ? i.t("setup.title") : i.t("signup.title");
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{setup ? i.t("setup.intro") : i.t("signup.intro")}</p>
      <ErrorSummary i={i} errors={errors} />
      <form method="post" class="stack" action={setup ? href(ctx, `/setup/${props.setupToken}`) : href(ctx, "/signup")}>
        <CsrfField token={ctx.csrf} />
        <Field i={i} name="handle" label={i.t("field.handle")} errors={errors} hint={i.t("signup.handle_hint")}>
          <input id="f-handle" type="text" name="handle" value={props.values?.handle ?? ""} autocomplete="username" dir="ltr" required />
        </Field>
        <Field i={i} name="password" label={i.t("field.password")} errors={errors} hint={i.t("signup.password_hint")}>
          <input id="f-password" type="password" name="password" autocomplete="new-password" dir="ltr" required minlength={15} />
        </Field>
        <Field i={i} name="email" label={i.t("field.email_optional")} errors={errors} hint={i.t("signup.email_hint")}>
          <input id="f-email" type="email" name="email" value={props.values?.email ?? ""} autocomplete="email" dir="ltr" />
        </Field>
        <div>
          <button type="submit">{setup ? i.t("setup.submit") : i.t("signup.submit")}</button>
        </div>
      </form>
    </Layout>
  );
}

export function SignInPage(props: { ctx: PageCtx; handle?: string; errors?: FieldErrors; next?: string; expired?: boolean }) {
  const { ctx, errors } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("signin.title")} scripts={["passkeys"]}>
      <h1>{i.t("signin.title")}</h1>
      {props.expired ? <p class="notice">{i.t("signin.expired")}</p> : null}
      <ErrorSummary i={i} errors={errors} />
      <form method="post" class="stack" action={href(ctx, "/signin")}>
        <CsrfField token={ctx.csrf} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <Field i={i} name="handle" label={i.t("field.handle")} errors={undefined}>
          <input id="f-handle" type="text" name="handle" value={props.handle ?? ""} autocomplete="username" dir="ltr" required />
        </Field>
        <Field i={i} name="password" label={i.t("field.password")} errors={undefined}>
          <input id="f-password" type="password" name="password" autocomplete="current-password" dir="ltr" required />
        </Field>
        <div>
          <button type="submit">{i.t("signin.submit")}</button>
        </div>
      </form>
      <form method="post" action={href(ctx, "/signin/passkey")} class="js-only" data-passkey="signin" hidden>
        <CsrfField token={ctx.csrf} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <button type="submit" class="secondary">
          {i.t("signin.passkey")}
        </button>
        <p class="error" role="alert" data-passkey-error hidden></p>
      </form>
      <p>
        <a href={href(ctx, "/signup")}>{i.t("signin.no_account")}</a>
      </p>
    </Layout>
  );
}
