import { describe, expect, it } from "vitest";
import { markdownToText, renderMarkdown } from "./markdown";

describe("statement Markdown subset", () => {
  it("renders paragraphs, headings, lists, emphasis, quotes and links", () => {
    const html = renderMarkdown("# عنوان\n\nفقرة *مائلة* و**عريضة**.\n\n- أ\n- ب\n\n> اقتباس\n\n[رابط](https://example.org)");
    expect(html).toContain("<h1>عنوان</h1>");
    expect(html).toContain("<em>مائلة</em>");
    expect(html).toContain("<strong>عريضة</strong>");
    expect(html).toContain("<li>أ</li>");
    expect(html).toContain("<blockquote>");
    expect(html).toContain('<a href="https://example.org" rel="nofollow noopener noreferrer">رابط</a>');
  });

  it("shows raw HTML as text, never as markup", () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror="alert(2)">');
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;");
  });

  it("does not make links of javascript: or data: URLs", () => {
    const html = renderMarkdown("[click](javascript:alert(1)) [d](data:text/html,x) [v](vbscript:x)");
    expect(html).not.toContain("<a ");
    expect(html).not.toMatch(/href="(javascript|data|vbscript):/);
  });

  it("leaves images and code blocks out of the subset", () => {
    const html = renderMarkdown("![alt](https://example.org/x.png)\n\n    code");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<pre");
  });

  it("extracts plain text for search", () => {
    expect(markdownToText("# Title\n\nSee [the report](https://x.org) *now*.")).toBe("Title See the report now .");
  });
});
