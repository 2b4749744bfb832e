import { hasRole } from "../../accounts/account.model";
import { CsrfField, Notice, PostButton } from "../../../platform/views/form";
import type { Translator } from "../../../platform/i18n/translator";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import type { MessageKey } from "../../../platform/i18n/translator";
import { log } from "../../../platform/log";
import { downloadUrl, srcsetFor } from "../media.model";
import { mediaFor, type MediaItem } from "../media.service";

/** Shown width of an attached photo: the column is at most ~48rem wide. */
const SIZES = "(min-width: 52rem) 48rem, 100vw";

/** "840 KB", "3.2 MB", in the reader's digits. */
export function fileSize(i: Translator, bytes: number): string {
  if (bytes < 1024 * 1024) {
    return i.t("media.size_kb", { n: i.number(Math.max(1, Math.round(bytes / 1024))) });
  }
  return i.t("media.size_mb", { n: i.number(Math.round((bytes / (1024 * 1024)) * 10) / 10) });
}

/** A re-encoded photo: AVIF and WebP sources, a JPEG fallback, loaded lazily, with its size reserved. */
export function MediaPicture(props: { item: MediaItem }) {
  const { item } = props;
  const jpegs = item.variants.filter((v) => v.mime === "image/jpeg");
  const fallback = jpegs.find((v) => (v.width ?? 0) >= 960) ?? jpegs.at(-1);
  const largest = jpegs.at(-1);
  if (!fallback || !largest) {
    return null;
  }
  return (
    <picture>
      <source type="image/avif" srcset={srcsetFor(item.publicHash, item.variants, "image/avif")} sizes={SIZES} />
      <source type="image/webp" srcset={srcsetFor(item.publicHash, item.variants, "image/webp")} sizes={SIZES} />
      <img
        src={`/media/${item.publicHash}/${fallback.name}`}
        srcset={srcsetFor(item.publicHash, item.variants, "image/jpeg")}
        sizes={SIZES}
        width={largest.width ?? undefined}
        height={largest.height ?? undefined}
        loading="lazy"
        decoding="async"
        alt={item.alt}
      />
    </picture>
  );
}

/** The photos and documents of one statement or incident, and (for those who may) a form to add one. */
export function MediaList(props: { ctx: PageCtx; items: MediaItem[]; canRemove: boolean }) {
  const { ctx, items } = props;
  const remove = (m: MediaItem) =>
    props.canRemove ? <PostButton action={href(ctx, `/media/${m.id}/delete`)} csrf={ctx.csrf} label={ctx.i.t("media.remove")} secondary /> : null;
  const { i } = ctx;
  const images = items.filter((m) => m.kind === "image");
  const files = items.filter((m) => m.kind === "file");
  const editor = hasRole(ctx.viewer, "editor");
  return (
    <>
      {images.map((m) => (
        <figure class="media-image">
          <MediaPicture item={m} />
          {(editor && m.hasOriginal) || props.canRemove ? (
            <figcaption>
              {editor && m.hasOriginal ? <a href={`/media/${m.id}/original`}>{i.t("media.original_link")}</a> : null} {remove(m)}
            </figcaption>
          ) : null}
        </figure>
      ))}
      {files.length > 0 ? (
        <ul class="media-files">
          {files.map((m) => (
            <li>
              <a href={downloadUrl(m)} download={m.filename} dir="auto">
                {m.filename}
              </a>{" "}
              <span class="muted">
                ({m.mime === "application/pdf" ? i.t("media.kind_pdf") : i.t("media.kind_file")}, {fileSize(i, m.byteSize)})
              </span>
              {m.alt ? <span dir="auto"> — {m.alt}</span> : null}
              {editor && m.hasOriginal ? (
                <>
                  {" "}
                  · <a href={`/media/${m.id}/original`}>{i.t("media.original_link")}</a>
                </>
              ) : null}{" "}
              {remove(m)}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** The form that attaches a photo or document; works without JavaScript (multipart POST). */
export function MediaUploadForm(props: { ctx: PageCtx; action: string; maxBytes: number }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <form method="post" enctype="multipart/form-data" class="stack media-upload" action={props.action}>
      <CsrfField token={ctx.csrf} />
      <label for="f-media-file">{i.t("media.field.file")}</label>
      <input id="f-media-file" type="file" name="file" required accept="image/jpeg,image/png,image/webp,image/avif,image/gif,application/pdf" />
      <small>{i.t("media.upload_hint", { size: fileSize(i, props.maxBytes) })}</small>
      <label for="f-media-alt">{i.t("media.field.alt")}</label>
      <input id="f-media-alt" type="text" name="alt" maxlength={500} dir="auto" />
      <small>{i.t("media.alt_hint")}</small>
      <div>
        <button type="submit">{i.t("media.upload")}</button>
      </div>
    </form>
  );
}

/** The upload limit shown when the page has no settings at hand (SADA_UPLOAD_MAX_BYTES' default). */
const DEFAULT_UPLOAD_LIMIT = 20 * 1024 * 1024;

/**
 * On a statement page: its photos and documents, and the upload form for the group's publishers
 * and site editors. Reads the media while the page renders (one indexed query).
 */
export async function StatementMedia(props: { ctx: PageCtx; statementId: string; canWrite: boolean }) {
  const { ctx } = props;
  let items: MediaItem[] = [];
  try {
    items = ctx.data ? await mediaFor(ctx.data, { kind: "statement", id: props.statementId }) : [];
  } catch (e) {
    // The statement page is still worth showing without its media.
    log.error("server", "media_section_failed", { message: e instanceof Error ? e.message : String(e) });
  }
  const canUpload = props.canWrite || hasRole(ctx.viewer, "editor");
  const status = new URLSearchParams(ctx.path.split("?")[1] ?? "").get("media");
  const done = status === "added" ? ctx.i.t("media.done.added") : status === "removed" ? ctx.i.t("media.done.removed") : undefined;
  if (items.length === 0 && !canUpload) {
    return null;
  }
  return (
    <section class="media" id="media" aria-labelledby="media-heading">
      <h2 id="media-heading">{ctx.i.t("media.heading")}</h2>
      <Notice text={done} />
      <MediaList ctx={ctx} items={items} canRemove={canUpload} />
      {canUpload ? (
        <details>
          <summary>{ctx.i.t("media.add")}</summary>
          <MediaUploadForm
            ctx={ctx}
            action={href(ctx, `/statements/${props.statementId}/media`)}
            maxBytes={ctx.data?.config.uploadMaxBytes ?? DEFAULT_UPLOAD_LIMIT}
          />
        </details>
      ) : null}
    </section>
  );
}

/** Why an upload was refused, with a way back. */
export function MediaErrorPage(props: { ctx: PageCtx; status: number; messageKey: MessageKey; values?: Record<string, string | number>; back: string }) {
  const { i } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={i.t("errorpage.title", { status: props.status })}>
      <h1>{i.t("media.error.title")}</h1>
      <p class="alert" role="alert">
        {i.t(props.messageKey, props.values)}
      </p>
      <p>
        <a href={props.back}>{i.t("media.back")}</a>
      </p>
    </Layout>
  );
}
