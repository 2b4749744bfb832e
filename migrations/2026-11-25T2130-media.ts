import type { Kysely } from "kysely";

// media: tables of the media module. Frozen once merged.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export async function up(db: Kysely<any>): Promise<void> {}
