import { parseArgs } from "node:util";
import { ROLES } from "../modules/accounts/account.model";
import { formatConfigProblems, loadConfig, type Config } from "../platform/config";
import type { Database } from "../modules/database";

// Each command loads only the modules it needs (dynamic import below): loading the whole
// application through tsx costs about 125 MB, which `sada export`, `sada verify` or `--help`
// would otherwise pay before doing anything (bench/export.bench.ts measures it).

/** Help of the commands defined here; the others' help lives beside their code (see {@link helpFor}). */
const HELP: Record<string, string> = {
  main: `Usage: sada <command> [options]

Commands:
  serve                          Run migrations and start the web server
  migrate                        Bring the database to the latest schema
  user create --handle H --role R  Create an account (password read from stdin)
  token create --handle H        Print a new personal API token for an account
  tm import|export               Translation memory as TMX 1.4b
  xliff export|import            A statement's translation as XLIFF 2.1
  glossary import|export         A language pair's glossary as TBX
  export [--out FILE]            The instance's open data as JSON Lines
  import FILE                    Restore an export into an empty instance
  incidents import|export        Incidents as CSV (import checks every row) or JSON
  verify statement URL|FILE      Check a signed statement against the transparency log
  log monitor|mirror URL         Watch a Sada instance's transparency log, or keep a copy
  help [command]                 Show help for a command

Configuration comes from environment variables (see docs/config.md):
  PORT, HOST, DATABASE_URL (sqlite:PATH or postgres://…), SADA_DATA_DIR, SADA_BASE_URL,
  SADA_PAGE_CACHE_SECONDS, SADA_CLAIM_HOURS, SADA_MT_URL, SADA_MT_API_KEY, SADA_SECRET,
  SADA_CHECKPOINT_SECONDS

Run "sada <command> --help" for a command's options.`,
  serve: `Usage: sada serve

Runs pending migrations, then serves the site and API on HOST:PORT (default 127.0.0.1:8080).
When no admin exists, prints a one-time URL to create the first admin account.`,
  migrate: `Usage: sada migrate

Applies every pending migration to DATABASE_URL and prints what was applied.`,
  user: `Usage: sada user create --handle HANDLE --role ROLE [--email EMAIL]

Creates an account. The password is read from standard input (first line), for example:
  printf '%s\\n' 'a long passphrase' | sada user create --handle amal --role editor
Roles: ${ROLES.join(", ")}.`,
  token: `Usage: sada token create --handle HANDLE [--label LABEL]

Prints a new personal API token for the account. Only its hash is stored: copy it now.
Use it as "Authorization: Bearer <token>" on /api/v1.`,
};

async function readStdinLine(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write("Password: ");
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) {
      break;
    }
  }
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

function config(): Config | null {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(formatConfigProblems(loaded.error) + "\n");
    return null;
  }
  return loaded.value;
}

/** The help text of a command, loading only the file that defines it; undefined for an unknown command. */
async function helpFor(command: string): Promise<string | undefined> {
  switch (command) {
    case "tm":
    case "xliff":
    case "glossary":
      return (await import("./cli-translation")).TRANSLATION_HELP[command];
    case "verify":
    case "log":
      return (await import("./cli-provenance")).PROVENANCE_HELP[command];
    case "export":
    case "import":
      return (await import("./cli-data")).DATA_HELP[command];
    case "incidents":
      return (await import("./cli-incidents")).INCIDENTS_HELP[command];
    default:
      return Object.hasOwn(HELP, command) ? HELP[command] : undefined;
  }
}

