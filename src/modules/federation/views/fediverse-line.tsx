import type { PageCtx } from "../../site/page-ctx";

export interface FediverseSummary {
  /** The group's handle, e.g. @douma-council@example.org. */
  handle: string;
  likes: number;
  boosts: number;
}

/** Under a statement: how to follow its group from the fediverse, and how often it was boosted and liked there. */
export function FediverseLine(props: { ctx: PageCtx; summary: FediverseSummary | null }) {
  const { summary } = props;
  if (!summary) {
    return null;
  }
  const { i } = props.ctx;
  return (
    <p class="fediverse-line">
      {i.t("fediverse.follow_group")} <code dir="ltr">{summary.handle}</code>
      {summary.likes + summary.boosts > 0 ? <span> · {i.t("fediverse.reactions", { boosts: summary.boosts, likes: summary.likes })}</span> : null}
    </p>
  );
}
