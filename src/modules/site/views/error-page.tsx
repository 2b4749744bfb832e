import type { MessageKey } from "../../../platform/i18n/translator";
import { href, type PageCtx } from "../page-ctx";
import { Layout } from "./layout";

export function ErrorPage(props: { ctx: PageCtx; status: number; messageKey: MessageKey }) {
  const { i } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={i.t("errorpage.title", { status: props.status })}>
      <h1>{i.t("errorpage.title", { status: props.status })}</h1>
      <p class="alert" role="alert">
        {i.t(props.messageKey)}
      </p>
      <p>
        <a href={href(props.ctx, "/")}>{i.t("errorpage.home")}</a>
      </p>
    </Layout>
  );
}
