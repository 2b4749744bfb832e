// Fedify's key-value store (remote key cache, idempotence of received activities) kept in the
// application's own database, so SQLite and PostgreSQL instances need no other service.
import type { KvKey, KvStore, KvStoreSetOptions } from "@fedify/fedify/federation";
import type { Clock } from "../../platform/clock";
import type { DbContext } from "../database";

const MAX_TTL_MS = 7 * 24 * 3_600_000;

export class DatabaseKvStore implements KvStore {
  constructor(
    private readonly ctx: DbContext,
    private readonly clock: Clock,
  ) {}

  private static keyOf(key: KvKey): string {
    return JSON.stringify(key);
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const row = await this.ctx.db.selectFrom("ap_kv").select(["value", "expires_at"]).where("key", "=", DatabaseKvStore.keyOf(key)).executeTakeFirst();
    if (!row || (row.expires_at !== null && row.expires_at <= this.clock.now().toISOString())) {
      return undefined;
    }
    return JSON.parse(row.value) as T;
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    const now = this.clock.now();
    // Nothing is kept for ever: strangers can make Fedify cache keys of their choosing.
    const ttlMs = Math.min(options?.ttl ? options.ttl.total({ unit: "milliseconds" }) : MAX_TTL_MS, MAX_TTL_MS);
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const values = { key: DatabaseKvStore.keyOf(key), value: JSON.stringify(value ?? null), expires_at: expiresAt };
    await this.ctx.db
      .insertInto("ap_kv")
      .values(values)
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: values.value, expires_at: values.expires_at }))
      .execute();
    // Expired rows go away a few at a time, so the table does not only grow.
    await this.ctx.db.deleteFrom("ap_kv").where("expires_at", "<=", now.toISOString()).execute();
  }

  async delete(key: KvKey): Promise<void> {
    await this.ctx.db.deleteFrom("ap_kv").where("key", "=", DatabaseKvStore.keyOf(key)).execute();
  }
}
