import { raw } from "hono/html";
import { CONTENT_LANGUAGES, directionOf } from "../../../platform/i18n/languages";
import type { FieldErrors } from "../../../platform/http/form";
import { CsrfField, ErrorSummary, Field } from "../../../platform/views/form";
import { type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import { renderMarkdown } from "../markdown";
import { STATEMENT_KINDS } from "../statement.model";

export interface EditorValues {
  kind: string;
  lang: string;
  title: string;
  body: string;
  baseHash?: string;
}

/** For a group that keeps its own key: the prepared text to sign, and the signature pasted so far. */
export interface SigningState {
  custody: "ssh" | "minisign";
  prepared: { statementId: string; signedAt: string; canonical: string } | null;
  signature: string;
  /** Why the last signature was refused (technical, from the verifier). */
  refused?: string;
}

/**
 * Writing a statement (new) or a new revision (edit). "Preview" shows the rendered text
 * without publishing. A conflict shows the revision someone else published meanwhile.
 */
export function EditorPage(props: {
  ctx: PageCtx;
  mode: "new" | "edit";
  action: string;
  groupName: string;
  values: EditorValues;
  errors?: FieldErrors;
  preview?: boolean;
  conflict?: { title: string; body: string };
  signing?: SigningState;
}) {
  const { ctx, values, errors } = props;
  const { i } = ctx;
  const title = props.mode === "new" ? i.t("editor.new_title", { group: props.groupName }) : i.t("editor.edit_title");
  const dir = directionOf(values.lang);
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <ErrorSummary i={i} errors={errors} />
      {props.conflict ? (
        <div class="alert" role="alert">
          <strong>{i.t("editor.conflict")}</strong>
          <p>{i.t("editor.conflict_hint")}</p>
          <div lang={values.lang} dir={dir} class="preview">
            <h2>{props.conflict.title}</h2>
            {raw(renderMarkdown(props.conflict.body))}
          </div>
        </div>
      ) : null}
      {props.preview && !errors ? (
        <section>
          <h2>{i.t("editor.preview")}</h2>
          <div lang={values.lang} dir={dir} class="preview statement-body">
            <h1>{values.title}</h1>
            {raw(renderMarkdown(values.body))}
          </div>
        </section>
      ) : null}
      <form method="post" class="stack" action={props.action}>
        <CsrfField token={ctx.csrf} />
        {values.baseHash ? <input type="hidden" name="baseHash" value={values.baseHash} /> : null}
        {props.mode === "new" ? (
          <>
            <Field i={i} name="kind" label={i.t("field.statement_kind")} errors={errors}>
              <select id="f-kind" name="kind" required>
                {STATEMENT_KINDS.map((k) => (
                  <option value={k} selected={values.kind === k}>
                    {i.t(`statement_kind.${k}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field i={i} name="lang" label={i.t("field.original_language")} errors={errors}>
              <select id="f-lang" name="lang" required>
                {CONTENT_LANGUAGES.map((l) => (
                  <option value={l.code} selected={values.lang === l.code} lang={l.code}>
                    {l.autonym}
                  </option>
                ))}
              </select>
            </Field>
          </>
        ) : null}
        <Field i={i} name="title" label={i.t("field.title")} errors={errors}>
          <input id="f-title" type="text" name="title" value={values.title} required dir="auto" />
        </Field>
        <Field i={i} name="body" label={i.t("field.body")} errors={errors} hint={i.t("editor.markdown_hint")}>
          <textarea id="f-body" name="body" required dir="auto">
            {values.body}
          </textarea>
        </Field>
        {props.signing ? <SigningFields ctx={ctx} signing={props.signing} /> : null}
        <div>
          <button type="submit" name="intent" value="preview" class="secondary">
            {i.t("editor.preview")}
          </button>{" "}
          {props.signing && !props.signing.prepared ? (
            <button type="submit" name="intent" value="prepare">
              {i.t("signing.prepare")}
            </button>
          ) : (
            <button type="submit" name="intent" value="publish">
              {props.mode === "new" ? i.t("editor.publish") : i.t("editor.publish_revision")}
            </button>
          )}
        </div>
      </form>
    </Layout>
  );
}

/**
 * The offline-signing step: the exact text to sign (downloadable, since a copy-paste could add
 * a line break that changes the signature), the command to run, and a box for the signature.
 * Editing title or body after preparing means preparing again.
 */
export function SigningFields(props: { ctx: PageCtx; signing: SigningState }) {
  const { i } = props.ctx;
  const { prepared, custody } = props.signing;
  const command = custody === "ssh" ? "ssh-keygen -Y sign -n sada -f ~/.ssh/sada_ed25519 statement.txt" : "minisign -S -s sada.key -m statement.txt";
  return (
    <section class="signing">
      <h2>{i.t("signing.title")}</h2>
      {props.signing.refused ? (
        <div class="alert" role="alert">
          <strong>{i.t("error.signature_invalid")}</strong>
          <p dir="ltr">{props.signing.refused}</p>
        </div>
      ) : null}
      {prepared ? (
        <>
          <input type="hidden" name="statementId" value={prepared.statementId} />
          <input type="hidden" name="signedAt" value={prepared.signedAt} />
          <p>{i.t("signing.step_download")}</p>
          <pre dir="ltr" class="canonical">
            <code>{prepared.canonical}</code>
          </pre>
          <p>
            <button type="submit" name="intent" value="download" class="secondary" formnovalidate>
              {i.t("signing.download")}
            </button>
          </p>
          <p>{i.t("signing.step_sign")}</p>
          <pre dir="ltr">
            <code>{command}</code>
          </pre>
          <label for="f-signature">{custody === "ssh" ? i.t("signing.paste_ssh") : i.t("signing.paste_minisign")}</label>
          <textarea id="f-signature" name="signature" class="short" dir="ltr" required>
            {props.signing.signature}
          </textarea>
        </>
      ) : (
        <p>{i.t("signing.intro")}</p>
      )}
    </section>
  );
}
