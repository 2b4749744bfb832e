// Public surface of the groups module.
export { groupService, type GroupError } from "./group.service";
export { getGroupDetail, groupDisplayName, groupsByIds, groupsNeedingSupport, groupsOfUser, listDirectory, membershipOf, profileFor } from "./group.queries";
export type { GroupDetail, GroupSummary } from "./group.queries";
export { canPublishAsGroup, groupPermissions, GROUP_KINDS, GROUP_STATUSES, type GroupStatus } from "./group.model";
