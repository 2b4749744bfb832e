import type { Kysely } from "kysely";

// discussion: tables of the discussion module. Frozen once merged.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export async function up(db: Kysely<any>): Promise<void> {}
