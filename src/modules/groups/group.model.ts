import { hasRole, type Viewer } from "../accounts/account.model";

export const GROUP_KINDS = [
  "local_council",
  "civil_defence",
  "medical",
  "education",
  "media",
  "human_rights",
  "women",
  "relief",
  "coordination_committee",
  "other",
] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** pending → vouched (two vouches) → verified; suspended at any point by an admin. */
export const GROUP_STATUSES = ["pending", "vouched", "verified", "suspended"] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

export const NEED_PRIORITIES = ["urgent", "high", "normal"] as const;
export const MEMBER_ROLES = ["publisher", "admin"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** How many editors must vouch before a group counts as vouched. */
export const VOUCHES_NEEDED = 2;

/** Statuses shown in the public directory. */
export const LISTED_STATUSES: GroupStatus[] = ["vouched", "verified"];

export interface Membership {
  role: MemberRole;
  accepted: boolean;
}

/** The status a group reaches after a new vouch, given how many it now has. */
export function statusAfterVouch(current: GroupStatus, vouches: number): GroupStatus {
  return current === "pending" && vouches >= VOUCHES_NEEDED ? "vouched" : current;
}

/** Groups whose statements may be published. */
export function canPublishAsGroup(status: GroupStatus): boolean {
  return status === "vouched" || status === "verified";
}

// Permissions of the groups module, all in one place.
export const groupPermissions = {
  propose: (viewer: Viewer | null) => viewer !== null,
  vouch: (viewer: Viewer | null, membership: Membership | null) => hasRole(viewer, "editor") && !membership,
  setStatus: (viewer: Viewer | null) => hasRole(viewer, "admin"),
  edit: (viewer: Viewer | null, membership: Membership | null) => hasRole(viewer, "editor") || (membership?.accepted === true && membership.role === "admin"),
  manageMembers: (viewer: Viewer | null, membership: Membership | null) =>
    hasRole(viewer, "admin") || (membership?.accepted === true && membership.role === "admin"),
  publish: (membership: Membership | null) => membership?.accepted === true,
  seePending: (viewer: Viewer | null) => hasRole(viewer, "editor"),
};
