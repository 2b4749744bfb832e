import { expect } from "vitest";
import type { Browser, Page } from "playwright-core";
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

/**
 * A translator translates the current revision of a statement into `lang` (one text per segment,
 * in order) and a reviewer approves every segment, with the plain forms (no script), which
 * publishes the translation. Creates the accounts "tr_<lang>" and "rev_<lang>".
 */
export async function publishTranslationWithForms(browser: Browser, sada: RunningSada, statementId: string, lang: string, texts: string[]): Promise<void> {
  await userWithToken(sada, `tr_${lang}`, "translator");
  await userWithToken(sada, `rev_${lang}`, "reviewer");
  const forms = await browser.newContext({ locale: "en-US", javaScriptEnabled: false });
  const signIn = async (handle: string): Promise<Page> => {
    const page = await forms.newPage();
    await signInWithForm(page, sada.baseUrl, handle);
    await page.goto(`${sada.baseUrl}/en/translate/${statementId}/${lang}`);
    return page;
  };
  const translator = await signIn(`tr_${lang}`);
  await Promise.all([translator.waitForURL(new RegExp(`/translate/${statementId}/${lang}$`)), translator.click("button:has-text('Claim')")]);
  expect(await translator.locator("section.seg form.tgt").count()).toBe(texts.length);
  for (const [n, text] of texts.entries()) {
    const form = translator.locator("section.seg form.tgt").nth(n);
    await form.locator("textarea[name=text]").fill(text);
    await Promise.all([translator.waitForLoadState("load"), form.locator("button[value=translated]").click()]);
  }
  const reviewer = await signIn(`rev_${lang}`);
  for (let n = 0; n < texts.length; n++) {
    await Promise.all([reviewer.waitForLoadState("load"), reviewer.locator("button[value=approve]").first().click()]);
  }
  expect(await reviewer.textContent("main")).toContain("the translation is published");
  await forms.close();
}

/** Polls `probe` until it returns a value (expect.poll only works inside a test). */
export async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`gave up after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Signs in on the sign-in page with the password form, as a person would; waits for the account page. */
export async function signInWithForm(page: Page, baseUrl: string, handle: string, password = "a long passphrase 1"): Promise<void> {
  await page.goto(`${baseUrl}/en/signin`);
  await page.fill("#f-handle", handle);
  await page.fill("#f-password", password);
  await Promise.all([page.waitForURL(/\/en\/account/), page.click("form[action='/en/signin'] button[type=submit]")]);
}
