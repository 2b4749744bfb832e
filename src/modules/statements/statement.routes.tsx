import type { Context, Hono } from "hono";
import type { AppDeps } from "../../main/deps";
import { fieldErrors, readForm } from "../../platform/http/form";
import { renderPage } from "../../platform/views/render";
import { getGroupDetail, groupDisplayName, groupPermissions, membershipOf, profileFor } from "../groups";
import { LANG, type AppEnv } from "../http-env";
import { errorPage, requireSignIn } from "../site/error-response";
import { href, pageCtx } from "../site/page-ctx";
import { createStatementCommand, retractStatementCommand, reviseStatementCommand } from "./statement.commands";
import { statementErrorCode } from "./statement.errors";
import { translationForReader, translationPermissions } from "../translation";
import { getStatement } from "./statement.queries";
import { statementService } from "./statement.service";
import { EditorPage, type EditorValues, type SigningState } from "./views/editor-page";
import { RetractSignPage } from "./views/retract-sign-page";
import { RevisionPage } from "./views/revision-page";
import { StatementPage } from "./views/statement-page";
import { groupSigningCustody, provenanceSummary } from "../provenance";
import { fediverseSummary } from "../federation";

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** The offline-signing fields of an editor form. */
function offlineFields(form: Record<string, string | string[]>): { statementId?: string; signedAt?: string; signature?: string } {
  const pick = (name: string) => (typeof form[name] === "string" && form[name].trim() !== "" ? form[name].trim() : undefined);
  return { statementId: pick("statementId"), signedAt: pick("signedAt"), signature: pick("signature") };
}

/** The exact bytes to sign, as a file: no trailing newline, no re-encoding. */
function canonicalDownload(c: Context<AppEnv>, canonical: string): Response {
  return c.body(canonical, 200, { "Content-Type": "text/plain; charset=utf-8", "Content-Disposition": 'attachment; filename="statement.txt"' });
}

