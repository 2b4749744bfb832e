import { diffWords } from "diff";
import { directionOf } from "../../../platform/i18n/languages";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import type { RevisionView, StatementView } from "../statement.queries";

function Diff(props: { before: string; after: string; lang: string }) {
  return (
    <div class="diff" lang={props.lang} dir={directionOf(props.lang)}>
      {diffWords(props.before, props.after, { intlSegmenter: new Intl.Segmenter(props.lang, { granularity: "word" }) }).map((part) =>
        part.added ? <ins>{part.value}</ins> : part.removed ? <del>{part.value}</del> : <span>{part.value}</span>,
      )}
    </div>
  );
}

/** One revision as it was, its canonical form and hash, and what the next revision changed. */
export function RevisionPage(props: { ctx: PageCtx; statement: StatementView; revision: RevisionView; next: RevisionView | undefined }) {
  const { ctx, statement: s, revision: r, next } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("revision.title", { n: r.number, title: r.title })}>
      <p>
        <a href={href(ctx, `/statements/${s.id}`)}>{i.t("revision.back")}</a>
      </p>
      <h1>{i.t("revision.title", { n: r.number, title: r.title })}</h1>
      <p class="meta">
        {i.dateTime(r.createdAt)} · {r.authorHandle ?? "—"}
      </p>
      {r.kind === "retraction" ? (
        <p class="alert">
          {i.t("statement.retraction")}: {r.retractionReason}
        </p>
      ) : null}
      <div lang={r.lang} dir={directionOf(r.lang)} class="statement-body">
        <pre class="diff">{r.body}</pre>
      </div>
      <h2>{i.t("revision.changes_next")}</h2>
      {next ? (
        <>
          <p>
            <a href={href(ctx, `/statements/${s.id}/revisions/${next.number}`)}>{i.t("statement.revision_n", { n: next.number })}</a>
          </p>
          <Diff before={r.title} after={next.title} lang={r.lang} />
          <Diff before={r.body} after={next.body} lang={r.lang} />
        </>
      ) : (
        <p class="muted">{i.t("revision.latest")}</p>
      )}
      <h2>{i.t("revision.integrity")}</h2>
      <p>{i.t("revision.integrity_hint")}</p>
      <dl dir="ltr">
        <dt>SHA-256</dt>
        <dd>
          <code>{r.hash}</code>
        </dd>
        <dt>{i.t("revision.previous_hash")}</dt>
        <dd>
          <code>{r.prevHash ?? "—"}</code>
        </dd>
      </dl>
      <pre class="diff" dir="ltr">
        {r.canonical}
      </pre>
    </Layout>
  );
}
