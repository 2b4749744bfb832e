import path from "node:path";
import { z } from "zod";
import { err, ok, type Result } from "./result";

/**
 * The whole configuration, parsed once at boot from environment variables.
 * Every problem is reported at once so an operator fixes them in one go.
 * Keep docs/config.md and .env.sample in step with this schema.
 */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };
  baseUrl: string;
  /** Secure cookies and HSTS are on when the public URL is https. */
  secureCookies: boolean;
  /** How long anonymous public pages stay in the in-process cache; 0 turns the cache off. */
  pageCacheSeconds: number;
  /** How long a translator's claim on a statement and language holds. */
  claimHours: number;
  /** Machine translation (LibreTranslate API), off unless an operator names a server. */
  mt: { url: string | null; apiKey: string | null };
  /** Seals server-held signing keys; null means "use (or create) the file `secret` in the data folder". */
  secret: string | null;
  /** Longest wait between new log entries and a signed checkpoint that covers them. */
  checkpointSeconds: number;
  /**
   * The instance's onion service address, when it is also served over Tor: requests that arrive
   * for that host get every absolute URL on the onion address, and clearnet pages announce it.
   */
  onionUrl: string | null;
  /** ActivityPub: off unless an operator turns it on (it makes the server contact other servers). */
  federation: { enabled: boolean; allowPrivate: boolean };
  /** Email (SMTP) for notifications; off unless an operator names a server. */
  smtp: { url: string | null; from: string };
  /** How many comments of a new account wait for a moderator before it posts directly. */
  premoderateComments: number;
  /** Largest uploaded file (photos, documents); upload routes accept bodies this large, others 1 MB. */
  uploadMaxBytes: number;
  /** Where media files live: the data folder (default) or an S3-compatible bucket. */
  s3: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; pathStyle: boolean } | null;
  /** Keep each uploaded original, encrypted, for editors (evidence); off by default. */
  keepOriginals: boolean;
}

const portSchema = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(1, "must be between 1 and 65535")
  .max(65535, "must be between 1 and 65535");

