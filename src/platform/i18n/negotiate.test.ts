import { describe, expect, it } from "vitest";
import { negotiateLang, parseAcceptLanguage } from "./negotiate";

describe("language negotiation", () => {
  it("orders Accept-Language by q-value", () => {
    expect(parseAcceptLanguage("fr;q=0.5, ar-SY, ru;q=0.8, *;q=0.1")).toEqual(["ar-sy", "ru", "fr"]);
  });

  it("prefers the user setting, then the cookie, then the header", () => {
    expect(negotiateLang({ userLocale: "ru", cookie: "ar", acceptLanguage: "en" })).toBe("ru");
    expect(negotiateLang({ userLocale: null, cookie: "ar", acceptLanguage: "en" })).toBe("ar");
    expect(negotiateLang({ acceptLanguage: "de-DE, ru;q=0.9" })).toBe("ru");
    expect(negotiateLang({ acceptLanguage: "de, fr" })).toBe("en");
    expect(negotiateLang({ cookie: "xx" })).toBe("en");
  });
});
