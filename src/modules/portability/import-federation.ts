import type { Db } from "../database";
import type { ImportRefs } from "./import-discussion";
import { BufferedTable } from "./import.repo";
import type { RecordOf } from "./portability.records";

type FederationRecord = RecordOf<"fediverse_following"> | RecordOf<"fediverse_post"> | RecordOf<"fediverse_reactions">;

/**
 * The stand-in for one counted like or boost. The file has counts, not who reacted, so each
 * is restored as a row naming no account: a `urn:` that no remote actor or activity can have.
 */
export function importedReactionUri(statementId: string, kind: string, i: number): string {
  return `urn:sada:imported-reaction:${statementId}:${kind}:${i}`;
}

/**
 * Writes the federation records: accepted follows and received posts exactly as the file has
 * them (who asked for a follow is not in the file), and as many stand-in reactions as counted,
 * so that statements show the same numbers.
 */
export class FederationImport {
  private readonly followed = new Set<string>();
  private readonly posts = new Set<string>();
  /** When the stand-in reactions were written: the file does not say when the reactions came. */
  private readonly now = new Date().toISOString();
  readonly tables = {
    ap_following: new BufferedTable("ap_following"),
    ap_remote_posts: new BufferedTable("ap_remote_posts"),
    ap_reactions: new BufferedTable("ap_reactions"),
  };

  constructor(private readonly refs: ImportRefs) {}

  async write(db: Db, n: number, r: FederationRecord): Promise<void> {
    const { fail } = this.refs;
    switch (r.type) {
      case "fediverse_following":
        if (this.followed.has(r.actor_uri)) {
          fail(n, `followed account ${r.actor_uri} appears twice`);
        }
        this.followed.add(r.actor_uri);
        this.tables.ap_following.add(
          {
            actor_uri: r.actor_uri,
            handle: r.handle,
            name: r.name,
            inbox: r.inbox,
            status: r.status,
            follow_activity: r.follow_activity,
            created_at: r.created_at,
            created_by: null,
          },
          n,
        );
        return;
      case "fediverse_post": {
        if (this.posts.has(r.object_uri)) {
          fail(n, `post ${r.object_uri} appears twice`);
        }
        this.posts.add(r.object_uri);
        const { type: _type, ...row } = r;
        this.tables.ap_remote_posts.add(row, n);
        return;
      }
      case "fediverse_reactions": {
        this.refs.statement(n, r.statement_id);
        for (let i = 1; i <= r.count; i += 1) {
          const uri = importedReactionUri(r.statement_id, r.kind, i);
          this.tables.ap_reactions.add({ statement_id: r.statement_id, kind: r.kind, actor_uri: uri, activity_uri: uri, created_at: this.now }, n);
          if (this.tables.ap_reactions.full) {
            await this.tables.ap_reactions.flush(db, fail);
          }
        }
        return;
      }
    }
  }
}
