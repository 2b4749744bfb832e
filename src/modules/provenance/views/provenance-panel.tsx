import { autonymOf } from "../../../platform/i18n/languages";
import { href, type PageCtx } from "../../site/page-ctx";
import type { LogStatus, ProvenanceSummary } from "../provenance.queries";

function LogLine(props: { ctx: PageCtx; log: LogStatus | null }) {
  const { i } = props.ctx;
  if (!props.log) {
    return <>{i.t("provenance.log_queued")}</>;
  }
  return (
    <>
      {i.t("provenance.log_entry", { index: props.log.index })} · {props.log.included ? i.t("provenance.log_included") : i.t("provenance.log_pending")}
    </>
  );
}

/**
 * Messages for public/verify.js are rendered here in the page's language, with "{name}" left
 * in them for the script to fill in.
 *
 * Who signed what, and where the public log holds it; the "verify" button (public/verify.js)
 * re-checks signatures, hashes and inclusion proofs in the reader's browser. Without script
 * the panel still shows everything and links the signed JSON for offline checking.
 */
export function ProvenancePanel(props: {
  ctx: PageCtx;
  baseUrl: string;
  statementId: string;
  groupName: string;
  summary: ProvenanceSummary;
  shownTranslation: string | null;
}) {
  const { ctx, summary } = props;
  const { i } = ctx;
  const current = summary.revisions[summary.revisions.length - 1];
  if (!current) {
    return null;
  }
  const translation = props.shownTranslation ? summary.translations.find((t) => t.lang === props.shownTranslation) : undefined;
  const signedUrl = `/api/v1/statements/${props.statementId}/signed`;
  return (
    <section
      class="provenance"
      id="provenance"
      aria-labelledby="provenance-title"
      data-signed-url={signedUrl}
      data-msg-running={i.t("provenance.verify_running")}
      data-msg-valid={i.t("provenance.verify_valid")}
      data-msg-partial={i.t("provenance.verify_partial")}
      data-msg-invalid={i.t("provenance.verify_invalid")}
      data-msg-error={i.t("provenance.verify_error", { reason: "{reason}" })}
      data-msg-hash={i.t("provenance.check_hash", { n: "{n}" })}
      data-msg-chain={i.t("provenance.check_chain", { n: "{n}" })}
      data-msg-signature={i.t("provenance.check_signature", { n: "{n}", key: "{key}" })}
      data-msg-checkpoint={i.t("provenance.check_checkpoint", { size: "{size}" })}
      data-msg-no-checkpoint={i.t("provenance.check_no_checkpoint")}
      data-msg-inclusion={i.t("provenance.check_inclusion", { n: "{n}", index: "{index}" })}
      data-msg-translation={i.t("provenance.check_translation", { lang: "{lang}", n: "{n}" })}
      data-msg-offline={i.t("provenance.check_offline_only", { n: "{n}" })}
      data-msg-waiting={i.t("provenance.check_waiting", { n: "{n}" })}
    >
      <h2 id="provenance-title">{i.t("provenance.title")}</h2>
      <dl>
        <dt>{i.t("provenance.signed_by")}</dt>
        <dd>
          {current.key ? (
            <>
              {props.groupName} ·{" "}
              <code dir="ltr" class="fingerprint">
                {current.key.fingerprint}
              </code>{" "}
              · {current.key.custody === "server" ? i.t("provenance.custody_server") : i.t("provenance.custody_group", { tool: current.key.custody })}
              {current.key.status === "revoked" && current.key.revokedAt ? (
                <strong class="warning">
                  {" "}
                  · {i.t("provenance.key_revoked", { date: i.date(current.key.revokedAt), reason: current.key.revokedReason ?? "" })}
                </strong>
              ) : null}
            </>
          ) : (
            i.t("provenance.unsigned")
          )}
        </dd>
        <dt>{i.t("provenance.log")}</dt>
        <dd>
          <LogLine ctx={ctx} log={current.log} />
          {summary.checkpoint ? (
            <>
              {" "}
              · {i.t("provenance.checkpoint", { size: summary.checkpoint.size })} (
              <time datetime={summary.checkpoint.createdAt}>{i.dateTime(summary.checkpoint.createdAt)}</time>)
            </>
          ) : null}
        </dd>
        <dt>{i.t("provenance.chain")}</dt>
        <dd>
          <ol class="chain">
            {summary.revisions.map((r) => (
              <li>
                <a href={href(ctx, `/statements/${props.statementId}/revisions/${r.number}`)}>{i.t("statement.revision_n", { n: r.number })}</a>{" "}
                <code dir="ltr" title={r.hash}>
                  {r.hash.slice(0, 12)}
                </code>
                {r.prevHash ? (
                  <>
                    {" ← "}
                    <code dir="ltr" title={r.prevHash}>
                      {r.prevHash.slice(0, 12)}
                    </code>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        </dd>
        {translation ? (
          <>
            <dt>{i.t("provenance.translation", { language: autonymOf(translation.lang) })}</dt>
            <dd>
              {i.t("provenance.translation_signed", { revision: translation.sourceRevision })}{" "}
              <code dir="ltr" class="fingerprint">
                {translation.keyFingerprint}
              </code>{" "}
              · <LogLine ctx={ctx} log={translation.log} />
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        <a href={`${signedUrl}?download`} download>
          {i.t("provenance.download")}
        </a>{" "}
        · <a href="/log/v1/checkpoint">{i.t("provenance.latest_checkpoint")}</a> · <span class="muted">{i.t("provenance.cli_hint")}</span>{" "}
        <code dir="ltr">sada verify statement {`${props.baseUrl}${href(ctx, `/statements/${props.statementId}`)}`}</code>
      </p>
      <p class="verify" hidden>
        <button type="button" class="secondary" data-verify>
          {i.t("provenance.verify_button")}
        </button>
      </p>
      <div class="verify-result" role="status" aria-live="polite" data-verify-result></div>
    </section>
  );
}
