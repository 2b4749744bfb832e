import { directionOf, autonymOf } from "../../../platform/i18n/languages";
import { CsrfField } from "../../../platform/views/form";
import type { PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import type { FollowingView, InboxHealthView, RemotePostView } from "../fediverse.queries";
import { htmlToParagraphs, pickLanguage } from "../remote-text";

export interface FediversePageProps {
  ctx: PageCtx;
  enabled: boolean;
  handle: string | null;
  posts: RemotePostView[];
  admin: { following: FollowingView[]; failing: InboxHealthView[]; deliveries: Record<string, number>; input: string; error: string | null } | null;
}

/** Posts received from followed accounts, in the reader's language when the sender provided it; and, for admins, whom the instance follows. */
export function FediversePage(props: FediversePageProps) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("fediverse.title")}>
      <h1>{i.t("fediverse.title")}</h1>
      <p>{i.t("fediverse.intro")}</p>
      {props.enabled ? null : <p class="notice">{i.t("fediverse.disabled")}</p>}
      {props.admin ? <AdminPanel {...props} admin={props.admin} /> : null}
      <section aria-labelledby="fedi-posts">
        <h2 id="fedi-posts">{i.t("fediverse.posts")}</h2>
        {props.posts.length === 0 ? <p>{i.t("fediverse.no_posts")}</p> : null}
        <ol class="fedi-posts">
          {props.posts.map((p) => {
            const content = pickLanguage(p.contents, i.lang, p.lang);
            const name = pickLanguage(p.names, content?.lang ?? i.lang, p.lang);
            const lang = content?.lang || p.lang || "";
            const translated = content !== null && p.lang !== null && content.lang !== p.lang;
            return (
              <li class="card">
                <article lang={lang || undefined} dir={lang ? directionOf(lang) : "auto"}>
                  {name ? <h3>{name.text}</h3> : null}
                  {(content ? htmlToParagraphs(content.text) : []).map((para) => (
                    <p>{para}</p>
                  ))}
                </article>
                <p class="meta">
                  <span>{p.author.name ? `${p.author.name} (${p.author.handle})` : p.author.handle}</span> ·{" "}
                  <time datetime={p.publishedAt}>{i.date(p.publishedAt)}</time>
                  {p.updatedAt && p.updatedAt !== p.publishedAt ? <span> · {i.t("fediverse.updated", { date: i.date(p.updatedAt) })}</span> : null}
                  {lang ? <span> · {autonymOf(lang)}</span> : null}
                  {translated && p.lang ? <span> · {i.t("fediverse.translated_from", { language: autonymOf(p.lang) })}</span> : null}
                  {p.url ? (
                    <span>
                      {" · "}
                      <a href={p.url} rel="nofollow noopener noreferrer">
                        {i.t("fediverse.original")}
                      </a>
                    </span>
                  ) : null}
                </p>
              </li>
            );
          })}
        </ol>
      </section>
    </Layout>
  );
}

function AdminPanel(props: FediversePageProps & { admin: NonNullable<FediversePageProps["admin"]> }) {
  const { ctx, admin } = props;
  const { i } = ctx;
  return (
    <section aria-labelledby="fedi-admin" class="stack">
      <h2 id="fedi-admin">{i.t("fediverse.following")}</h2>
      {props.handle ? <p>{i.t("fediverse.instance_handle", { handle: props.handle })}</p> : null}
      <form method="post" action={`/${i.lang}/fediverse/follow`} class="stack">
        <CsrfField token={ctx.csrf} />
        <label for="f-account">{i.t("fediverse.follow_label")}</label>
        <input
          id="f-account"
          name="account"
          value={admin.input}
          dir="ltr"
          required
          maxlength={300}
          placeholder="@group@example.org"
          aria-describedby={admin.error ? "f-account-error" : undefined}
        />
        {admin.error ? (
          <p class="error" id="f-account-error" role="alert">
            {admin.error}
          </p>
        ) : null}
        <button type="submit" disabled={!props.enabled}>
          {i.t("fediverse.follow")}
        </button>
      </form>
      {admin.following.length === 0 ? (
        <p>{i.t("fediverse.following_none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{i.t("fediverse.account")}</th>
              <th scope="col">{i.t("fediverse.status")}</th>
              <th scope="col"></th>
            </tr>
          </thead>
          <tbody>
            {admin.following.map((f) => (
              <tr>
                <td dir="ltr">{f.name ? `${f.name} (${f.handle})` : f.handle}</td>
                <td>
                  {f.status === "accepted"
                    ? i.t("fediverse.status_accepted")
                    : f.status === "pending"
                      ? i.t("fediverse.status_pending")
                      : i.t("fediverse.status_rejected")}
                </td>
                <td>
                  <form method="post" action={`/${i.lang}/fediverse/unfollow`}>
                    <CsrfField token={ctx.csrf} />
                    <input type="hidden" name="actor" value={f.actorUri} />
                    <button type="submit">{i.t("fediverse.unfollow")}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{i.t("fediverse.deliveries")}</h3>
      <p>
        {i.t("fediverse.delivery_counts", {
          delivered: admin.deliveries.delivered ?? 0,
          pending: admin.deliveries.pending ?? 0,
          failed: admin.deliveries.failed ?? 0,
          skipped: admin.deliveries.skipped ?? 0,
        })}
      </p>
      {admin.failing.length === 0 ? null : (
        <table>
          <thead>
            <tr>
              <th scope="col">{i.t("fediverse.inbox")}</th>
              <th scope="col">{i.t("fediverse.failures")}</th>
              <th scope="col">{i.t("fediverse.last_error")}</th>
            </tr>
          </thead>
          <tbody>
            {admin.failing.map((f) => (
              <tr>
                <td dir="ltr">{f.inbox}</td>
                <td>
                  {i.number(f.failures)}
                  {f.dead ? ` · ${i.t("fediverse.dead")}` : ""}
                </td>
                <td dir="ltr">{f.lastError ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
