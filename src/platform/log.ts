/**
 * Structured logging with a closed set of categories. Never log secrets, request bodies,
 * IP addresses or user agents: people who publish here may be hunted.
 */
export type LogCategory = "server" | "db" | "accounts" | "groups" | "statements" | "search" | "cli" | "http" | "log" | "federation";

type Fields = Record<string, string | number | boolean | null | undefined>;

let quiet = false;

/** Tests and benchmarks silence the log. */
export function setQuiet(value: boolean): void {
  quiet = value;
}

function write(level: string, category: LogCategory, event: string, fields: Fields = {}): void {
  if (quiet) {
    return;
  }
  const line = JSON.stringify({ t: new Date().toISOString(), level, category, event, ...fields });
  process.stderr.write(line + "\n");
}

export const log = {
  info: (category: LogCategory, event: string, fields?: Fields) => write("info", category, event, fields),
  warn: (category: LogCategory, event: string, fields?: Fields) => write("warn", category, event, fields),
  error: (category: LogCategory, event: string, fields?: Fields) => write("error", category, event, fields),
};
