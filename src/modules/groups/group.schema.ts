/** Rows owned by the groups module. */
export interface GroupsTable {
  id: string;
  slug: string;
  kind: string;
  status: string;
  default_lang: string;
  contact: string;
  proposed_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface GroupProfilesTable {
  group_id: string;
  lang: string;
  name: string;
  description: string;
}

export interface GroupPlacesTable {
  group_id: string;
  place_code: string;
}

export interface GroupLanguagesTable {
  group_id: string;
  lang: string;
}

export interface GroupSupportChannelsTable {
  id: string;
  group_id: string;
  lang: string;
  label: string;
  url: string | null;
  instructions: string | null;
  position: number;
}

export interface GroupNeedsTable {
  id: string;
  group_id: string;
  item: string;
  priority: string;
  updated_at: string;
}

export interface GroupVouchesTable {
  group_id: string;
  user_id: string;
  reason: string;
  created_at: string;
}

export interface GroupStatusChangesTable {
  id: string;
  group_id: string;
  from_status: string | null;
  to_status: string;
  actor_id: string | null;
  reason: string;
  created_at: string;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  role: string;
  invited_by: string | null;
  invited_at: string;
  accepted_at: string | null;
}

export interface GroupsTables {
  groups: GroupsTable;
  group_profiles: GroupProfilesTable;
  group_places: GroupPlacesTable;
  group_languages: GroupLanguagesTable;
  group_support_channels: GroupSupportChannelsTable;
  group_needs: GroupNeedsTable;
  group_vouches: GroupVouchesTable;
  group_status_changes: GroupStatusChangesTable;
  group_members: GroupMembersTable;
}
