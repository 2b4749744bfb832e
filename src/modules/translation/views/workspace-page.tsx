import { autonymOf, directionOf } from "../../../platform/i18n/languages";
import type { MessageKey } from "../../../platform/i18n/translator";
import { CsrfField, Notice, PostButton } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import type { QaIssue } from "../qa";
import type { WorkspaceSegment } from "../translation.queries";
import { SegmentText } from "./segment-text";

export interface SegmentHints {
  qa: QaIssue[];
  tm: Array<{ score: number; source: string; target: string; inContext: boolean; diff: Array<{ text: string; change: "same" | "added" | "removed" }> }>;
  glossary: Array<{ start: number; end: number; term: string; preferred: string[]; forbidden: string[]; doNotTranslate: boolean; note: string }>;
}

export interface WorkspaceModel {
  /** The document translated: a statement, or an incident's title and narrative. */
  statement: { id: string; document: "statement" | "incident"; title: string; lang: string; revision: number; groupSlug: string | null };
  target: string;
  claim: { by: string; until: string } | null;
  segments: WorkspaceSegment[];
  hints: Map<string, SegmentHints>;
  canReview: boolean;
  mtAvailable: boolean;
  conflict?: { segmentId: string; mine: string; theirs: { text: string; version: number; translator: string | null } };
  errorKey?: MessageKey;
  notice?: string;
}

function statusKey(status: string): MessageKey {
  switch (status) {
    case "draft":
      return "segment_status.draft";
    case "translated":
      return "segment_status.translated";
    case "approved":
      return "segment_status.approved";
    case "rejected":
      return "segment_status.rejected";
    default:
      return "segment_status.untranslated";
  }
}

/**
 * The translation workspace: one row per segment, source beside target. Every row is a plain
 * form, so it works without JavaScript; /static/workspace.js adds keys, autosave and shortcuts.
 */
