import { FeedLinks } from "../../distribution/views/head";
import type { GroupSummary } from "../../groups";
import type { StatementListItem } from "../../statements";
import { GroupCard } from "../../groups/views/group-card";
import { StatementList } from "../../statements/views/statement-list";
import { href, type PageCtx } from "../page-ctx";
import { Layout } from "./layout";

export function HomePage(props: { ctx: PageCtx; statements: StatementListItem[]; needing: GroupSummary[]; groupNames: Map<string, string> }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("home.title")} head={<FeedLinks ctx={ctx} scope={{ type: "all" }} />}>
      <h1>{i.t("home.title")}</h1>
      <p>{i.t("home.intro")}</p>
      <section>
        <h2>{i.t("home.latest")}</h2>
        {props.statements.length === 0 ? (
          <p class="muted">{i.t("home.no_statements")}</p>
        ) : (
          <StatementList ctx={ctx} items={props.statements} groupNames={props.groupNames} />
        )}
      </section>
      <section>
        <h2>{i.t("home.needing_support")}</h2>
        {props.needing.length === 0 ? (
          <p class="muted">{i.t("home.no_needs")}</p>
        ) : (
          <ul class="cards">
            {props.needing.map((g) => (
              <GroupCard ctx={ctx} group={g} />
            ))}
          </ul>
        )}
        <p>
          <a href={href(ctx, "/groups")}>{i.t("home.all_groups")}</a>
        </p>
      </section>
    </Layout>
  );
}
