import { raw } from "hono/html";
import type { PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";

/**
 * The embed page: the snippet as text to copy (a read-only textarea, so it is escaped once
 * more by the template) and as it will look. The snippet is built with every value escaped,
 * which is what makes the preview safe to insert as HTML.
 */
export function EmbedPage(props: { ctx: PageCtx; statementLink: string; title: string; snippet: string }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("embed.title")} head={<meta name="robots" content="noindex" />}>
      <h1>{i.t("embed.title")}</h1>
      <p>
        <a href={props.statementLink} dir="auto">
          {props.title}
        </a>
      </p>
      <p>{i.t("embed.intro")}</p>
      <div class="stack">
        <label for="f-embed">{i.t("embed.code_label")}</label>
        <textarea id="f-embed" readonly rows={10} dir="ltr" spellcheck={false}>
          {props.snippet}
        </textarea>
      </div>
      <section>
        <h2>{i.t("embed.preview")}</h2>
        <div class="embed-preview">{raw(props.snippet)}</div>
      </section>
    </Layout>
  );
}
