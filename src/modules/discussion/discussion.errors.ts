import type { MessageKey, MessageValues, Translator } from "../../platform/i18n/translator";
import { exhaustiveCheck } from "../../platform/result";
import type { DiscussionError } from "./discussion.service";

/** HTTP status and localised message of each discussion failure. */
export function discussionErrorInfo(e: DiscussionError, i: Translator): { status: 403 | 404 | 409 | 412 | 422 | 429; key: MessageKey; values?: MessageValues } {
  switch (e.type) {
    case "not-found":
      return { status: 404, key: "error.comment_not_found" };
    case "forbidden":
      return { status: 403, key: "error.forbidden" };
    case "retracted":
      return { status: 409, key: "error.comment_retracted" };
    case "closed":
      return { status: 409, key: "error.comment_closed" };
    case "too-deep":
      return { status: 422, key: "error.comment_too_deep" };
    case "parent-unavailable":
      return { status: 409, key: "error.comment_parent_unavailable" };
    case "rate-limited":
      return { status: 429, key: "error.comment_rate_limited", values: { seconds: e.seconds } };
    case "too-many-links":
      return { status: 422, key: "error.comment_too_many_links", values: { limit: e.limit } };
    case "duplicate":
      return { status: 409, key: "error.comment_duplicate" };
    case "suspended":
      return { status: 403, key: "error.comment_suspended", values: { until: i.dateTime(e.until) } };
    case "already-removed":
      return { status: 409, key: "error.comment_already_removed" };
    case "already-reported":
      return { status: 409, key: "error.comment_already_reported" };
    case "edit-window":
      return { status: 409, key: "error.comment_edit_window" };
    case "stale":
      return { status: 412, key: "error.comment_stale" };
    case "same-language":
      return { status: 422, key: "error.comment_same_language" };
    case "closed-by-moderator":
      return { status: 403, key: "error.comment_closed_by_moderator" };
    case "translation-held":
      return { status: 422, key: "error.comment_translation_held" };
    default:
      return exhaustiveCheck(e);
  }
}
