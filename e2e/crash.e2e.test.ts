import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSada, type RunningSada } from "./server";

let sada: RunningSada;

beforeAll(async () => {
  sada = await startSada();
}, 60_000);
afterAll(async () => {
  await sada?.stop();
});

/** A minimal browser: cookies and the form token. */
async function signUp(base: string, handle: string): Promise<Response> {
  const page = await fetch(`${base}/en/signup`);
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  return fetch(`${base}/en/signup`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: token, handle, password: "a long passphrase here" }),
  });
}

describe("durability", () => {
  it("keeps every acknowledged write when the server is killed with SIGKILL", async () => {
    const handles = Array.from({ length: 5 }, (_, i) => `crash_${i}`);
    for (const handle of handles) {
      const res = await signUp(sada.baseUrl, handle);
      expect(res.status, handle).toBe(303);
    }
    await sada.crash();
    await sada.restart();
    for (const handle of handles) {
      const r = await sada.cli(["token", "create", "--handle", handle]);
      expect(r.code, `${handle}: ${r.stderr}`).toBe(0);
    }
  }, 120_000);
});
