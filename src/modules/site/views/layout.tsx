import type { Child } from "hono/jsx";
import { UI_LANGS, autonymOf } from "../../../platform/i18n/languages";
import { canonicalPath, canonicalUrl, languageAlternates } from "../../distribution/links";
import { CSS_HREF, SCRIPTS, type ScriptName } from "../static-assets";
import { href, type PageCtx } from "../page-ctx";
import { DiscussionNav } from "../../discussion/views/notifications-page";
import { directoryFeedScope, FeedLinks, FollowFeedLinks } from "../../distribution/views/head";

/**
 * The page shell: language, direction, navigation, language switcher. No script. Every page
 * names its canonical URL and its versions in the other interface languages (absolute URLs).
 */
export function Layout(props: { ctx: PageCtx; title: string; children: Child; head?: Child; scripts?: ScriptName[] }) {
  const { ctx } = props;
  const { i, viewer } = ctx;
  // A directory filtered by place or group kind alone has a feed of its own.
  const directoryFeed = directoryFeedScope(ctx.path);
  return (
    <html lang={i.lang} dir={i.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${i.t("site.name")}`}</title>
        <link rel="stylesheet" href={CSS_HREF} />
        <link rel="icon" href="data:," />
        <link rel="canonical" href={canonicalUrl(ctx)} />
        {languageAlternates(ctx.baseUrl, canonicalPath(ctx.path)).map((a) => (
          <link rel="alternate" hreflang={a.hreflang} href={a.href} />
        ))}
        {props.head}
        {directoryFeed ? <FeedLinks ctx={ctx} scope={directoryFeed} /> : null}
        {(props.scripts ?? []).map((name) => (
          <script src={SCRIPTS[name].href} defer />
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          {i.t("nav.skip")}
        </a>
        <header class="site">
          <div class="wrap">
            <a class="brand" href={href(ctx, "/")}>
              {i.t("site.name")}
            </a>
            <nav aria-label={i.t("nav.label")}>
              <ul>
                <li>
                  <a href={href(ctx, "/groups")}>{i.t("nav.directory")}</a>
                </li>
                <li>
                  <a href={href(ctx, "/search")}>{i.t("nav.search")}</a>
                </li>
                {viewer ? (
                  <>
                    {viewer.role !== "reader" ? (
                      <li>
                        <a href={href(ctx, "/translate")}>{i.t("nav.translate")}</a>
                      </li>
                    ) : null}
                    <DiscussionNav ctx={ctx} />
                    <li>
                      <a href={href(ctx, "/account")}>{i.t("nav.account", { handle: viewer.handle })}</a>
                    </li>
                    <li>
                      <form method="post" action={href(ctx, "/signout")} class="inline">
                        <input type="hidden" name="_csrf" value={ctx.csrf} />
                        <button type="submit" class="secondary">
                          {i.t("nav.signout")}
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
                  <>
                    <li>
                      <a href={href(ctx, "/signin")}>{i.t("nav.signin")}</a>
                    </li>
                    <li>
                      <a href={href(ctx, "/signup")}>{i.t("nav.signup")}</a>
                    </li>
                  </>
                )}
              </ul>
            </nav>
            <nav class="langs" aria-label={i.t("nav.languages")}>
              <ul>
                {UI_LANGS.map((l) => (
                  <li>
                    <a
                      href={`/lang/${l}?next=${encodeURIComponent(`/${l}${ctx.path}`)}`}
                      lang={l}
                      hreflang={l}
                      aria-current={l === i.lang ? "true" : undefined}
                    >
                      {autonymOf(l)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap">
          {props.children}
          {/* After the head above: shows the feed the page advertised there, if any. */}
          <FollowFeedLinks ctx={ctx} />
        </main>
        <footer class="site">
          <div class="wrap">
            {i.t("site.footer")} · <a href={href(ctx, "/fediverse")}>{i.t("fediverse.title")}</a>
          </div>
        </footer>
      </body>
    </html>
  );
}
