import { autonymOf, directionOf } from "../../../platform/i18n/languages";
import { CsrfField, ErrorSummary, Notice } from "../../../platform/views/form";
import type { FieldErrors } from "../../../platform/http/form";
import { placeName } from "../../places/gazetteer";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import { CASUALTY_CATEGORIES, CASUALTY_SUBGROUPS, formatRange, GRADES, INDEPENDENCE, SOURCE_KINDS, SOURCE_TYPES } from "../incident.model";
import type { IncidentDetail, IncidentSource } from "../incident.queries";
import {
  categoryLabel,
  gradeLabel,
  gradeRule,
  incidentDate,
  independenceLabel,
  precisionLabel,
  sourceKindLabel,
  sourceTypeLabel,
  subgroupLabel,
  typeLabel,
} from "./labels";
import { GradeStanding, IncidentLanguages, RevisionHistory, type IncidentTranslationTarget } from "./incident-history";

export interface IncidentAbilities {
  edit: boolean;
  grade: boolean;
  translate: boolean;
}

function Hash(props: { sha256: string }) {
  return (
    <code class="hash" dir="ltr">
      {props.sha256}
    </code>
  );
}

function SourceItem(props: { ctx: PageCtx; incidentId: string; source: IncidentSource; canEdit: boolean }) {
  const { ctx, source: s } = props;
  const { i } = ctx;
  return (
    <li class="incident-source" id={`source-${s.id}`}>
      <p>
        <strong>{sourceKindLabel(i, s.kind)}</strong> · {sourceTypeLabel(i, s.sourceType)} ·{" "}
        <span class={`badge ${s.independence === "independent" ? "independent" : "same-origin"}`}>{independenceLabel(i, s.independence)}</span>
      </p>
      {s.kind === "statement" && s.statementId ? (
        <p>
          <a href={href(ctx, `/statements/${s.statementId}`)} lang={s.statementLang ?? undefined} dir={s.statementLang ? directionOf(s.statementLang) : "auto"}>
            {s.statementTitle ?? s.statementId}
          </a>
          {s.statementGroupSlug ? <> · {s.statementGroupSlug}</> : null}
        </p>
      ) : null}
      {s.kind === "url" && s.url ? (
        <p>
          <a href={s.url} rel="nofollow noopener noreferrer" dir="ltr">
            {s.url}
          </a>
        </p>
      ) : null}
      {s.kind === "url" ? (
        s.archiveSha256 ? (
          <p>
            {i.t("source.archived_copy", { date: i.dateTime(s.archivedAt ?? s.createdAt) })} <Hash sha256={s.archiveSha256} />{" "}
            <a href={`/evidence/${s.archiveSha256}`} download>
              {i.t("source.download")}
            </a>
          </p>
        ) : (
          <p class="muted">{i.t("source.not_archived")}</p>
        )
      ) : null}
      {s.kind === "url" && props.canEdit ? (
        <form method="post" action={href(ctx, `/incidents/${props.incidentId}/sources/${s.id}/archive`)} class="inline">
          <CsrfField token={ctx.csrf} />
          <button type="submit" class="secondary">
            {i.t("source.archive_now")}
          </button>
        </form>
      ) : null}
      {s.kind === "media" && s.mediaSha256 ? (
        <p>
          {i.t("source.media_file", { type: s.mediaMime ?? "", size: i.number(s.mediaSize ?? 0) })} <Hash sha256={s.mediaSha256} />{" "}
          <a href={`/evidence/${s.mediaSha256}`} download>
            {i.t("source.download")}
          </a>
          {s.mediaMime?.startsWith("image/") ? <small> ({i.t("source.photo_without_metadata")})</small> : null}
          {s.capturedAt ? <> · {i.t("source.captured_at", { date: s.capturedAt })}</> : null}
          {s.deviceNotes ? (
            <>
              {" "}
              · {i.t("source.device_notes")}: <span dir="auto">{s.deviceNotes}</span>
            </>
          ) : null}
        </p>
      ) : null}
      {s.description ? <p dir="auto">{s.description}</p> : null}
      {/* Who added a source is shown to the people who work on the incident only: documenters may be at risk. */}
      {props.canEdit ? <p class="muted">{i.t("source.added", { handle: s.addedBy ?? "—", date: i.date(s.createdAt) })}</p> : null}
    </li>
  );
}

