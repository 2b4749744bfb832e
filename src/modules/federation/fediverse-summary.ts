import type { DbContext } from "../database";
import { federatedGroup } from "./federation.queries";
import { reactionCounts } from "./inbox.repo";
import type { FediverseSummary } from "./views/fediverse-line";

/** What a statement page says about the fediverse: null when federation is off or the group is not an actor. */
export async function fediverseSummary(
  ctx: DbContext & { config: { baseUrl: string; federation: { enabled: boolean } } },
  statement: { id: string; groupSlug: string },
): Promise<FediverseSummary | null> {
  if (!ctx.config.federation.enabled || !(await federatedGroup(ctx, statement.groupSlug))) {
    return null;
  }
  const counts = await reactionCounts(ctx, statement.id);
  return { handle: `@${statement.groupSlug}@${new URL(ctx.config.baseUrl).host}`, ...counts };
}