const envSchema = z.object({
  PORT: portSchema.default(8080),
  HOST: z.string().min(1, "must not be empty").default("127.0.0.1"),
  SADA_DATA_DIR: z.string().min(1, "must not be empty").default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, "must be sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB")
    .optional(),
  SADA_PAGE_CACHE_SECONDS: z.coerce
    .number({ error: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(0, "must be 0 (off) or more")
    .max(3600, "must be at most 3600")
    .default(5),
  SADA_CLAIM_HOURS: z.coerce.number({ error: "must be a number of hours" }).min(1, "must be 1 or more").max(720, "must be at most 720").default(48),
  SADA_MT_URL: z.url({ protocol: /^https?$/, error: "must be an absolute http:// or https:// URL of a LibreTranslate server" }).optional(),
  SADA_MT_API_KEY: z.string().optional(),
  SADA_SECRET: z.string().min(32, "must be at least 32 characters (for example: openssl rand -base64 32)").optional(),
  SADA_CHECKPOINT_SECONDS: z.coerce
    .number({ error: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(0, "must be 0 (a checkpoint after every append) or more")
    .max(60, "must be at most 60: checkpoints are promised at least every minute")
    .default(10),
  SADA_SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL, for example smtp://user:password@127.0.0.1:587" }).optional(),
  SADA_SMTP_FROM: z.string().min(3, "must be an address such as Sada <sada@example.org>").max(200, "must be at most 200 characters").optional(),
  SADA_PREMODERATE_COMMENTS: z.coerce
    .number({ error: "must be a number of comments" })
    .int("must be a whole number of comments")
    .min(0, "must be 0 (no pre-moderation) or more")
    .max(100, "must be at most 100")
    .default(3),
  SADA_ONION_URL: z
    .string()
    .regex(/^https?:\/\/[a-z2-7]{56}\.onion\/?$/, "must be the onion service's address, http://<56 characters>.onion")
    .optional(),
  SADA_FEDERATION: z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("off"),
  SADA_FEDERATION_ALLOW_PRIVATE: z.enum(["true", "false"], { error: 'must be "true" or "false"' }).default("false"),
  SADA_UPLOAD_MAX_BYTES: z.coerce
    .number({ error: "must be a number of bytes" })
    .int("must be a whole number of bytes")
    .min(1024, "must be at least 1024")
    .max(1024 * 1024 * 1024, "must be at most 1073741824 (1 GiB)")
    .default(20 * 1024 * 1024),
  SADA_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: "must be an absolute http:// or https:// URL of an S3-compatible server" }).optional(),
  SADA_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a bucket name (3–63 lower-case letters, digits, dots, hyphens)")
    .optional(),
  SADA_S3_REGION: z.string().min(1).default("us-east-1"),
  SADA_S3_ACCESS_KEY_ID: z.string().optional(),
  SADA_S3_SECRET_ACCESS_KEY: z.string().optional(),
  SADA_S3_PATH_STYLE: z.enum(["true", "false"], { error: 'must be "true" or "false"' }).default("true"),
  SADA_KEEP_ORIGINALS: z.enum(["true", "false"], { error: 'must be "true" or "false"' }).default("false"),
  SADA_BASE_URL: z.url({ protocol: /^https?$/, error: "must be an absolute http:// or https:// URL" }).optional(),
});

export type ConfigProblem = { variable: string; message: string };

/** Parses the environment. Relative paths are resolved against `cwd`. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Result<Config, ConfigProblem[]> {
  // An empty variable (PORT=) means "not set", as in most tools: the default applies.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    return err(parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? "?"), message: issue.message })));
  }
  const e = parsed.data;
  if (e.SADA_S3_ENDPOINT && !(e.SADA_S3_BUCKET && e.SADA_S3_ACCESS_KEY_ID && e.SADA_S3_SECRET_ACCESS_KEY)) {
    return err([{ variable: "SADA_S3_ENDPOINT", message: "needs SADA_S3_BUCKET, SADA_S3_ACCESS_KEY_ID and SADA_S3_SECRET_ACCESS_KEY as well" }]);
  }
  const dataDir = path.resolve(cwd, e.SADA_DATA_DIR);
  const dbUrl = e.DATABASE_URL ?? `sqlite:${path.join(dataDir, "sada.db")}`;
  const database: Config["database"] = dbUrl.startsWith("sqlite:")
    ? { kind: "sqlite", path: dbUrl === "sqlite::memory:" ? ":memory:" : path.resolve(cwd, dbUrl.slice("sqlite:".length)) }
    : { kind: "postgres", url: dbUrl };
  const shownHost = e.HOST === "0.0.0.0" || e.HOST === "::" ? "127.0.0.1" : e.HOST;
  const baseUrl = (e.SADA_BASE_URL ?? `http://${shownHost}:${e.PORT}`).replace(/\/+$/, "");
  return ok({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database,
    baseUrl,
    secureCookies: baseUrl.startsWith("https://"),
    pageCacheSeconds: e.SADA_PAGE_CACHE_SECONDS,
    claimHours: e.SADA_CLAIM_HOURS,
    mt: { url: e.SADA_MT_URL?.replace(/\/+$/, "") ?? null, apiKey: e.SADA_MT_API_KEY ?? null },
    secret: e.SADA_SECRET ?? null,
    checkpointSeconds: e.SADA_CHECKPOINT_SECONDS,
    onionUrl: e.SADA_ONION_URL?.replace(/\/+$/, "") ?? null,
    federation: { enabled: e.SADA_FEDERATION === "on", allowPrivate: e.SADA_FEDERATION_ALLOW_PRIVATE === "true" },
    smtp: { url: e.SADA_SMTP_URL ?? null, from: e.SADA_SMTP_FROM ?? `Sada <sada@${new URL(baseUrl).hostname}>` },
    premoderateComments: e.SADA_PREMODERATE_COMMENTS,
    uploadMaxBytes: e.SADA_UPLOAD_MAX_BYTES,
    s3:
      e.SADA_S3_ENDPOINT && e.SADA_S3_BUCKET && e.SADA_S3_ACCESS_KEY_ID && e.SADA_S3_SECRET_ACCESS_KEY
        ? {
            endpoint: e.SADA_S3_ENDPOINT.replace(/\/+$/, ""),
            bucket: e.SADA_S3_BUCKET,
            region: e.SADA_S3_REGION,
            accessKeyId: e.SADA_S3_ACCESS_KEY_ID,
            secretAccessKey: e.SADA_S3_SECRET_ACCESS_KEY,
            pathStyle: e.SADA_S3_PATH_STYLE === "true",
          }
        : null,
    keepOriginals: e.SADA_KEEP_ORIGINALS === "true",
  });
}

/** One line per problem, for the console. */
export function formatConfigProblems(problems: ConfigProblem[]): string {
  return ["Configuration problems:", ...problems.map((p) => `  ${p.variable}: ${p.message}`)].join("\n");
}
