import { afterAll, beforeAll } from "vitest";
import type { Hono } from "hono";
import { buildApp } from "../src/main/app";
import type { AppDeps } from "../src/main/deps";
import type { AppEnv } from "../src/modules/http-env";
import { TestClient } from "./client";
import { createTestDb, type TestDb } from "./db";
import { factories, PASSWORD } from "./factories";

export interface Harness {
  deps: AppDeps;
  app: Hono<AppEnv>;
  make: ReturnType<typeof factories>;
  /** A new browser-like client with its own cookies. */
  client(headers?: Record<string, string>): TestClient;
  /** A client signed in as a user created with `role`. */
  signedIn(
    role?: "reader" | "translator" | "reviewer" | "editor" | "admin",
  ): Promise<{ client: TestClient; user: Awaited<ReturnType<ReturnType<typeof factories>["user"]>> }>;
  /** Signs an existing user in on a new client. */
  signInAs(handle: string): Promise<TestClient>;
}

/** One real database and one app for the test file, created before and closed after it. */
export function useHarness(): Harness {
  let db: TestDb | null = null;
  let app: Hono<AppEnv> | null = null;
  const need = () => {
    if (!db || !app) {
      throw new Error("harness used before beforeAll");
    }
    return { db, app };
  };
  beforeAll(async () => {
    db = await createTestDb();
    app = buildApp(db.deps);
  });
  afterAll(async () => {
    await db?.close();
  });
  const harness: Harness = {
    get deps() {
      return need().db.deps;
    },
    get app() {
      return need().app;
    },
    get make() {
      return factories(need().db.deps);
    },
    client: (headers) => new TestClient(need().app, headers),
    async signInAs(handle) {
      // Every in-process request comes from one "client" ("local"): signing test users in must
      // not use up the per-client sign-in throttle that the tests of throttling exercise.
      need().db.deps.limits.authPerClient.reset("local");
      const client = new TestClient(need().app);
      await client.get("/en/signin");
      const res = await client.post("/en/signin", { handle, password: PASSWORD });
      if (res.status !== 303) {
        throw new Error(`sign-in failed: ${res.status}`);
      }
      return client;
    },
    async signedIn(role = "reader") {
      const user = await harness.make.user({ role });
      return { client: await harness.signInAs(user.handle), user };
    },
  };
  return harness;
}