export function IncidentPage(props: {
  ctx: PageCtx;
  incident: IncidentDetail;
  can: IncidentAbilities;
  /** The target languages of the translation workflow, with their state. */
  translations: IncidentTranslationTarget[];
  /** The instance's upload limit, for the note under the "add a source" form. */
  maxUploadMegabytes: number;
  notice?: string;
  errors?: FieldErrors;
  errorMessage?: string;
}) {
  const { ctx, incident: inc, can } = props;
  const { i } = ctx;
  const text = inc.text;
  const killedOrInjured = inc.casualties.length > 0;
  return (
    <Layout ctx={ctx} title={text.title}>
      <article class="incident">
        <h1 lang={text.lang} dir={directionOf(text.lang)}>
          {text.title}
        </h1>
        <p class="meta">
          {typeLabel(i, inc.type)} · {incidentDate(i, inc.datePrecision, inc.dateStart, inc.dateEnd)} · {placeName(inc.placeCode, i.lang)} ·{" "}
          <span class={`badge grade-${inc.grade ?? "ungraded"}`}>{gradeLabel(i, inc.grade)}</span>
        </p>
        <Notice text={props.notice} />
        {props.errorMessage ? (
          <p class="alert" role="alert">
            {props.errorMessage}
          </p>
        ) : null}
        <ErrorSummary i={i} errors={props.errors} />
        {text.lang !== i.lang && props.translations.some((t) => t.lang === i.lang && t.state === "outdated") ? (
          <p class="muted" id="translation-updating">
            {i.t("incident.translation_updating", { language: autonymOf(text.lang) })}
          </p>
        ) : text.lang !== i.lang ? (
          <p class="muted">{i.t("incident.shown_in", { language: autonymOf(text.lang) })}</p>
        ) : null}
        {text.translation ? (
          <p class="muted" id="translation-credit">
            {i.t("incident.translated_by", { translators: text.translation.translators.join(", "), reviewers: text.translation.reviewers.join(", ") })}
          </p>
        ) : null}
        <div lang={text.lang} dir={directionOf(text.lang)} class="statement-body">
          {text.narrative
            .split(/\n{2,}/)
            .filter((p) => p.trim() !== "")
            .map((para) => (
              <p>{para}</p>
            ))}
        </div>
        <p class="support-count">
          <strong>{i.t("incident.independent_sources", { count: inc.independentSources })}</strong> {i.t("incident.sources_total", { count: inc.sourceCount })}
        </p>
        <dl>
          <dt>{i.t("incident.date")}</dt>
          <dd>
            {incidentDate(i, inc.datePrecision, inc.dateStart, inc.dateEnd)} ({precisionLabel(i, inc.datePrecision)})
          </dd>
          <dt>{i.t("field.place")}</dt>
          <dd>
            {placeName(inc.placeCode, i.lang)}
            {inc.latitude !== null && inc.longitude !== null ? (
              <>
                {" "}
                ·{" "}
                <span dir="ltr">
                  {inc.latitude.toFixed(4)}, {inc.longitude.toFixed(4)}
                </span>
                {inc.precisionM ? <> ({i.t("incident.precision_radius", { metres: i.number(inc.precisionM) })})</> : null}
              </>
            ) : inc.coordinatesWithheld ? (
              <> · {i.t("incident.coordinates_withheld")}</>
            ) : null}
            {can.edit && inc.privateCoords && !inc.coordsPublic ? (
              <p class="muted">
                {i.t("incident.private_coordinates")}{" "}
                <span dir="ltr">
                  {inc.privateCoords.latitude.toFixed(5)}, {inc.privateCoords.longitude.toFixed(5)}
                </span>
              </p>
            ) : null}
          </dd>
          {inc.actors.length > 0 ? (
            <>
              <dt>{i.t("incident.actors")}</dt>
              <dd>{inc.actors.join(i.t("list.separator"))}</dd>
            </>
          ) : null}
          {inc.groupSlug ? (
            <>
              <dt>{i.t("incident.recorded_for")}</dt>
              <dd>
                <a href={href(ctx, `/groups/${inc.groupSlug}`)}>{inc.groupSlug}</a>
              </dd>
            </>
          ) : null}
          <dt>{i.t("incident.recorded")}</dt>
          <dd>
            {can.edit
              ? i.t("incident.recorded_by", { handle: inc.createdBy ?? "—", date: i.date(inc.createdAt) })
              : i.t("incident.recorded_on", { date: i.date(inc.createdAt) })}
          </dd>
        </dl>
        {killedOrInjured ? (
          <table class="casualties">
            <caption>{i.t("incident.casualties")}</caption>
            <thead>
              <tr>
                <th scope="col"></th>
                {CASUALTY_SUBGROUPS.map((s) => (
                  <th scope="col">{subgroupLabel(i, s)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {CASUALTY_CATEGORIES.map((c) => (
                <tr>
                  <th scope="row">{categoryLabel(i, c)}</th>
                  {CASUALTY_SUBGROUPS.map((s) => (
                    <td>{formatRange(inc.casualties.find((x) => x.category === c && x.subgroup === s))}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {can.edit ? (
          <p>
            <a href={href(ctx, `/incidents/${inc.id}/edit`)}>{i.t("incident.edit")}</a>
          </p>
        ) : null}

        <section aria-labelledby="sources-heading">
          <h2 id="sources-heading">{i.t("incident.sources")}</h2>
          {inc.sources.length === 0 ? <p class="muted">{i.t("incident.no_sources")}</p> : null}
          <ol class="incident-sources">
            {inc.sources.map((s) => (
              <SourceItem ctx={ctx} incidentId={inc.id} source={s} canEdit={can.edit} />
            ))}
          </ol>
          {can.edit ? (
            <form method="post" action={href(ctx, `/incidents/${inc.id}/sources`)} enctype="multipart/form-data" class="stack" id="add-source">
              <h3>{i.t("source.add")}</h3>
              <CsrfField token={ctx.csrf} />
              <label for="f-kind">{i.t("source.kind")}</label>
              <select id="f-kind" name="kind">
                {SOURCE_KINDS.map((k) => (
                  <option value={k}>{sourceKindLabel(i, k)}</option>
                ))}
              </select>
              <label for="f-sourceType">{i.t("source.type")}</label>
              <select id="f-sourceType" name="sourceType">
                {SOURCE_TYPES.map((t) => (
                  <option value={t}>{sourceTypeLabel(i, t)}</option>
                ))}
              </select>
              <label for="f-independence">{i.t("source.independence")}</label>
              <select id="f-independence" name="independence">
                {INDEPENDENCE.map((t) => (
                  <option value={t}>{independenceLabel(i, t)}</option>
                ))}
              </select>
              <small>{i.t("source.independence_hint")}</small>
              <label for="f-statementId">{i.t("source.statement_id")}</label>
              <input id="f-statementId" name="statementId" dir="ltr" />
              <small>{i.t("source.statement_hint")}</small>
              <label for="f-url">{i.t("source.url")}</label>
              <input id="f-url" name="url" type="url" dir="ltr" />
              <label for="f-archive">{i.t("source.archive_file")}</label>
              <input id="f-archive" name="archive" type="file" accept=".warc,.pdf,application/pdf" />
              <label for="f-file">{i.t("source.media")}</label>
              <input id="f-file" name="file" type="file" accept="image/jpeg,image/png,image/webp,video/mp4,application/pdf" />
              <label for="f-capturedAt">{i.t("source.captured_at_label")}</label>
              <input id="f-capturedAt" name="capturedAt" type="datetime-local" />
              <label for="f-deviceNotes">{i.t("source.device_notes")}</label>
              <input id="f-deviceNotes" name="deviceNotes" dir="auto" />
              <label for="f-description">{i.t("source.description")}</label>
              <textarea id="f-description" name="description" class="short" dir="auto"></textarea>
              <small>{i.t("source.upload_limit", { megabytes: props.maxUploadMegabytes })}</small>
              <div>
                <button type="submit">{i.t("source.add_button")}</button>
              </div>
            </form>
          ) : null}
        </section>

        <section aria-labelledby="grade-heading">
          <h2 id="grade-heading">{i.t("incident.grading")}</h2>
          <p>
            {i.t("incident.current_grade")} <span class={`badge grade-${inc.grade ?? "ungraded"}`}>{gradeLabel(i, inc.grade)}</span> ·{" "}
            <a href={href(ctx, "/incidents/methodology")}>{i.t("incidents.methodology_link")}</a>
          </p>
          <GradeStanding ctx={ctx} incident={inc} />
          {inc.grades.length > 0 ? (
            <table class="grade-history">
              <caption>{i.t("incident.grade_history")}</caption>
              <thead>
                <tr>
                  <th scope="col">{i.t("field.date")}</th>
                  <th scope="col">{i.t("incident.grade")}</th>
                  <th scope="col">{i.t("incident.previous_grade")}</th>
                  <th scope="col">{i.t("incident.graded_by")}</th>
                  <th scope="col">{i.t("incident.rationale")}</th>
                </tr>
              </thead>
              <tbody>
                {inc.grades.map((g) => (
                  <tr>
                    <td>{i.dateTime(g.createdAt)}</td>
                    <td>{gradeLabel(i, g.grade)}</td>
                    <td>{g.previousGrade ? gradeLabel(i, g.previousGrade) : "—"}</td>
                    <td>{g.gradedBy ?? "—"}</td>
                    <td dir="auto">{g.rationale}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {can.grade ? (
            <form method="post" action={href(ctx, `/incidents/${inc.id}/grade`)} class="stack" id="grade-form">
              <CsrfField token={ctx.csrf} />
              <input type="hidden" name="version" value={String(inc.version)} />
              <fieldset>
                <legend>{i.t("incident.grade")}</legend>
                {GRADES.map((g) => (
                  <div>
                    <input type="radio" name="grade" value={g} id={`f-grade-${g}`} checked={inc.grade === g} />{" "}
                    <label for={`f-grade-${g}`}>
                      <strong>{gradeLabel(i, g)}</strong> — {gradeRule(i, g)}
                    </label>
                  </div>
                ))}
              </fieldset>
              <label for="f-rationale">{i.t("incident.rationale")}</label>
              <textarea id="f-rationale" name="rationale" class="short" required dir="auto"></textarea>
              <div>
                <button type="submit">{i.t("incident.grade_button")}</button>
              </div>
            </form>
          ) : null}
        </section>

        <section aria-labelledby="mentions-heading">
          <h2 id="mentions-heading">{i.t("incident.mentioned_by")}</h2>
          {inc.mentions.length === 0 ? <p class="muted">{i.t("incident.no_mentions")}</p> : null}
          <ul>
            {inc.mentions.map((m) => (
              <li>
                <a href={href(ctx, `/statements/${m.id}`)} lang={m.lang} dir={directionOf(m.lang)}>
                  {m.title}
                </a>{" "}
                · {m.groupSlug}
              </li>
            ))}
          </ul>
          {can.edit ? (
            <form method="post" action={href(ctx, `/incidents/${inc.id}/statements`)} class="inline">
              <CsrfField token={ctx.csrf} />
              <label for="f-link-statement">{i.t("source.statement_id")}</label> <input id="f-link-statement" name="statementId" dir="ltr" required />{" "}
              <button type="submit" class="secondary">
                {i.t("incident.link_statement")}
              </button>
            </form>
          ) : null}
        </section>

        <RevisionHistory ctx={ctx} incident={inc} showWho={can.edit || can.grade} />

        <IncidentLanguages ctx={ctx} incident={inc} translations={props.translations} canEdit={can.edit} canTranslate={can.translate} />
      </article>
    </Layout>
  );
}
