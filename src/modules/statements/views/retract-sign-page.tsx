import { CsrfField } from "../../../platform/views/form";
import type { PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import { SigningFields, type SigningState } from "./editor-page";

/** Retracting for a group that keeps its own key: the retraction is signed like any revision. */
export function RetractSignPage(props: { ctx: PageCtx; action: string; reason: string; baseHash: string; signing: SigningState }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("statement.retract")}>
      <h1>{i.t("statement.retract")}</h1>
      <form method="post" class="stack" action={props.action}>
        <CsrfField token={ctx.csrf} />
        <input type="hidden" name="baseHash" value={props.baseHash} />
        <label for="f-reason">{i.t("field.reason")}</label>
        <textarea id="f-reason" name="reason" class="short" required dir="auto" readonly>
          {props.reason}
        </textarea>
        <SigningFields ctx={ctx} signing={props.signing} />
        <div>
          <button type="submit" name="intent" value="publish" class="secondary">
            {i.t("statement.retract")}
          </button>
        </div>
      </form>
    </Layout>
  );
}
