import { expect } from "vitest";
import type { RunningSada } from "./server";

/** POSTs JSON to the server's /api/v1 with a bearer token. */
export function apiPost(sada: RunningSada, path: string, token: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sada.baseUrl}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** Creates an account with the CLI, as an operator would, and returns a new API token for it. */
export async function userWithToken(sada: RunningSada, handle: string, role: string): Promise<string> {
  const created = await sada.cli(["user", "create", "--handle", handle, "--role", role], "a long passphrase 1\n");
  expect(created.code, created.stderr).toBe(0);
  const token = await sada.cli(["token", "create", "--handle", handle]);
  expect(token.code, token.stderr).toBe(0);
  return token.stdout.trim();
}

/**
 * An Arabic-speaking local council that can publish: proposed by a new account "council"
 * (returned as a token) and vouched for by two new editors "ed_one" and "ed_two".
 */
export async function publishingCouncil(sada: RunningSada, slug: string): Promise<string> {
  const [publisher, editorOne, editorTwo] = await Promise.all([
    userWithToken(sada, "council", "reader"),
    userWithToken(sada, "ed_one", "editor"),
    userWithToken(sada, "ed_two", "editor"),
  ]);
  const g = await apiPost(sada, "/groups", publisher, {
    slug,
    kind: "local_council",
    defaultLang: "ar",
    profiles: [{ lang: "ar", name: "المجلس المحلي في دوما" }],
    places: ["SY-RD-douma"],
    languages: ["ar"],
  });
  expect(g.status).toBe(201);
  for (const editor of [editorOne, editorTwo]) {
    const v = await apiPost(sada, `/groups/${slug}/vouches`, editor, { reason: "known" });
    expect(v.status).toBe(201);
  }
  return publisher;
}
