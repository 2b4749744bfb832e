import { FeedLinks } from "../../distribution/views/head";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import { GroupCard } from "../../groups/views/group-card";
import { StatementList } from "../../statements/views/statement-list";
import type { SearchResults } from "../search.queries";

export function SearchPage(props: { ctx: PageCtx; query: string; results: SearchResults | null }) {
  const { ctx, query, results } = props;
  const { i } = ctx;
  const total = results ? results.statements.length + results.groups.length : 0;
  return (
    <Layout
      ctx={ctx}
      title={query ? i.t("search.results_title", { query }) : i.t("search.title")}
      head={query ? <FeedLinks ctx={ctx} scope={{ type: "search", query }} /> : undefined}
    >
      <h1>{i.t("search.title")}</h1>
      <form method="get" action={href(ctx, "/search")} role="search" class="stack">
        <label for="f-q">{i.t("search.label")}</label>
        <input id="f-q" type="search" name="q" value={query} dir="auto" maxlength={200} />
        <div>
          <button type="submit">{i.t("search.submit")}</button>
        </div>
      </form>
      {results ? (
        <>
          <p role="status">{i.t("search.count", { count: total, query })}</p>
          {results.statements.length > 0 ? (
            <section>
              <h2>{i.t("search.statements")}</h2>
              <StatementList ctx={ctx} items={results.statements} />
            </section>
          ) : null}
          {results.groups.length > 0 ? (
            <section>
              <h2>{i.t("search.groups")}</h2>
              <ul class="cards">
                {results.groups.map((g) => (
                  <GroupCard ctx={ctx} group={g} />
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}
