import { CONTENT_LANGUAGES, autonymOf, directionOf } from "../../../platform/i18n/languages";
import type { FieldErrors } from "../../../platform/http/form";
import { CsrfField, ErrorSummary, Field, Notice, PostButton } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import type { GlossaryTerm } from "../glossary";

/** The glossary of one language pair: terms, their renderings, and TBX import/export. */
export function GlossaryPage(props: {
  ctx: PageCtx;
  pair: { sourceLang: string; targetLang: string };
  terms: GlossaryTerm[];
  canEdit: boolean;
  errors?: FieldErrors;
  values?: Record<string, string | string[]>;
  notice?: string;
}) {
  const { ctx, pair } = props;
  const { i } = ctx;
  const pairParam = `${pair.sourceLang}-${pair.targetLang}`;
  const v = (k: string) => (typeof props.values?.[k] === "string" ? (props.values[k] as string) : "");
  return (
    <Layout ctx={ctx} title={i.t("glossary.title")}>
      <h1>{i.t("glossary.title")}</h1>
      <form method="get" action={href(ctx, "/glossary")} class="inline">
        <label for="f-pair">{i.t("glossary.pair")}</label>{" "}
        <select id="f-pair" name="pair">
          {CONTENT_LANGUAGES.flatMap((s) =>
            CONTENT_LANGUAGES.filter((t) => t.code !== s.code).map((t) => (
              <option value={`${s.code}-${t.code}`} selected={`${s.code}-${t.code}` === pairParam}>
                {s.autonym} → {t.autonym}
              </option>
            )),
          )}
        </select>{" "}
        <button type="submit" class="secondary">
          {i.t("glossary.show")}
        </button>
      </form>
      <Notice text={props.notice} />
      <p>
        <a href={href(ctx, `/glossary/export?pair=${pairParam}`)}>{i.t("glossary.download_tbx")}</a>
      </p>
      {props.terms.length === 0 ? (
        <p class="muted">{i.t("glossary.empty")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{autonymOf(pair.sourceLang)}</th>
              <th>{autonymOf(pair.targetLang)}</th>
              <th>{i.t("glossary.forbidden")}</th>
              <th>{i.t("glossary.note")}</th>
              {props.canEdit ? <th></th> : null}
            </tr>
          </thead>
          <tbody>
            {props.terms.map((t) => (
              <tr>
                <td lang={pair.sourceLang} dir={directionOf(pair.sourceLang)}>
                  {t.term}
                </td>
                <td lang={pair.targetLang} dir={directionOf(pair.targetLang)}>
                  {t.doNotTranslate ? <em>{i.t("workspace.dnt")}</em> : t.preferred.join(" / ")}
                </td>
                <td lang={pair.targetLang}>{t.forbidden.join(", ")}</td>
                <td dir="auto">{t.note}</td>
                {props.canEdit ? (
                  <td>
                    <PostButton action={href(ctx, `/glossary/${t.id}/delete?pair=${pairParam}`)} csrf={ctx.csrf} label={i.t("form.remove")} secondary />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.canEdit ? (
        <>
          <h2>{i.t("glossary.add")}</h2>
          <ErrorSummary i={i} errors={props.errors} />
          <form method="post" action={href(ctx, `/glossary?pair=${pairParam}`)} class="stack">
            <CsrfField token={ctx.csrf} />
            <input type="hidden" name="sourceLang" value={pair.sourceLang} />
            <input type="hidden" name="targetLang" value={pair.targetLang} />
            <Field i={i} name="term" label={i.t("glossary.term")} errors={props.errors}>
              <input id="f-term" type="text" name="term" value={v("term")} lang={pair.sourceLang} dir="auto" required />
            </Field>
            <Field i={i} name="preferred" label={i.t("glossary.preferred")} errors={props.errors} hint={i.t("glossary.list_hint")}>
              <textarea id="f-preferred" name="preferred" class="short" lang={pair.targetLang} dir="auto">
                {v("preferred")}
              </textarea>
            </Field>
            <Field i={i} name="forbidden" label={i.t("glossary.forbidden")} errors={props.errors} hint={i.t("glossary.list_hint")}>
              <textarea id="f-forbidden" name="forbidden" class="short" lang={pair.targetLang} dir="auto">
                {v("forbidden")}
              </textarea>
            </Field>
            <div>
              <input id="f-dnt" type="checkbox" name="doNotTranslate" value="1" checked={v("doNotTranslate") === "1"} />{" "}
              <label for="f-dnt" class="inline">
                {i.t("glossary.dnt")}
              </label>
            </div>
            <Field i={i} name="note" label={i.t("glossary.note")} errors={props.errors}>
              <input id="f-note" type="text" name="note" value={v("note")} dir="auto" />
            </Field>
            <div>
              <button type="submit">{i.t("glossary.add")}</button>
            </div>
          </form>
          <h2>{i.t("glossary.import_tbx")}</h2>
          <form method="post" action={href(ctx, `/glossary/import?pair=${pairParam}`)} enctype="multipart/form-data" class="stack">
            <CsrfField token={ctx.csrf} />
            <input type="file" name="file" accept=".tbx,.xml" required aria-label={i.t("glossary.import_tbx")} />
            <div>
              <button type="submit" class="secondary">
                {i.t("workspace.upload")}
              </button>
            </div>
          </form>
        </>
      ) : null}
    </Layout>
  );
}
