import type { Child } from "hono/jsx";
import type { MessageKey, Translator } from "../i18n/translator";
import type { FieldErrors } from "../http/form";

/** The hidden anti-CSRF field that every POST form carries. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** A summary at the top of a form that failed validation, linking to each field. */
export function ErrorSummary(props: { i: Translator; errors: FieldErrors | undefined }) {
  const entries = Object.entries(props.errors ?? {});
  if (entries.length === 0) {
    return null;
  }
  return (
    <div class="alert" role="alert" id="form-errors">
      <strong>{props.i.t("form.has_errors", { count: entries.length })}</strong>
      <ul>
        {entries.map(([field, key]) => (
          <li>
            <a href={`#f-${field}`}>{props.i.t(key as MessageKey)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A labelled control with its error message, if any. */
export function Field(props: { i: Translator; name: string; label: string; errors: FieldErrors | undefined; hint?: string; children: Child }) {
  const error = props.errors?.[props.name];
  return (
    <div>
      <label for={`f-${props.name}`}>{props.label}</label>
      {props.children}
      {props.hint ? <small>{props.hint}</small> : null}
      {error ? <p class="error">{props.i.t(error as MessageKey)}</p> : null}
    </div>
  );
}

/** A one-button form that POSTs to `action` (remove, accept…): works without JavaScript. */
export function PostButton(props: { action: string; csrf: string; label: string; secondary?: boolean; name?: string; value?: string }) {
  return (
    <form method="post" action={props.action} class="inline">
      <CsrfField token={props.csrf} />
      <button type="submit" class={props.secondary ? "secondary" : undefined} name={props.name} value={props.value}>
        {props.label}
      </button>
    </form>
  );
}

/** A status message after a successful action, announced to screen readers. */
export function Notice(props: { text: string | undefined }) {
  return props.text ? (
    <p class="notice" role="status">
      {props.text}
    </p>
  ) : null;
}
