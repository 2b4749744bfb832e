import type { Generated } from "kysely";

/** Rows owned by the discussion module. */
export interface CommentsTable {
  id: string;
  statement_id: string;
  parent_id: string | null;
  depth: number;
  author_id: string | null;
  lang: string;
  reading_lang: string;
  body: string;
  body_hash: string | null;
  status: string;
  hold_reasons: string;
  hidden_reason: string | null;
  version: number;
  created_at: string;
  edited_at: string | null;
  moderated_at: string | null;
}

export interface CommentReportsTable {
  id: string;
  comment_id: string;
  reporter_id: string | null;
  category: string;
  note: string;
  status: string;
  created_at: string;
  resolved_at: string | null;
}

export interface CommentTranslationsTable {
  comment_id: string;
  lang: string;
  body: string;
  translator_id: string | null;
  created_at: string;
}

export interface DiscussionSettingsTable {
  statement_id: string;
  mode: string;
  updated_by: string | null;
  updated_at: string;
}

export interface DiscussionStandingTable {
  user_id: string;
  warnings: number;
  suspended_until: string | null;
  updated_at: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  statement_id: string | null;
  comment_id: string | null;
  detail: string;
  created_at: string;
  read_at: string | null;
}

export interface DiscussionWordlistsTable {
  lang: string;
  words: string;
  updated_by: string | null;
  updated_at: string;
}

export interface ModerationLogTable {
  seq: Generated<number>;
  at: string;
  actor_id: string | null;
  action: string;
  comment_id: string | null;
  statement_id: string | null;
  target_user_id: string | null;
  category: string | null;
  until: string | null;
}

export interface DiscussionTables {
  comments: CommentsTable;
  comment_reports: CommentReportsTable;
  comment_translations: CommentTranslationsTable;
  discussion_settings: DiscussionSettingsTable;
  discussion_standing: DiscussionStandingTable;
  comment_notifications: NotificationsTable;
  discussion_wordlists: DiscussionWordlistsTable;
  moderation_log: ModerationLogTable;
}
