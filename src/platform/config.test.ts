import { describe, expect, it } from "vitest";
import { formatConfigProblems, loadConfig } from "./config";

describe("configuration", () => {
  it("defaults to SQLite under ./data on 127.0.0.1:8080", () => {
    const r = loadConfig({}, "/srv/sada");
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.port).toBe(8080);
      expect(r.value.host).toBe("127.0.0.1");
      expect(r.value.database).toEqual({ kind: "sqlite", path: "/srv/sada/data/sada.db" });
      expect(r.value.baseUrl).toBe("http://127.0.0.1:8080");
      expect(r.value.secureCookies).toBe(false);
    }
  });

  it("accepts PostgreSQL URLs and https base URLs", () => {
    const r = loadConfig({ DATABASE_URL: "postgres://u:p@localhost:5432/sada", SADA_BASE_URL: "https://sada.example/" });
    expect(r.ok && r.value.database).toEqual({ kind: "postgres", url: "postgres://u:p@localhost:5432/sada" });
    expect(r.ok && r.value.baseUrl).toBe("https://sada.example");
    expect(r.ok && r.value.secureCookies).toBe(true);
  });

  it("lists every problem at once", () => {
    const r = loadConfig({ PORT: "99999", DATABASE_URL: "mysql://x", SADA_BASE_URL: "ftp://x" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.map((p) => p.variable).sort()).toEqual(["DATABASE_URL", "PORT", "SADA_BASE_URL"]);
      expect(formatConfigProblems(r.error)).toContain("PORT: must be between 1 and 65535");
    }
  });
});

describe("empty variables", () => {
  it("treats an empty value as unset, so the default applies", () => {
    const r = loadConfig({ PORT: "", DATABASE_URL: " " }, "/srv/sada");
    expect(r.ok && r.value.port).toBe(8080);
    expect(r.ok && r.value.database).toEqual({ kind: "sqlite", path: "/srv/sada/data/sada.db" });
  });
});

describe("discussion settings", () => {
  it("reads SMTP and pre-moderation, with defaults, and refuses bad values", () => {
    const d = loadConfig({ SADA_BASE_URL: "https://sada.example.org" });
    expect(d.ok && d.value.smtp).toEqual({ url: null, from: "Sada <sada@sada.example.org>" });
    expect(d.ok && d.value.premoderateComments).toBe(3);
    const r = loadConfig({ SADA_SMTP_URL: "smtp://u:p@127.0.0.1:2525", SADA_SMTP_FROM: "Sada <a@b.c>", SADA_PREMODERATE_COMMENTS: "0" });
    expect(r.ok && r.value.smtp).toEqual({ url: "smtp://u:p@127.0.0.1:2525", from: "Sada <a@b.c>" });
    expect(r.ok && r.value.premoderateComments).toBe(0);
    const bad = loadConfig({ SADA_SMTP_URL: "http://mail", SADA_PREMODERATE_COMMENTS: "-1" });
    expect(bad.ok ? [] : bad.error.map((p) => p.variable).sort()).toEqual(["SADA_PREMODERATE_COMMENTS", "SADA_SMTP_URL"]);
  });
});