/** Runs one CLI command and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  const wantsHelp = argv.includes("--help") || argv.includes("-h");
  if (!command || command === "help" || command.startsWith("-")) {
    process.stdout.write(((await helpFor(sub ?? "main")) ?? HELP.main) + "\n");
    return 0;
  }
  if (wantsHelp) {
    const help = await helpFor(command);
    process.stdout.write((help ?? HELP.main) + "\n");
    return help ? 0 : 2;
  }
  switch (command) {
    case "serve": {
      const cfg = config();
      if (!cfg) {
        return 2;
      }
      const { startServer } = await import("./server");
      let running;
      try {
        running = await startServer(cfg);
      } catch (e) {
        const code = (e as { code?: string }).code;
        const reason = code === "EADDRINUSE" ? "the address is already in use (is another Sada running? set PORT)" : e instanceof Error ? e.message : String(e);
        process.stderr.write(`Cannot start the server on ${cfg.host}:${cfg.port}: ${reason}\n`);
        return 1;
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await running.close();
      return 0;
    }
    case "migrate": {
      const cfg = config();
      if (!cfg) {
        return 2;
      }
      const [{ connect }, { migrateToLatest }] = await Promise.all([import("../platform/db/connect"), import("../platform/db/migrator")]);
      const handle = connect<Database>(cfg.database);
      try {
        const result = await migrateToLatest(handle.db as never);
        const applied = result.results ?? [];
        process.stdout.write(applied.length === 0 ? "Database is up to date.\n" : applied.map((r) => `applied ${r.migrationName}`).join("\n") + "\n");
        return 0;
      } finally {
        await handle.close();
      }
    }
    case "user":
    case "token": {
      if (sub !== "create") {
        process.stderr.write(`Unknown subcommand "${sub ?? ""}".\n\n${HELP[command]}\n`);
        return 2;
      }
      let values: { handle?: string; role?: string; email?: string; label?: string };
      try {
        values = parseArgs({
          args: rest,
          options: { handle: { type: "string" }, role: { type: "string" }, email: { type: "string" }, label: { type: "string" } },
          strict: true,
        }).values;
      } catch (e) {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${HELP[command]}\n`);
        return 2;
      }
      if (!values.handle) {
        process.stderr.write(`--handle is required.\n\n${HELP[command]}\n`);
        return 2;
      }
      const cfg = config();
      if (!cfg) {
        return 2;
      }
      const [{ createRuntime }, { accountService }, { createUserCommand }, { translatorFor }] = await Promise.all([
        import("./wiring"),
        import("../modules/accounts/account.service"),
        import("../modules/accounts/account.commands"),
        import("../platform/i18n/translator"),
      ]);
      const en = translatorFor("en");
      const runtime = await createRuntime(cfg);
      try {
        if (command === "user") {
          const parsed = createUserCommand.safeParse({ handle: values.handle, role: values.role, email: values.email ?? "", password: await readStdinLine() });
          if (!parsed.success) {
            const problems = parsed.error.issues.map(
              (i) => `  ${i.path.join(".")}: ${i.message.startsWith("error.") ? en.t(i.message as "error.validation") : i.message}`,
            );
            process.stderr.write(`Cannot create the user:\n${problems.join("\n")}\n`);
            return 2;
          }
          const created = await accountService.createUser(runtime.deps, parsed.data);
          if (!created.ok) {
            process.stderr.write(`Cannot create the user: ${en.t("error.handle_taken")}\n`);
            return 1;
          }
          process.stdout.write(`Created ${created.value.role} "${created.value.handle}".\n`);
          return 0;
        }
        const token = await accountService.createApiToken(runtime.deps, values.handle, values.label ?? "cli");
        if (!token.ok) {
          process.stderr.write(`No account with handle "${values.handle}".\n`);
          return 1;
        }
        process.stdout.write(token.value.token + "\n");
        return 0;
      } finally {
        await runtime.close();
      }
    }
    case "tm":
    case "xliff":
    case "glossary": {
      const cfg = config();
      if (!cfg) {
        return 2;
      }
      const [{ runTranslationCommand }, { createRuntime }] = await Promise.all([import("./cli-translation"), import("./wiring")]);
      return runTranslationCommand(command, argv.slice(1), () => createRuntime(cfg), {
        ok: (line) => process.stdout.write(line + "\n"),
        fail: (line) => process.stderr.write(line + "\n"),
      });
    }
    case "export":
    case "import": {
      // No runtime: it would create the instance key, and an import needs the instance empty.
      const cfg = config();
      if (!cfg) {
        return 2;
      }
      const { runDataCommand } = await import("./cli-data");
      return runDataCommand(command, argv.slice(1), cfg, {
        ok: (line) => process.stdout.write(line + "\n"),
        fail: (line) => process.stderr.write(line + "\n"),
      });
    }
    case "incidents": {
      const cfg = config();
      if (!cfg) {
        return 2;
      }
      const { runIncidentsCommand } = await import("./cli-incidents");
      return runIncidentsCommand(argv.slice(1), cfg, {
        ok: (line) => process.stdout.write(line + "\n"),
        fail: (line) => process.stderr.write(line + "\n"),
      });
    }
    // HTTP clients of any instance (or readers of files): no database, no configuration.
    case "verify":
      return (await import("./cli-provenance")).runVerifyCommand(argv.slice(1));
    case "log":
      return (await import("./cli-provenance")).runLogCommand(argv.slice(1));
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${HELP.main}\n`);
      return 2;
  }
}
