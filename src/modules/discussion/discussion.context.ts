import type { Hono } from "hono";
import type { AppDeps } from "../../main/deps";
import { CONTENT_LANG_CODES } from "../../platform/i18n/languages";
import { log } from "../../platform/log";
import type { Viewer } from "../accounts/account.model";
import { accountService } from "../accounts/account.service";
import { SESSION_COOKIE } from "../accounts/session-cookie";
import { membershipOf } from "../groups";
import type { AppEnv } from "../http-env";
import type { PageCtx } from "../site/page-ctx";
import { isModerator, type DiscussionMode } from "./comment.model";
import { discussionMode, queueSize, threadFor, unreadCount, type CommentView } from "./discussion.queries";
import { viewerIsTrusted } from "./discussion.service";

/** What the comments section of a statement page shows, read before the page renders. */
export interface ThreadData {
  statementId: string;
  retracted: boolean;
  mode: DiscussionMode;
  roots: CommentView[];
  count: number;
  /** Content languages the reader chose to see (empty: all). */
  filter: string[];
  canManage: boolean;
  moderator: boolean;
  trusted: boolean;
  mtEnabled: boolean;
  /** A status after a form was sent (posted, held, removed…). */
  done: string | null;
  now: Date;
}

interface DiscussionStore {
  thread: ThreadData | null;
  nav: { unread: number; queue: number | null } | null;
}

/**
 * Data read for the requests being served, by request key: the viewer, the interface language and
 * the path with its query, which is all a page template can see of its request (PageCtx). Two
 * requests with the same key at the same moment would show the same data, so they share an entry.
 */
const inFlight = new Map<string, { store: DiscussionStore; refs: number }>();

const keyOf = (viewerId: string | null, lang: string, path: string) => `${viewerId ?? ""}|${lang}|${path}`;

/** The discussion data read for the page being rendered, if any. */
export function currentDiscussion(ctx: PageCtx): DiscussionStore | undefined {
  return inFlight.get(keyOf(ctx.viewer?.id ?? null, ctx.i.lang, ctx.path))?.store;
}

const STATEMENT_PAGE = /^\/(en|ar|ru)\/statements\/([0-9a-z]{16})$/;
const PAGE = /^\/(en|ar|ru)(\/|$)/;

function sessionTokenOf(req: Request): string | null {
  const cookies = req.headers.get("cookie") ?? "";
  for (const part of cookies.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) {
      const value = rest.join("=");
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
    }
  }
  return null;
}

/**
 * Threads as anonymous readers see them, for requests without a query string: those are the
 * pages the page cache serves, so a cache hit must not cost database reads here either. Entries
 * live as long as a cached page (SADA_PAGE_CACHE_SECONDS) and are dropped by every successful
 * write, like the page cache.
 */
class AnonymousThreads {
  private readonly entries = new Map<string, { at: number; thread: ThreadData }>();
  constructor(private readonly ttlMs: number) {}
  get(statementId: string, now: number): ThreadData | null {
    const e = this.entries.get(statementId);
    return e && now - e.at < this.ttlMs ? e.thread : null;
  }
  set(statementId: string, thread: ThreadData, now: number): void {
    if (this.ttlMs <= 0) {
      return;
    }
    if (this.entries.size >= 2_000) {
      this.entries.clear();
    }
    this.entries.set(statementId, { at: now, thread });
  }
  clear(): void {
    this.entries.clear();
  }
}

async function prefetch(deps: AppDeps, url: URL, viewer: Viewer | null, anonymous: AnonymousThreads): Promise<DiscussionStore> {
  const store: DiscussionStore = { thread: null, nav: null };
  const moderator = isModerator(viewer);
  if (viewer) {
    store.nav = { unread: await unreadCount(deps, viewer.id), queue: moderator ? await queueSize(deps) : null };
  }
  const m = STATEMENT_PAGE.exec(url.pathname);
  const statementId = m?.[2];
  if (!statementId) {
    return store;
  }
  const memo = viewer === null && url.search === "";
  const now = Date.now();
  const remembered = memo ? anonymous.get(statementId, now) : null;
  if (remembered) {
    store.thread = remembered;
    return store;
  }
  const statement = await deps.db.selectFrom("statements").select(["id", "status", "group_id"]).where("id", "=", statementId).executeTakeFirst();
  if (!statement) {
    return store;
  }
  const { roots, count } = await threadFor(deps, statementId, viewer ? { id: viewer.id, moderator } : null);
  const member = viewer ? await membershipOf(deps, statement.group_id, viewer.id) : null;
  store.thread = {
    statementId,
    retracted: statement.status === "retracted",
    mode: await discussionMode(deps, statementId),
    roots,
    count,
    filter: url.searchParams.getAll("cl").filter((l) => CONTENT_LANG_CODES.includes(l)),
    canManage: moderator || member?.accepted === true,
    moderator,
    trusted: viewer ? moderator || (await viewerIsTrusted(deps, viewer)) : false,
    mtEnabled: (deps.config.mt.url ?? "") !== "",
    done: url.searchParams.get("discussion"),
    now: deps.clock.now(),
  };
  if (memo) {
    anonymous.set(statementId, store.thread, now);
  }
  return store;
}

/**
 * Pages render synchronously, and the statement page and the site header belong to other
 * modules. So the discussion reads what they show (the thread, the unread count) before the
 * request reaches the routes, and keeps it under the request's key while the page renders
 * (currentDiscussion). Only page GETs under a language prefix pay for it; anonymous statement
 * pages without a query string reuse the thread read for the page cache.
 */
export function installDiscussionContext(app: Hono<AppEnv>, deps: AppDeps): void {
  const inner = app.fetch;
  const anonymous = new AnonymousThreads(deps.config.pageCacheSeconds * 1000);
  app.fetch = (request, env, executionCtx) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return Promise.resolve(inner(request, env, executionCtx)).then((res) => {
        if (res.status < 400) {
          anonymous.clear();
        }
        return res;
      });
    }
    const url = new URL(request.url);
    const page = PAGE.exec(url.pathname);
    if (!page?.[1]) {
      return inner(request, env, executionCtx);
    }
    const lang = page[1];
    const rest = url.pathname.slice(lang.length + 1) || "/";
    return (async () => {
      const token = sessionTokenOf(request);
      let viewer: Viewer | null = null;
      let store: DiscussionStore = { thread: null, nav: null };
      try {
        viewer = token ? await accountService.viewerForSession(deps, token) : null;
        store = await prefetch(deps, url, viewer, anonymous);
      } catch (e) {
        log.error("server", "discussion_prefetch_failed", { message: e instanceof Error ? e.message : String(e) });
      }
      const key = keyOf(viewer?.id ?? null, lang, rest + url.search);
      const entry = inFlight.get(key) ?? { store, refs: 0 };
      entry.store = store;
      entry.refs += 1;
      inFlight.set(key, entry);
      try {
        return await inner(request, env, executionCtx);
      } finally {
        entry.refs -= 1;
        if (entry.refs === 0) {
          inFlight.delete(key);
        }
      }
    })();
  };
}