/** Route table of the statements module: write, publish, revise, retract, read, history. */
export function statementRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  /** The new-statement editor for a group, with the given values and state. */
  const newStatementPage = async (
    c: Context<AppEnv>,
    status: 200 | 422,
    values: (defaultLang: string) => EditorValues,
    extra: { errors?: Record<string, string>; preview?: boolean; signing?: SigningState } = {},
  ) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const group = await getGroupDetail(deps, c.req.param("slug") ?? "");
    if (!group) {
      return errorPage(c, "ERR_GROUP_NOT_FOUND");
    }
    const action = href(ctx, `/groups/${group.slug}/statements/new`);
    const custody = await groupSigningCustody(deps.db, group.id);
    extra = extra.signing || custody === "server" ? extra : { ...extra, signing: { custody, prepared: null, signature: "" } };
    return renderPage(
      c,
      status,
      <EditorPage ctx={ctx} mode="new" action={action} groupName={profileFor(group, ctx.i.lang).name} values={values(group.defaultLang)} {...extra} />,
    );
  };

  app.get(`${LANG}/groups/:slug/statements/new`, (c) => newStatementPage(c, 200, (lang) => ({ kind: "statement", lang, title: "", body: "" })));

  app.post(`${LANG}/groups/:slug/statements/new`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const form = await readForm(c);
    const values: EditorValues = { kind: str(form.kind), lang: str(form.lang), title: str(form.title), body: str(form.body) };
    const page = (status: 200 | 422, extra: { errors?: Record<string, string>; preview?: boolean; signing?: SigningState }) =>
      newStatementPage(c, status, () => values, extra);
    const parsed = createStatementCommand.safeParse(values);
    if (!parsed.success) {
      return page(422, { errors: fieldErrors(parsed.error) });
    }
    if (form.intent === "preview") {
      return page(200, { preview: true });
    }
    const slug = c.req.param("slug");
    const group = await deps.db.selectFrom("groups").select("id").where("slug", "=", slug).executeTakeFirst();
    const custody = group ? await groupSigningCustody(deps.db, group.id) : "server";
    if (custody === "server") {
      const result = await statementService.publish(deps, ctx.viewer, slug, parsed.data);
      if (!result.ok) {
        return errorPage(c, statementErrorCode(result.error));
      }
      return c.redirect(href(ctx, `/statements/${result.value.statementId}?done=published`), 303);
    }
    // The group signs offline: prepare the exact text, offer it for download, take the signature.
    const signed = offlineFields(form);
    const fresh = form.intent === "prepare" || !signed.statementId || !signed.signedAt;
    const prepared = await statementService.prepare(deps, ctx.viewer, {
      type: "publish",
      groupSlug: slug,
      cmd: parsed.data,
      statementId: fresh ? undefined : signed.statementId,
      signedAt: fresh ? undefined : signed.signedAt,
    });
    if (!prepared.ok) {
      return errorPage(c, statementErrorCode(prepared.error));
    }
    if (form.intent === "download" && !fresh) {
      return canonicalDownload(c, prepared.value.canonical);
    }
    if (form.intent !== "publish" || fresh) {
      return page(200, { signing: { custody, prepared: prepared.value, signature: "" } });
    }
    const result = await statementService.publish(deps, ctx.viewer, slug, {
      ...parsed.data,
      signature: signed.signature,
      statementId: prepared.value.statementId,
      signedAt: prepared.value.signedAt,
    });
    if (!result.ok) {
      if (result.error.type === "signature-invalid" || result.error.type === "signature-required") {
        const refused = result.error.type === "signature-invalid" ? result.error.reason : ctx.i.t("error.signature_required");
        return page(422, { signing: { custody, prepared: prepared.value, signature: signed.signature ?? "", refused } });
      }
      return errorPage(c, statementErrorCode(result.error));
    }
    return c.redirect(href(ctx, `/statements/${result.value.statementId}?done=published`), 303);
  });

  app.get(`${LANG}/statements/:id`, async (c) => {
    const ctx = pageCtx(c);
    const statement = await getStatement(deps, c.req.param("id"));
    if (!statement) {
      return errorPage(c, "ERR_STATEMENT_NOT_FOUND");
    }
    const groupName = (await groupDisplayName(deps, statement.groupId, ctx.i.lang)) ?? statement.groupSlug;
    const canWrite = groupPermissions.publish(await membershipOf(deps, statement.groupId, ctx.viewer?.id));
    const translation = await translationForReader(deps, statement.id, c.req.query("tl") ?? null, ctx.i.lang);
    const done = c.req.query("done");
    const notice = done === "published" ? ctx.i.t("notice.statement_published") : done === "retracted" ? ctx.i.t("notice.statement_retracted") : undefined;
    return renderPage(
      c,
      200,
      <StatementPage
        ctx={ctx}
        statement={statement}
        groupName={groupName}
        canWrite={canWrite}
        notice={notice}
        translation={translation}
        sideBySide={c.req.query("view") === "side"}
        canTranslate={translationPermissions.translate(ctx.viewer)}
        canAddTarget={translationPermissions.addTarget(ctx.viewer, canWrite)}
        provenance={await provenanceSummary(deps, statement.id)}
        fediverse={await fediverseSummary(deps, statement)}
        baseUrl={c.get("baseUrl")}
      />,
    );
  });

  app.get(`${LANG}/statements/:id/revisions/:n{[0-9]+}`, async (c) => {
    const ctx = pageCtx(c);
    const statement = await getStatement(deps, c.req.param("id"));
    const n = Number(c.req.param("n"));
    const revision = statement?.revisions.find((r) => r.number === n);
    if (!statement || !revision) {
      return errorPage(c, "ERR_NOT_FOUND");
    }
    return renderPage(c, 200, <RevisionPage ctx={ctx} statement={statement} revision={revision} next={statement.revisions.find((r) => r.number === n + 1)} />);
  });

  app.get(`${LANG}/statements/:id/edit`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const statement = await getStatement(deps, c.req.param("id"));
    const current = statement?.revisions[statement.revisions.length - 1];
    if (!statement || !current) {
      return errorPage(c, "ERR_STATEMENT_NOT_FOUND");
    }
    if (!groupPermissions.publish(await membershipOf(deps, statement.groupId, ctx.viewer.id))) {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    const values: EditorValues = { kind: statement.kind, lang: statement.lang, title: current.title, body: current.body, baseHash: statement.currentHash };
    const custody = await groupSigningCustody(deps.db, statement.groupId);
    const signing = custody === "server" ? undefined : { custody, prepared: null, signature: "" };
    return renderPage(
      c,
      200,
      <EditorPage ctx={ctx} mode="edit" action={href(ctx, `/statements/${statement.id}/edit`)} groupName="" values={values} signing={signing} />,
    );
  });

  app.post(`${LANG}/statements/:id/edit`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const statement = await getStatement(deps, c.req.param("id"));
    if (!statement) {
      return errorPage(c, "ERR_STATEMENT_NOT_FOUND");
    }
    const form = await readForm(c);
    const values: EditorValues = { kind: statement.kind, lang: statement.lang, title: str(form.title), body: str(form.body), baseHash: str(form.baseHash) };
    const action = href(ctx, `/statements/${statement.id}/edit`);
    const parsed = reviseStatementCommand.safeParse(values);
    if (!parsed.success) {
      return renderPage(c, 422, <EditorPage ctx={ctx} mode="edit" action={action} groupName="" values={values} errors={fieldErrors(parsed.error)} />);
    }
    const custody = await groupSigningCustody(deps.db, statement.groupId);
    const offline = custody === "server" ? null : custody;
    if (form.intent === "preview") {
      const signing = offline ? { custody: offline, prepared: null, signature: "" } : undefined;
      return renderPage(c, 200, <EditorPage ctx={ctx} mode="edit" action={action} groupName="" values={values} preview signing={signing} />);
    }
    let signed: { signature?: string; signedAt?: string } = {};
    let signing: SigningState | undefined;
    if (offline) {
      // The group signs offline: prepare the exact text, offer it for download, take the signature.
      const fields = offlineFields(form);
      const fresh = form.intent === "prepare" || !fields.signedAt;
      const prepared = await statementService.prepare(deps, ctx.viewer, {
        type: "revise",
        statementId: statement.id,
        title: parsed.data.title,
        body: parsed.data.body,
        signedAt: fresh ? undefined : fields.signedAt,
      });
      if (!prepared.ok) {
        return errorPage(c, statementErrorCode(prepared.error));
      }
      if (form.intent === "download" && !fresh) {
        return canonicalDownload(c, prepared.value.canonical);
      }
      signing = { custody: offline, prepared: prepared.value, signature: fields.signature ?? "" };
      if (form.intent !== "publish" || fresh) {
        return renderPage(c, 200, <EditorPage ctx={ctx} mode="edit" action={action} groupName="" values={values} signing={{ ...signing, signature: "" }} />);
      }
      signed = { signature: fields.signature, signedAt: prepared.value.signedAt };
    }
    const result = await statementService.revise(deps, ctx.viewer, statement.id, { ...parsed.data, ...signed });
    if (!result.ok) {
      if (signing && (result.error.type === "signature-invalid" || result.error.type === "signature-required")) {
        const refused = result.error.type === "signature-invalid" ? result.error.reason : ctx.i.t("error.signature_required");
        return renderPage(c, 422, <EditorPage ctx={ctx} mode="edit" action={action} groupName="" values={values} signing={{ ...signing, refused }} />);
      }
      if (result.error.type === "stale") {
        // Someone published meanwhile: show their text, keep ours, and let the writer decide.
        const latest = statement.revisions[statement.revisions.length - 1];
        return renderPage(
          c,
          409,
          <EditorPage
            ctx={ctx}
            mode="edit"
            action={action}
            groupName=""
            values={{ ...values, baseHash: result.error.currentHash }}
            conflict={{ title: latest?.title ?? "", body: latest?.body ?? "" }}
          />,
        );
      }
      return errorPage(c, statementErrorCode(result.error));
    }
    return c.redirect(href(ctx, `/statements/${statement.id}?done=published`), 303);
  });

  app.post(`${LANG}/statements/:id/retract`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const form = await readForm(c);
    const parsed = retractStatementCommand.safeParse({ reason: form.reason, baseHash: form.baseHash });
    if (!parsed.success) {
      return errorPage(c, "ERR_VALIDATION");
    }
    const id = c.req.param("id");
    const statement = await deps.db.selectFrom("statements").select("group_id").where("id", "=", id).executeTakeFirst();
    const custody = statement ? await groupSigningCustody(deps.db, statement.group_id) : "server";
    let signed: { signature?: string; signedAt?: string } = {};
    let signing: SigningState | undefined;
    if (custody !== "server") {
      // The group signs offline: the retraction is a revision like any other.
      const fields = offlineFields(form);
      const fresh = form.intent !== "publish" && form.intent !== "download";
      const prepared = await statementService.prepare(deps, ctx.viewer, {
        type: "retract",
        statementId: id,
        reason: parsed.data.reason,
        signedAt: fresh ? undefined : fields.signedAt,
      });
      if (!prepared.ok) {
        return errorPage(c, statementErrorCode(prepared.error));
      }
      if (form.intent === "download") {
        return canonicalDownload(c, prepared.value.canonical);
      }
      signing = { custody, prepared: prepared.value, signature: fields.signature ?? "" };
      const page = (status: 200 | 422, state: SigningState) =>
        renderPage(
          c,
          status,
          <RetractSignPage
            ctx={ctx}
            action={href(ctx, `/statements/${id}/retract`)}
            reason={parsed.data.reason}
            baseHash={parsed.data.baseHash ?? ""}
            signing={state}
          />,
        );
      if (fresh || !fields.signature) {
        return page(200, { ...signing, signature: "" });
      }
      signed = { signature: fields.signature, signedAt: prepared.value.signedAt };
      const result = await statementService.retract(deps, ctx.viewer, id, { ...parsed.data, ...signed });
      if (!result.ok) {
        if (result.error.type === "signature-invalid" || result.error.type === "signature-required") {
          return page(422, { ...signing, refused: result.error.type === "signature-invalid" ? result.error.reason : ctx.i.t("error.signature_required") });
        }
        return errorPage(c, statementErrorCode(result.error));
      }
      return c.redirect(href(ctx, `/statements/${result.value.statementId}?done=retracted`), 303);
    }
    const result = await statementService.retract(deps, ctx.viewer, id, parsed.data);
    if (!result.ok) {
      return errorPage(c, statementErrorCode(result.error));
    }
    return c.redirect(href(ctx, `/statements/${result.value.statementId}?done=retracted`), 303);
  });
}
