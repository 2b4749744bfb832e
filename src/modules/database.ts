import type { Kysely } from "kysely";
import type { DialectName } from "../platform/db/connect";
import type { AccountsTables } from "./accounts/account.schema";
import type { GroupsTables } from "./groups/group.schema";
import type { ProvenanceTables } from "./provenance/provenance.schema";
import type { SearchTables } from "./search/search.schema";
import type { StatementsTables } from "./statements/statement.schema";
import type { TranslationTables } from "./translation/translation.schema";
import type { FederationTables } from "./federation/federation.schema";
import type { IncidentsTables } from "./incidents/incidents.schema";
import type { DiscussionTables } from "./discussion/discussion.schema";
import type { MediaTables } from "./media/media.schema";

/** The whole schema as Kysely sees it: each module declares its own tables. */
export type Database = AccountsTables &
  GroupsTables &
  StatementsTables &
  SearchTables &
  TranslationTables &
  ProvenanceTables &
  FederationTables &
  IncidentsTables &
  DiscussionTables &
  MediaTables;

export type Db = Kysely<Database>;

/** What every service and query function receives: the database and which engine it is. */
export interface DbContext {
  db: Db;
  dialect: DialectName;
}
