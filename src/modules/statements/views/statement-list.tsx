import { directionOf } from "../../../platform/i18n/languages";
import { href, type PageCtx } from "../../site/page-ctx";
import type { StatementListItem } from "../statement.queries";

export function StatementList(props: { ctx: PageCtx; items: StatementListItem[]; groupNames?: Map<string, string> }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <ul class="cards">
      {props.items.map((s) => (
        <li class="card">
          <h3 lang={s.lang} dir={directionOf(s.lang)}>
            <a href={href(ctx, `/statements/${s.id}`)}>{s.title}</a>
          </h3>
          <p class="meta">
            {i.t(`statement_kind.${s.kind}`)} · <time datetime={s.publishedAt}>{i.date(s.publishedAt)}</time>
            {props.groupNames?.get(s.groupId) ? <> · {props.groupNames.get(s.groupId)}</> : null}
            {s.status === "retracted" ? (
              <>
                {" "}
                <span class="badge retracted">{i.t("statement.retracted")}</span>
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}
