import { autonymOf, directionOf } from "../../../platform/i18n/languages";
import type { Translator } from "../../../platform/i18n/translator";
import { CsrfField } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import type { SnapshotField } from "../incident-revision.model";
import type { IncidentDetail } from "../incident.queries";

/** What the translation workflow says of one target language (translation module's TargetSummary). */
export interface IncidentTranslationTarget {
  lang: string;
  state: "waiting" | "in_progress" | "published" | "outdated";
  progress: { total: number; approved: number };
}

function fieldLabel(i: Translator, f: SnapshotField): string {
  switch (f) {
    case "type":
      return i.t("incident.changed_type");
    case "date":
      return i.t("incident.changed_date");
    case "place":
      return i.t("incident.changed_place");
    case "coordinates":
      return i.t("incident.changed_coordinates");
    case "casualties":
      return i.t("incident.changed_casualties");
    case "actors":
      return i.t("incident.changed_actors");
    case "title":
      return i.t("incident.changed_title");
    case "narrative":
      return i.t("incident.changed_narrative");
  }
}

/** Under the current grade: a warning when the facts or text changed after it was given. */
export function GradeStanding(props: { ctx: PageCtx; incident: IncidentDetail }) {
  const { i } = props.ctx;
  const inc = props.incident;
  if (!inc.gradeOutdated || inc.gradedRevision === null) {
    return null;
  }
  return (
    <p class="alert" role="status" id="grade-outdated">
      {i.t("incident.grade_outdated", {
        revision: inc.gradedRevision,
        current: inc.version,
        changes: inc.changesSinceGrade.map((f) => fieldLabel(i, f)).join(i.t("incident.list_separator")),
      })}
    </p>
  );
}

/**
 * Every kept revision: when, what changed, and which one each grade was given on. Who saved it
 * is shown only to those who may edit or grade (the public sees the documenting group, not its members).
 */
export function RevisionHistory(props: { ctx: PageCtx; incident: IncidentDetail; showWho: boolean }) {
  const { i } = props.ctx;
  const inc = props.incident;
  if (inc.revisions.length === 0) {
    return null;
  }
  const gradedAt = new Map<number, string[]>();
  for (const g of inc.grades) {
    if (g.revision !== null) {
      gradedAt.set(g.revision, [...(gradedAt.get(g.revision) ?? []), g.grade]);
    }
  }
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{i.t("incident.history")}</h2>
      <table class="revision-history">
        <thead>
          <tr>
            <th scope="col">{i.t("incident.revision")}</th>
            <th scope="col">{i.t("field.date")}</th>
            {props.showWho ? <th scope="col">{i.t("incident.changed_by")}</th> : null}
            <th scope="col">{i.t("incident.changed")}</th>
          </tr>
        </thead>
        <tbody>
          {[...inc.revisions].reverse().map((r) => (
            <tr id={`revision-${r.revision}`}>
              <td>
                {r.revision}
                {gradedAt.has(r.revision) ? (
                  <>
                    {" "}
                    <span class="badge">{i.t("incident.graded_here")}</span>
                  </>
                ) : null}
              </td>
              <td>{i.dateTime(r.createdAt)}</td>
              {props.showWho ? <td>{r.changedBy ?? "—"}</td> : null}
              <td>
                {r.revision === inc.revisions[0]?.revision
                  ? i.t("incident.first_recorded")
                  : r.changes.map((f) => fieldLabel(i, f)).join(i.t("incident.list_separator")) || "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * The incident's languages: the original, each target of the translation workflow with its
 * state (translators get a link to the workspace), and for recorders the form that corrects
 * the original text.
 */
export function IncidentLanguages(props: {
  ctx: PageCtx;
  incident: IncidentDetail;
  translations: IncidentTranslationTarget[];
  canEdit: boolean;
  canTranslate: boolean;
}) {
  const { ctx, incident: inc } = props;
  const { i } = ctx;
  const original = inc.texts.find((t) => t.isOriginal);
  const earlier = inc.texts.filter((t) => !t.isOriginal && !t.translation);
  return (
    <section aria-labelledby="texts-heading">
      <h2 id="texts-heading">{i.t("incident.languages")}</h2>
      <ul>
        {original ? (
          <li>
            {autonymOf(original.lang)} <span class="badge">{i.t("incident.original")}</span>
          </li>
        ) : null}
        {props.translations.map((t) => (
          <li>
            {t.state === "published" ? (
              <a href={href(ctx, `/incidents/${inc.id}?tl=${t.lang}`)} lang={t.lang}>
                {autonymOf(t.lang)}
              </a>
            ) : (
              autonymOf(t.lang)
            )}{" "}
            · {i.t(`target_state.${t.state}`)} · {i.t("queue.approved_of", { approved: t.progress.approved, total: t.progress.total })}
            {props.canTranslate ? (
              <>
                {" "}
                · <a href={href(ctx, `/translate/${inc.id}/${t.lang}`)}>{i.t("translation.translate")}</a>
              </>
            ) : null}
          </li>
        ))}
        {earlier.map((t) => (
          <li>
            {autonymOf(t.lang)} <span class="badge">{i.t("incident.earlier_translation")}</span>
          </li>
        ))}
      </ul>
      <p class="muted">{i.t("incident.translate_hint")}</p>
      {props.canEdit && original ? (
        <form method="post" action={href(ctx, `/incidents/${inc.id}/texts`)} class="stack" id="original-text-form">
          <CsrfField token={ctx.csrf} />
          <input type="hidden" name="version" value={String(inc.version)} />
          <h3>{i.t("incident.correct_original", { language: autonymOf(original.lang) })}</h3>
          <label for="f-text-title">{i.t("incident.title_field")}</label>
          <input id="f-text-title" name="title" required lang={original.lang} dir={directionOf(original.lang)} value={original.title} />
          <label for="f-text-narrative">{i.t("incident.narrative")}</label>
          <textarea id="f-text-narrative" name="narrative" lang={original.lang} dir={directionOf(original.lang)}>
            {original.narrative}
          </textarea>
          <div>
            <button type="submit" class="secondary">
              {i.t("incident.save_original")}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
