import type { Hono } from "hono";
import type { AppDeps } from "../../main/deps";
import type { AppEnv } from "../http-env";

/** Routes of the media module. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function mediaRoutes(app: Hono<AppEnv>, deps: AppDeps): void {}
