import { raw } from "hono/html";
import { autonymOf, directionOf } from "../../../platform/i18n/languages";
import { CsrfField, Notice } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import { renderMarkdown } from "../markdown";
import type { ReaderTranslation } from "../../translation";
import { TranslationBody, TranslationStatus } from "../../translation/views/translation-panel";
import type { StatementView } from "../statement.queries";
import { ProvenancePanel, type ProvenanceSummary } from "../../provenance";
import { StatementHead } from "../../distribution/views/head";
import { StatementIncidentsLink } from "../../incidents/views/incident-misc-pages";
import { StatementMedia } from "../../media/views/media-section";
import { FediverseLine, type FediverseSummary } from "../../federation";
import { CommentsSection } from "../../discussion/views/comments-section";

/** The public statement: original text, who published it, when, and its revision history. */
export function StatementPage(props: {
  ctx: PageCtx;
  statement: StatementView;
  groupName: string;
  canWrite: boolean;
  notice?: string;
  translation: ReaderTranslation;
  sideBySide: boolean;
  canTranslate: boolean;
  canAddTarget: boolean;
  provenance: ProvenanceSummary;
  fediverse: FediverseSummary | null;
  baseUrl: string;
}) {
  const { ctx, statement: s } = props;
  const { i } = ctx;
  const current = s.revisions[s.revisions.length - 1];
  if (!current) {
    return null;
  }
  const retraction = current.kind === "retraction" ? current : null;
  const originalHtml = renderMarkdown(current.body);
  const shown = props.translation.shown ?? { lang: s.lang, title: current.title, html: originalHtml };
  const published = props.translation.targets.filter((t) => t.publishedRevision !== null).map((t) => t.lang);
  const head = (
    <StatementHead ctx={ctx} statementId={s.id} languages={[s.lang, ...published]} shown={shown} publishedAt={s.publishedAt} updatedAt={s.updatedAt} />
  );
  return (
    <Layout ctx={ctx} title={s.title} scripts={["verify"]} head={head}>
      <article>
        <p class="meta">
          <a href={href(ctx, `/groups/${s.groupSlug}`)}>{props.groupName}</a> · {i.t(`statement_kind.${s.kind}`)} ·{" "}
          <time datetime={s.publishedAt}>{i.date(s.publishedAt)}</time> · {i.t("statement.original_language", { language: autonymOf(s.lang) })}
        </p>
        <Notice text={props.notice} />
        {retraction ? (
          <div class="alert" role="note">
            <strong>{i.t("statement.retracted_on", { date: i.date(retraction.createdAt) })}</strong>
            <p dir="auto">{retraction.retractionReason}</p>
          </div>
        ) : null}
        {props.translation.shown && !props.sideBySide ? (
          <>
            <TranslationBody ctx={ctx} translation={props.translation.shown} />
            <p>
              <a href={href(ctx, `/statements/${s.id}?tl=${props.translation.shown.lang}&view=side`)}>{i.t("translation.side_by_side")}</a> ·{" "}
              <a href={href(ctx, `/statements/${s.id}?tl=${s.lang}`)}>{i.t("translation.show_original")}</a>
            </p>
          </>
        ) : (
          <div class={props.translation.shown ? "side-by-side" : undefined}>
            <div lang={s.lang} dir={directionOf(s.lang)} class="statement-body">
              <h1>{current.title}</h1>
              {raw(originalHtml)}
            </div>
            {props.translation.shown ? <TranslationBody ctx={ctx} translation={props.translation.shown} /> : null}
          </div>
        )}
        {!props.translation.shown && props.translation.inProgressFor ? (
          <p class="notice">{i.t("translation.in_progress", { language: autonymOf(props.translation.inProgressFor) })}</p>
        ) : null}
        <p>
          <a href={href(ctx, `/statements/${s.id}/embed${shown.lang === i.lang ? "" : `?tl=${shown.lang}`}`)}>{i.t("embed.link")}</a>
        </p>
        <StatementIncidentsLink ctx={ctx} statementId={s.id} />
        <StatementMedia ctx={ctx} statementId={s.id} canWrite={props.canWrite && s.status === "published"} />
        <TranslationStatus
          ctx={ctx}
          statementId={s.id}
          sourceLang={s.lang}
          targets={props.translation.targets}
          shown={props.translation.shown?.lang ?? null}
          canTranslate={props.canTranslate}
          canAddTarget={props.canAddTarget}
        />
        {props.canWrite && s.status === "published" ? (
          <p>
            <a class="button" href={href(ctx, `/statements/${s.id}/edit`)}>
              {i.t("statement.edit")}
            </a>
          </p>
        ) : null}
      </article>
      <ProvenancePanel
        ctx={ctx}
        baseUrl={props.baseUrl}
        statementId={s.id}
        groupName={props.groupName}
        summary={props.provenance}
        shownTranslation={props.translation.shown?.lang ?? null}
      />
      <FediverseLine ctx={ctx} summary={props.fediverse} />
      <section>
        <h2>{i.t("statement.history")}</h2>
        <table>
          <thead>
            <tr>
              <th>{i.t("statement.revision")}</th>
              <th>{i.t("field.date")}</th>
              <th>{i.t("group.by")}</th>
              <th>{i.t("statement.hash")}</th>
            </tr>
          </thead>
          <tbody>
            {[...s.revisions].reverse().map((r) => (
              <tr>
                <td>
                  <a href={href(ctx, `/statements/${s.id}/revisions/${r.number}`)}>{i.t("statement.revision_n", { n: r.number })}</a>
                  {r.kind === "retraction" ? <> · {i.t("statement.retraction")}</> : null}
                </td>
                <td>{i.dateTime(r.createdAt)}</td>
                <td>{r.authorHandle ?? "—"}</td>
                <td>
                  <code dir="ltr" title={r.hash}>
                    {r.hash.slice(0, 16)}…
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {props.canWrite && s.status === "published" ? (
        <section>
          <h2>{i.t("statement.retract")}</h2>
          <p class="muted">{i.t("statement.retract_hint")}</p>
          <form method="post" class="stack" action={href(ctx, `/statements/${s.id}/retract`)}>
            <CsrfField token={ctx.csrf} />
            <input type="hidden" name="baseHash" value={s.currentHash} />
            <label for="f-reason">{i.t("field.reason")}</label>
            <textarea id="f-reason" name="reason" class="short" required dir="auto"></textarea>
            <div>
              <button type="submit" class="secondary">
                {i.t("statement.retract")}
              </button>
            </div>
          </form>
        </section>
      ) : null}
      <CommentsSection ctx={ctx} statementId={s.id} readingLang={props.translation.shown?.lang ?? s.lang} />
    </Layout>
  );
}
