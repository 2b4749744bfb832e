import { hasRole, type Viewer } from "../accounts/account.model";

/** Languages every new statement is offered in, unless it is written in one of them. */
export const DEFAULT_TARGETS = ["en", "ar", "ru", "fr", "de", "es", "tr", "ckb", "kmr"] as const;

/** A segment's translation moves untranslated → draft → translated → approved; rejected sends it back. */
export const SEGMENT_STATUSES = ["untranslated", "draft", "translated", "approved", "rejected"] as const;
export type SegmentStatus = (typeof SEGMENT_STATUSES)[number];

/** How a statement stands in one target language. */
export type TargetState = "waiting" | "in_progress" | "published" | "outdated";

/** Appeals and calls to action are translated first. */
export const URGENT_KINDS = ["appeal", "call_to_action"];

/** The state of a target language given its progress on the current revision. */
export function targetState(opts: { started: number; publishedRevision: number | null; currentRevision: number }): TargetState {
  if (opts.publishedRevision !== null && opts.publishedRevision === opts.currentRevision) {
    return "published";
  }
  if (opts.publishedRevision !== null) {
    return "outdated";
  }
  return opts.started > 0 ? "in_progress" : "waiting";
}

// Permissions of the translation module, all in one place.
export const translationPermissions = {
  translate: (viewer: Viewer | null) => hasRole(viewer, "translator"),
  review: (viewer: Viewer | null) => hasRole(viewer, "reviewer"),
  addTarget: (viewer: Viewer | null, isGroupMember: boolean) => hasRole(viewer, "editor") || isGroupMember,
};
