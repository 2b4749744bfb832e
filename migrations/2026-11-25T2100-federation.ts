import type { Kysely } from "kysely";

// federation: tables of the federation module. Frozen once merged.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export async function up(db: Kysely<any>): Promise<void> {}
