import type { Translator } from "../platform/i18n/translator";
import type { Viewer } from "./accounts/account.model";
import type { PageData } from "./site/page-ctx";

/** What middleware puts on every request's context for the route handlers. */
export interface AppEnv {
  Variables: {
    viewer: Viewer | null;
    /** Present on pages under a language prefix, and on error pages. */
    i18n: Translator;
    /** True when cookies must be Secure (the instance is served over https). */
    secureCookies: boolean;
    /** Set when the request authenticated with a session cookie (not a bearer token). */
    sessionToken: string | null;
    /** The instance's public URL (config), for absolute links: canonical, alternates, feeds. */
    baseUrl: string;
    /** The database, clock and settings, for page sections that read their own data while the page renders. */
    data: PageData;
  };
}

/** The route prefix for pages in a UI language. */
export const LANG = "/:lang{(?:en|ar|ru)}";