export function WorkspacePage(props: { ctx: PageCtx; model: WorkspaceModel }) {
  const { ctx, model } = props;
  const { i } = ctx;
  const base = href(ctx, `/translate/${model.statement.id}/${model.target}`);
  const srcDir = directionOf(model.statement.lang);
  const tgtDir = directionOf(model.target);
  const approved = model.segments.filter((s) => s.status === "approved").length;
  return (
    <Layout ctx={ctx} title={i.t("workspace.title", { title: model.statement.title, language: autonymOf(model.target) })} scripts={["workspace"]}>
      <h1>
        {i.t("workspace.heading", { language: autonymOf(model.target) })}:{" "}
        <a
          href={href(ctx, `/${model.statement.document === "incident" ? "incidents" : "statements"}/${model.statement.id}`)}
          lang={model.statement.lang}
          dir={srcDir}
        >
          {model.statement.title}
        </a>
      </h1>
      <p class="meta">
        {i.t("workspace.progress", { approved, total: model.segments.length })} <meter min={0} max={Math.max(model.segments.length, 1)} value={approved} /> ·{" "}
        {i.t("workspace.plural_forms", { forms: new Intl.PluralRules(model.target).resolvedOptions().pluralCategories.join(", ") })} ·{" "}
        {model.claim ? i.t("workspace.claimed_by", { handle: model.claim.by, date: i.dateTime(model.claim.until) }) : i.t("workspace.unclaimed")}{" "}
        {model.claim && model.claim.by === ctx.viewer?.handle ? (
          <PostButton action={`${base}/release`} csrf={ctx.csrf} label={i.t("workspace.release")} secondary />
        ) : (
          <PostButton action={`${base}/claim`} csrf={ctx.csrf} label={i.t("workspace.claim")} secondary />
        )}{" "}
        · <a href={`${base}/xliff`}>{i.t("workspace.download_xliff")}</a>
      </p>
      <details>
        <summary>{i.t("workspace.keys_title")}</summary>
        <p class="muted">{i.t("workspace.keys")}</p>
      </details>
      <form method="post" action={`${base}/xliff`} enctype="multipart/form-data" class="inline">
        <CsrfField token={ctx.csrf} />
        <label for="f-xliff">{i.t("workspace.upload_xliff")}</label>{" "}
        <input id="f-xliff" type="file" name="file" accept=".xlf,.xliff,application/xliff+xml" required />{" "}
        <button type="submit" class="secondary">
          {i.t("workspace.upload")}
        </button>
      </form>
      <Notice text={model.notice} />
      {model.errorKey ? (
        <p class="alert" role="alert">
          {i.t(model.errorKey)}
        </p>
      ) : null}
      {model.segments.map((s, index) => {
        const hints = model.hints.get(s.id) ?? { qa: [], tm: [], glossary: [] };
        const conflict = model.conflict?.segmentId === s.id ? model.conflict : undefined;
        return (
          <section class={`seg ${s.status}`} id={`seg-${s.id}`} data-segment={s.id} aria-label={i.t("workspace.segment_n", { n: index + 1 })}>
            <div lang={model.statement.lang} dir={srcDir} class="src">
              <SegmentText
                text={s.source}
                highlights={hints.glossary.map((g) => ({
                  start: g.start,
                  end: g.end,
                  title: g.doNotTranslate ? i.t("workspace.dnt") : `${g.preferred.join(" / ")}${g.forbidden.length ? ` (≠ ${g.forbidden.join(", ")})` : ""}`,
                }))}
              />
              <p class="meta">
                {index + 1}. <span class={`badge ${s.status}`}>{i.t(statusKey(s.status))}</span>
                {s.machine ? <> · {i.t("workspace.machine")}</> : null}
                {s.carriedOver && s.status !== "untranslated" ? <> · {i.t("workspace.carried_over")}</> : null}
                {s.translator ? <> · {i.t("workspace.by", { handle: s.translator })}</> : null}
                {s.reviewer ? <> · {i.t("workspace.reviewed_by", { handle: s.reviewer })}</> : null}
              </p>
            </div>
            <form method="post" action={`${base}/segments/${s.id}`} class="tgt">
              <CsrfField token={ctx.csrf} />
              <input type="hidden" name="version" value={String(conflict ? conflict.theirs.version : s.version)} />
              <label for={`t-${s.id}`} class="skip">
                {i.t("workspace.target_label", { n: index + 1 })}
              </label>
              <textarea id={`t-${s.id}`} name="text" lang={model.target} dir={tgtDir} data-source={s.source}>
                {conflict ? conflict.mine : s.text}
              </textarea>
              <div>
                <button type="submit" name="status" value="translated">
                  {i.t("workspace.save_translated")}
                </button>{" "}
                <button type="submit" name="status" value="draft" class="secondary">
                  {i.t("workspace.save_draft")}
                </button>
              </div>
            </form>
            <div class="wide">
              {conflict ? (
                <div class="alert" role="alert">
                  <strong>{i.t("workspace.conflict", { handle: conflict.theirs.translator ?? "?" })}</strong>
                  <p lang={model.target} dir={tgtDir}>
                    {conflict.theirs.text}
                  </p>
                  <p>{i.t("workspace.conflict_hint")}</p>
                </div>
              ) : null}
              {s.comment ? (
                <p class="alert">
                  {i.t("workspace.review_comment")}: <span dir="auto">{s.comment}</span>
                </p>
              ) : null}
              {hints.qa.length > 0 ? (
                <ul class="qa" aria-label={i.t("workspace.qa")}>
                  {hints.qa.map((q) => (
                    <li class={q.blocking ? "error" : "muted"}>
                      {q.blocking ? "⛔ " : "⚠ "}
                      {i.t(`qa.${q.code}` as MessageKey, q.params)}
                    </li>
                  ))}
                </ul>
              ) : null}
              {hints.glossary.length > 0 ? (
                <p class="muted">
                  {i.t("workspace.glossary")}:{" "}
                  {hints.glossary.map((g) => (
                    <>
                      <span lang={model.statement.lang}>{g.term}</span> →{" "}
                      <span lang={model.target}>{g.doNotTranslate ? i.t("workspace.dnt") : g.preferred.join(" / ")}</span>
                      {g.forbidden.length > 0 ? <> ({i.t("workspace.not", { terms: g.forbidden.join(", ") })})</> : null}
                      {"; "}
                    </>
                  ))}
                </p>
              ) : null}
              {hints.tm.length > 0 ? (
                <ol class="suggestions" aria-label={i.t("workspace.suggestions")}>
                  {hints.tm.map((m) => (
                    <li>
                      <strong>{i.t("workspace.match", { score: m.score })}</strong>
                      {m.inContext ? <> · {i.t("workspace.in_context")}</> : null}{" "}
                      {m.score < 100 ? (
                        <span class="tm-diff muted" lang={model.statement.lang} dir={srcDir}>
                          {m.diff.map((d) =>
                            d.change === "added" ? <ins>{d.text}</ins> : d.change === "removed" ? <del>{d.text}</del> : <span>{d.text}</span>,
                          )}
                          {" → "}
                        </span>
                      ) : null}
                      <span lang={model.target} dir={tgtDir} class="suggestion">
                        {m.target}
                      </span>{" "}
                      <form method="post" action={`${base}/segments/${s.id}`} class="inline">
                        <CsrfField token={ctx.csrf} />
                        <input type="hidden" name="version" value={String(s.version)} />
                        <input type="hidden" name="text" value={m.target} />
                        <button type="submit" name="status" value="draft" class="secondary">
                          {i.t("workspace.use")}
                        </button>
                      </form>
                    </li>
                  ))}
                </ol>
              ) : null}
              {model.mtAvailable && s.status === "untranslated" ? (
                <PostButton action={`${base}/segments/${s.id}/mt`} csrf={ctx.csrf} label={i.t("workspace.machine_draft")} secondary />
              ) : null}
              {model.canReview && (s.status === "translated" || s.status === "draft") ? (
                <form method="post" action={`${base}/segments/${s.id}/review`} class="stack">
                  <CsrfField token={ctx.csrf} />
                  <input type="hidden" name="version" value={String(s.version)} />
                  <label for={`c-${s.id}`}>{i.t("workspace.review_comment")}</label>
                  <input id={`c-${s.id}`} type="text" name="comment" dir="auto" />
                  {s.machine ? (
                    <label>
                      <input type="checkbox" name="confirmMachine" value="1" /> {i.t("workspace.confirm_machine")}
                    </label>
                  ) : null}
                  <div>
                    <button type="submit" name="decision" value="approve">
                      {i.t("workspace.approve")}
                    </button>{" "}
                    <button type="submit" name="decision" value="reject" class="secondary">
                      {i.t("workspace.reject")}
                    </button>
                  </div>
                </form>
              ) : null}
            </div>
          </section>
        );
      })}
    </Layout>
  );
}
