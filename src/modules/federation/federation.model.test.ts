import { describe, expect, it } from "vitest";
import { isNonPublicAddress } from "../../platform/http/public-url";
import { afterAttempt, DEAD_AFTER_FAILURES, isDeadInbox, isRetryableStatus, MAX_ATTEMPTS, RETRY_DELAYS_MS } from "./delivery.model";
import { deliveryInboxes } from "./federation.queries";
import { htmlToParagraphs, parseHandle, pickLanguage } from "./remote-text";

describe("delivery rules", () => {
  const now = new Date("2026-11-25T12:00:00Z");

  it("retries a failed delivery after growing delays, then gives up", () => {
    expect(afterAttempt({ ok: false, attempts: 1, now })).toEqual({ status: "pending", nextAttemptAt: "2026-11-25T12:01:00.000Z" });
    expect(afterAttempt({ ok: false, attempts: 2, now })).toEqual({ status: "pending", nextAttemptAt: "2026-11-25T12:05:00.000Z" });
    expect(afterAttempt({ ok: false, attempts: MAX_ATTEMPTS - 1, now })).toEqual({
      status: "pending",
      nextAttemptAt: new Date(now.getTime() + (RETRY_DELAYS_MS.at(-1) ?? 0)).toISOString(),
    });
    expect(afterAttempt({ ok: false, attempts: MAX_ATTEMPTS, now })).toEqual({ status: "failed" });
    expect(afterAttempt({ ok: true, attempts: 3, now })).toEqual({ status: "delivered" });
  });

  it("gives up at once when there is nothing to wait for (a refusal that will not change)", () => {
    expect(afterAttempt({ ok: false, attempts: 1, now, delays: [] })).toEqual({ status: "failed" });
    expect(isRetryableStatus(500)).toBe(true);
    expect(isRetryableStatus(429)).toBe(true);
    expect(isRetryableStatus(410)).toBe(false);
    expect(isRetryableStatus(401)).toBe(false);
  });

  it("calls an inbox dead only after many failures over days", () => {
    const longAgo = new Date(now.getTime() - 4 * 86_400_000).toISOString();
    const recently = new Date(now.getTime() - 3_600_000).toISOString();
    expect(isDeadInbox({ consecutiveFailures: DEAD_AFTER_FAILURES, firstFailureAt: longAgo }, now)).toBe(true);
    expect(isDeadInbox({ consecutiveFailures: DEAD_AFTER_FAILURES, firstFailureAt: recently }, now)).toBe(false);
    expect(isDeadInbox({ consecutiveFailures: DEAD_AFTER_FAILURES - 1, firstFailureAt: longAgo }, now)).toBe(false);
  });

  it("delivers once per server when followers share an inbox", () => {
    expect(
      deliveryInboxes([
        { inbox: "https://a.example/users/1/inbox", shared_inbox: "https://a.example/inbox" },
        { inbox: "https://a.example/users/2/inbox", shared_inbox: "https://a.example/inbox" },
        { inbox: "https://b.example/users/3/inbox", shared_inbox: null },
      ]),
    ).toEqual(["https://a.example/inbox", "https://b.example/users/3/inbox"]);
  });
});

describe("text from other servers", () => {
  it("keeps paragraphs and drops every tag, script included", () => {
    expect(htmlToParagraphs('<p>Hello <a href="x">world</a></p><p>Line one<br>line two</p><script>alert(1)</script><img src=x onerror=alert(1)>')).toEqual([
      "Hello world",
      "Line one\nline two",
    ]);
    expect(htmlToParagraphs("<p>&lt;b&gt; &amp; &#1589;&#x62F;&#x649;</p>")).toEqual(["<b> & صدى"]);
  });

  it("picks the reader's language, then the original, then anything", () => {
    const map = { "": "مرحبا", ar: "مرحبا", en: "Hello" };
    expect(pickLanguage(map, "en", "ar")).toEqual({ lang: "en", text: "Hello" });
    expect(pickLanguage(map, "en-GB", "ar")).toEqual({ lang: "en", text: "Hello" });
    expect(pickLanguage(map, "ru", "ar")).toEqual({ lang: "ar", text: "مرحبا" });
    expect(pickLanguage({ fr: "Bonjour" }, "ru", null)).toEqual({ lang: "fr", text: "Bonjour" });
    expect(pickLanguage({}, "ru", null)).toBeNull();
  });

  it("reads handles as people type them", () => {
    expect(parseHandle("@douma-council@sada.example")).toEqual({ user: "douma-council", host: "sada.example" });
    expect(parseHandle("acct:amal@Mastodon.Social")).toEqual({ user: "amal", host: "mastodon.social" });
    expect(parseHandle("amal@127.0.0.1:8080")).toEqual({ user: "amal", host: "127.0.0.1:8080" });
    expect(parseHandle("https://mastodon.social/@amal")).toBeNull();
    expect(parseHandle("@amal")).toBeNull();
    expect(parseHandle("@a b@host")).toBeNull();
  });
});

describe("addresses the server refuses to reach", () => {
  it("refuses loopback, private, link-local and mapped addresses; allows public ones", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "not-an-ip",
    ]) {
      expect(isNonPublicAddress(a), a).toBe(true);
    }
    for (const a of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"]) {
      expect(isNonPublicAddress(a), a).toBe(false);
    }
  });
});
