import { sha256Hex } from "../../platform/hash";
import { normaliseForDuplicates } from "../discussion/comment.model";
import { BufferedTable } from "./import.repo";
import type { RecordOf } from "./portability.records";

/** What the import of one record needs from the run: its failure, and the references before it. */
export interface ImportRefs {
  fail(line: number, reason: string): never;
  /** The new id of an account by handle (an error when no user record came before). */
  userId(line: number, handle: string | null): string | null;
  /** The statement's id when a statement record came before (an error otherwise). */
  statement(line: number, id: string): string;
}

type DiscussionRecord = RecordOf<"discussion_setting"> | RecordOf<"comment"> | RecordOf<"comment_translation">;

/**
 * Writes the discussion records: modes, comments and their human translations, exactly as
 * the file has them. Every comment's parent must come before it, in the same thread, one level
 * up. What the file does not carry is written as a fresh comment would have it: version 1, no
 * hold reasons, no moderation time, and the duplicate-detection hash of a published text.
 */
export class DiscussionImport {
  private readonly comments = new Map<string, { statementId: string; depth: number; status: string }>();
  readonly tables = {
    discussion_settings: new BufferedTable("discussion_settings"),
    comments: new BufferedTable("comments"),
    comment_translations: new BufferedTable("comment_translations"),
  };

  constructor(private readonly refs: ImportRefs) {}

  write(n: number, r: DiscussionRecord): void {
    const { fail } = this.refs;
    switch (r.type) {
      case "discussion_setting":
        this.tables.discussion_settings.add(
          { statement_id: this.refs.statement(n, r.statement_id), mode: r.mode, updated_by: null, updated_at: r.updated_at },
          n,
        );
        return;
      case "comment": {
        if (this.comments.has(r.id)) {
          fail(n, `comment ${r.id} appears twice`);
        }
        this.refs.statement(n, r.statement_id);
        if (r.parent_id !== null) {
          const parent = this.comments.get(r.parent_id) ?? fail(n, `comment ${r.parent_id} has no comment record earlier in the file`);
          if (parent.statementId !== r.statement_id) {
            fail(n, `parent comment ${r.parent_id} is under another statement`);
          }
          if (parent.depth + 1 !== r.depth) {
            fail(n, `depth must be ${parent.depth + 1}, one more than its parent's`);
          }
        }
        this.comments.set(r.id, { statementId: r.statement_id, depth: r.depth, status: r.status });
        this.tables.comments.add(
          {
            id: r.id,
            statement_id: r.statement_id,
            parent_id: r.parent_id,
            depth: r.depth,
            author_id: this.refs.userId(n, r.author),
            lang: r.lang,
            reading_lang: r.reading_lang,
            body: r.body,
            body_hash: r.status === "published" ? sha256Hex(normaliseForDuplicates(r.body)) : null,
            status: r.status,
            hold_reasons: "",
            hidden_reason: r.hidden_reason,
            version: 1,
            created_at: r.created_at,
            edited_at: r.edited_at,
            moderated_at: null,
          },
          n,
        );
        return;
      }
      case "comment_translation": {
        const target = this.comments.get(r.comment_id) ?? fail(n, `comment ${r.comment_id} has no comment record earlier in the file`);
        if (target.status !== "published") {
          fail(n, `comment ${r.comment_id} is ${target.status}: only published comments show translations`);
        }
        this.tables.comment_translations.add(
          { comment_id: r.comment_id, lang: r.lang, body: r.body, translator_id: this.refs.userId(n, r.translator), created_at: r.created_at },
          n,
        );
        return;
      }
    }
  }
}
