// Passkeys in Debian's Chromium with a virtual authenticator (Chrome DevTools Protocol): a
// person adds a passkey on the security page, signs out, and signs in with it alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "./browser";
import { userWithToken, signInWithForm } from "./fixtures";
import { startSada, type RunningSada } from "./server";

let sada: RunningSada;
let browser: Browser;

beforeAll(async () => {
  sada = await startSada({ hostName: "localhost" });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sada?.stop();
});

describe("passkeys", () => {
  it("adds a passkey after the password, then signs in with the passkey alone", async () => {
    await userWithToken(sada, "noor", "reader");
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).host !== new URL(sada.baseUrl).host) {
        foreign.push(r.url());
      }
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });

    await signInWithForm(page, sada.baseUrl, "noor");

    await page.goto(`${sada.baseUrl}/en/account/security`);
    await page.fill("#f-passkey-name", "Test phone");
    await Promise.all([page.waitForURL(/done=passkey/), page.click("button:has-text('Add a passkey')")]);
    expect(await page.textContent("#sec-passkeys + p + ul")).toContain("Test phone");

    await Promise.all([page.waitForURL(/\/en\/$/), page.click("nav button:has-text('Sign out')")]);
    await page.goto(`${sada.baseUrl}/en/signin`);
    await Promise.all([page.waitForURL(/\/en\/account$/), page.click("button:has-text('Sign in with a passkey')")]);
    expect(await page.textContent("main")).toContain("noor");
    await page.goto(`${sada.baseUrl}/en/account/security`);
    expect(await page.textContent("#sec-sessions ~ table")).toContain("passkey");
    expect(foreign).toEqual([]);
    await context.close();
  }, 60_000);
});
