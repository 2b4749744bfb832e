import { raw } from "hono/html";
import { CONTENT_LANGUAGES, autonymOf, directionOf } from "../../../platform/i18n/languages";
import { CsrfField } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import type { TargetSummary } from "../translation.queries";

export interface ShownTranslation {
  lang: string;
  html: string;
  title: string;
  translators: string[];
  reviewers: string[];
  outdated: boolean;
  publishedAt: string;
}

/** Which languages a statement is available in, and how far each translation has come. */
export function TranslationStatus(props: {
  ctx: PageCtx;
  statementId: string;
  sourceLang: string;
  targets: TargetSummary[];
  shown: string | null;
  canTranslate: boolean;
  canAddTarget: boolean;
}) {
  const { ctx } = props;
  const { i } = ctx;
  const missing = CONTENT_LANGUAGES.filter((l) => l.code !== props.sourceLang && !props.targets.some((t) => t.lang === l.code));
  return (
    <section>
      <h2>{i.t("translation.languages")}</h2>
      <ul class="checks">
        {props.targets.map((t) => (
          <li>
            {t.publishedRevision !== null ? (
              <a href={href(ctx, `/statements/${props.statementId}?tl=${t.lang}`)} lang={t.lang} aria-current={props.shown === t.lang ? "true" : undefined}>
                {autonymOf(t.lang)}
              </a>
            ) : (
              <span lang={t.lang}>{autonymOf(t.lang)}</span>
            )}{" "}
            <small>
              {i.t(`target_state.${t.state}`)}
              {t.state !== "published" ? <> · {i.t("queue.approved_of", { approved: t.progress.approved, total: t.progress.total })}</> : null}
              {props.canTranslate && t.state !== "published" ? (
                <>
                  {" "}
                  · <a href={href(ctx, `/translate/${props.statementId}/${t.lang}`)}>{i.t("translation.translate")}</a>
                </>
              ) : null}
            </small>
          </li>
        ))}
      </ul>
      {props.canAddTarget && missing.length > 0 ? (
        <form method="post" action={href(ctx, `/statements/${props.statementId}/targets`)} class="inline">
          <CsrfField token={ctx.csrf} />
          <label for="f-add-target">{i.t("translation.add_language")}</label>{" "}
          <select id="f-add-target" name="lang">
            {missing.map((l) => (
              <option value={l.code}>{l.autonym}</option>
            ))}
          </select>{" "}
          <button type="submit" class="secondary">
            {i.t("translation.add")}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** A published translation with its credits; marked when the source has changed since. */
export function TranslationBody(props: { ctx: PageCtx; translation: ShownTranslation }) {
  const { i } = props.ctx;
  const t = props.translation;
  return (
    <div>
      <p class="meta">
        {i.t("translation.shown", { language: autonymOf(t.lang) })} ·{" "}
        {i.t("translation.credits", { translators: t.translators.join(", ") || "—", reviewers: t.reviewers.join(", ") || "—" })}
      </p>
      {t.outdated ? <p class="alert">{i.t("translation.outdated")}</p> : null}
      <div lang={t.lang} dir={directionOf(t.lang)} class="statement-body">
        <h1>{t.title}</h1>
        {raw(t.html)}
      </div>
    </div>
  );
}
