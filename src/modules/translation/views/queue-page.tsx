import { CONTENT_LANGUAGES, autonymOf, directionOf } from "../../../platform/i18n/languages";
import { CsrfField, Notice, PostButton } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import type { QueueItem } from "../translation.queries";

function PairSelect(props: { name: string; value?: string; label: string }) {
  return (
    <select name={props.name} aria-label={props.label}>
      <option value="">—</option>
      {CONTENT_LANGUAGES.map((l) => (
        <option value={l.code} selected={props.value === l.code}>
          {l.autonym}
        </option>
      ))}
    </select>
  );
}

/** The translator's queue: what needs their language pairs, most urgent first. */
export function QueuePage(props: { ctx: PageCtx; pairs: Array<{ source: string; target: string }>; items: QueueItem[]; notice?: string }) {
  const { ctx } = props;
  const { i } = ctx;
  const rows = [...props.pairs, { source: "", target: "" }, { source: "", target: "" }];
  return (
    <Layout ctx={ctx} title={i.t("queue.title")}>
      <h1>{i.t("queue.title")}</h1>
      <Notice text={props.notice} />
      <p>
        <a href={href(ctx, "/translate/coverage")}>{i.t("coverage.title")}</a> · <a href={href(ctx, "/glossary")}>{i.t("nav.glossary")}</a>
      </p>
      {props.pairs.length === 0 ? <p class="notice">{i.t("queue.no_pairs")}</p> : null}
      {props.items.length === 0 && props.pairs.length > 0 ? <p class="muted">{i.t("queue.empty")}</p> : null}
      {props.items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>{i.t("field.title")}</th>
              <th>{i.t("queue.pair")}</th>
              <th>{i.t("queue.progress")}</th>
              <th>{i.t("queue.claim")}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => (
              <tr>
                <td>
                  <a href={href(ctx, `/translate/${item.statementId}/${item.targetLang}`)} lang={item.sourceLang} dir={directionOf(item.sourceLang)}>
                    {item.title}
                  </a>
                  <br />
                  <small>
                    {item.document === "incident" ? i.t("queue.incident") : i.t(`statement_kind.${item.kind as "statement"}`)} · {i.date(item.publishedAt)} ·{" "}
                    {i.t(`target_state.${item.state}`)}
                  </small>
                </td>
                <td>
                  {autonymOf(item.sourceLang)} → {autonymOf(item.targetLang)}
                </td>
                <td>
                  <meter min={0} max={Math.max(item.progress.total, 1)} value={item.progress.approved} />{" "}
                  {i.t("queue.approved_of", { approved: item.progress.approved, total: item.progress.total })}
                </td>
                <td>
                  {item.claimedBy ? (
                    i.t("workspace.claimed_by", { handle: item.claimedBy, date: i.dateTime(item.claimUntil ?? "") })
                  ) : (
                    <PostButton
                      action={href(ctx, `/translate/${item.statementId}/${item.targetLang}/claim`)}
                      csrf={ctx.csrf}
                      label={i.t("workspace.claim")}
                      secondary
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>{i.t("queue.pairs")}</h2>
      <form method="post" action={href(ctx, "/translate/pairs")} class="stack">
        <CsrfField token={ctx.csrf} />
        {rows.map((p, n) => (
          <div>
            <PairSelect name={`source_${n}`} value={p.source} label={i.t("queue.from")} /> →{" "}
            <PairSelect name={`target_${n}`} value={p.target} label={i.t("queue.to")} />
          </div>
        ))}
        <div>
          <button type="submit">{i.t("form.save")}</button>
        </div>
      </form>
    </Layout>
  );
}
