import type { Context } from "hono";
import type { DbContext } from "../database";
import type { Clock } from "../../platform/clock";
import type { AppEnv } from "../http-env";
import { recentlyAuthenticated } from "./sessions";

/**
 * For sensitive web actions (group keys, member roles, group status): null when the person signed
 * in or re-authenticated in the last minutes, else a redirect to the re-authentication page that
 * comes back to `back`. API requests carry a bearer token instead and are not asked.
 */
export async function requireRecentAuth(c: Context<AppEnv>, deps: DbContext & { clock: Clock }, back: string): Promise<Response | null> {
  if (await recentlyAuthenticated(deps, c.get("sessionToken"))) {
    return null;
  }
  return c.redirect(`/${c.get("i18n").lang}/account/reauth?next=${encodeURIComponent(back)}`, 303);
}
