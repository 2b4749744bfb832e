import { autonymOf, directionOf } from "../../../platform/i18n/languages";
import { GroupHead } from "../../distribution/views/head";
import { CsrfField, Notice } from "../../../platform/views/form";
import { placeName } from "../../places/gazetteer";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import { FediverseLine } from "../../federation/views/fediverse-line";
import { GroupIncidentsLink } from "../../incidents/views/incident-misc-pages";
import type { StatementListItem } from "../../statements";
import { StatementList } from "../../statements/views/statement-list";
import { GROUP_STATUSES, LISTED_STATUSES } from "../group.model";
import { profileFor, type GroupDetail } from "../group.queries";

export interface GroupPageAbilities {
  vouch: boolean;
  setStatus: boolean;
  edit: boolean;
  publish: boolean;
}

export function GroupPage(props: {
  ctx: PageCtx;
  group: GroupDetail;
  statements: StatementListItem[];
  can: GroupPageAbilities;
  notice?: string;
  /** The group's fediverse handle, when federation is on and the group is an actor. */
  fediverseHandle?: string | null;
}) {
  const { ctx, group, can } = props;
  const { i } = ctx;
  const profile = profileFor(group, i.lang);
  const support = group.support.filter((s) => s.lang === i.lang).length > 0 ? group.support.filter((s) => s.lang === i.lang) : group.support;
  return (
    <Layout
      ctx={ctx}
      title={profile.name}
      head={<GroupHead ctx={ctx} group={{ id: group.id, slug: group.slug, listed: LISTED_STATUSES.includes(group.status) }} profile={profile} />}
    >
      <article>
        <h1 lang={profile.lang} dir={directionOf(profile.lang)}>
          {profile.name}
        </h1>
        <p class="meta">
          {i.t(`group_kind.${group.kind}`)} · <span class={`badge ${group.status}`}>{i.t(`group_status.${group.status}`)}</span> ·{" "}
          {i.t("group.vouch_count", { count: group.vouches.length })}
        </p>
        <Notice text={props.notice} />
        {group.status === "pending" ? <p class="alert">{i.t("group.pending_notice")}</p> : null}
        {group.status === "suspended" ? <p class="alert">{i.t("group.suspended_notice")}</p> : null}
        {profile.lang !== i.lang ? <p class="muted">{i.t("group.profile_in_language", { language: autonymOf(profile.lang) })}</p> : null}
        <div lang={profile.lang} dir={directionOf(profile.lang)} class="statement-body">
          {profile.description.split(/\n{2,}/).map((para) => (
            <p>{para}</p>
          ))}
        </div>
        <dl>
          <dt>{i.t("field.places")}</dt>
          <dd>{group.places.map((p) => placeName(p, i.lang)).join(i.t("list.separator"))}</dd>
          <dt>{i.t("field.languages")}</dt>
          <dd>{group.languages.map(autonymOf).join(i.t("list.separator"))}</dd>
          {group.contact ? (
            <>
              <dt>{i.t("field.contact")}</dt>
              <dd dir="auto">{group.contact}</dd>
            </>
          ) : null}
        </dl>
        <p>
          <a href={href(ctx, `/groups/${group.slug}/keys`)}>{i.t("keys.link")}</a>
        </p>
        {can.edit || can.publish ? (
          <p>
            {can.publish ? (
              <a class="button" href={href(ctx, `/groups/${group.slug}/statements/new`)}>
                {i.t("group.publish_statement")}
              </a>
            ) : null}{" "}
            {can.edit ? <a href={href(ctx, `/groups/${group.slug}/admin`)}>{i.t("group.manage")}</a> : null}
          </p>
        ) : null}
        <section>
          <h2>{i.t("group.support")}</h2>
          {support.length === 0 ? <p class="muted">{i.t("group.no_support")}</p> : null}
          <ul>
            {support.map((s) => (
              <li lang={s.lang} dir="auto">
                {s.url ? (
                  <a href={s.url} rel="nofollow noopener noreferrer">
                    {s.label}
                  </a>
                ) : (
                  <strong>{s.label}</strong>
                )}
                {s.instructions ? <span> — {s.instructions}</span> : null}
              </li>
            ))}
          </ul>
          <h3>{i.t("group.needs")}</h3>
          {group.needs.length === 0 ? <p class="muted">{i.t("group.no_needs")}</p> : null}
          <ul>
            {group.needs.map((n) => (
              <li>
                <span class="badge">{i.t(`need_priority.${n.priority as "normal"}`)}</span> <span dir="auto">{n.item}</span>{" "}
                <small>{i.t("group.need_updated", { date: i.date(n.updatedAt) })}</small>
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h2>{i.t("group.statements")}</h2>
          {props.statements.length === 0 ? <p class="muted">{i.t("group.no_statements")}</p> : <StatementList ctx={ctx} items={props.statements} />}
          <FediverseLine ctx={ctx} summary={props.fediverseHandle ? { handle: props.fediverseHandle, likes: 0, boosts: 0 } : null} />
          <GroupIncidentsLink ctx={ctx} groupId={group.id} groupSlug={group.slug} />
        </section>
        <section>
          <h2>{i.t("group.vetting")}</h2>
          <ul>
            {group.vouches.map((v) => (
              <li>{i.t("group.vouched_by", { handle: v.handle ?? "—", date: i.date(v.createdAt), reason: v.reason })}</li>
            ))}
          </ul>
          <table>
            <caption class="muted">{i.t("group.status_history")}</caption>
            <thead>
              <tr>
                <th>{i.t("field.date")}</th>
                <th>{i.t("field.status")}</th>
                <th>{i.t("group.by")}</th>
                <th>{i.t("field.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {group.history.map((h) => (
                <tr>
                  <td>{i.date(h.createdAt)}</td>
                  <td>{i.t(`group_status.${h.to as "pending"}`)}</td>
                  <td>{h.handle ?? "—"}</td>
                  <td dir="auto">{h.reason === "proposed" ? i.t("group.reason_proposed") : h.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {can.vouch ? (
            <form method="post" action={href(ctx, `/groups/${group.slug}/vouch`)} class="stack">
              <CsrfField token={ctx.csrf} />
              <label for="f-vouch-reason">{i.t("group.vouch_reason")}</label>
              <textarea id="f-vouch-reason" name="reason" class="short" required dir="auto"></textarea>
              <div>
                <button type="submit">{i.t("group.vouch")}</button>
              </div>
            </form>
          ) : null}
          {can.setStatus ? (
            <form method="post" action={href(ctx, `/groups/${group.slug}/status`)} class="stack">
              <CsrfField token={ctx.csrf} />
              <label for="f-status">{i.t("group.set_status")}</label>
              <select id="f-status" name="status">
                {GROUP_STATUSES.filter((s) => s !== group.status).map((s) => (
                  <option value={s}>{i.t(`group_status.${s}`)}</option>
                ))}
              </select>
              <label for="f-status-reason">{i.t("field.reason")}</label>
              <textarea id="f-status-reason" name="reason" class="short" required dir="auto"></textarea>
              <div>
                <button type="submit">{i.t("group.change_status")}</button>
              </div>
            </form>
          ) : null}
        </section>
      </article>
    </Layout>
  );
}
