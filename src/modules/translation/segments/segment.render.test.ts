import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../statements/markdown";
import { segmentStatement } from "./segment.model";
import { renderTranslatedMarkdown } from "./segment.render";

const identity = (body: string, lang: string) => renderTranslatedMarkdown(segmentStatement(body, lang).map((s) => ({ ...s, text: s.source })));

describe("renderTranslatedMarkdown", () => {
  it("renders an identity translation to the same HTML as the original", () => {
    const bodies: Array<[string, string]> = [
      [
        [
          "# بيان المجلس المحلي",
          "",
          "قال د. أحمد إن **المستشفى قُصف. ثم انهار** المبنى. هل من مجيب؟ لا أحد؛ والناس خائفون.",
          "",
          "- اقرأ [التقرير *الكامل*](https://example.org/r?a=1&b=2) الآن.",
          "- وقود  ",
          "  وأدوية",
          "",
          "> نحن هنا.",
          ">",
          "> لن نغادر.",
        ].join("\n"),
        "ar",
      ],
      [["## Требования", "", "1. Вода, т.е. питьевая.", "2. 2024\\. Год", "", "Пишите на [почту](mailto:info@example.org) & {нам}."].join("\n"), "ru"],
      [["Setext heading", "==============", "", "Text with \\*stars\\*, <b>tags</b>, &amp; entities, ***both*** and **_x_ y**."].join("\n"), "en"],
    ];
    for (const [body, lang] of bodies) {
      expect(renderMarkdown(identity(body, lang)), body).toBe(renderMarkdown(body));
    }
  });

  it("rebuilds headings, list items, quotes and placeholders from translated text", () => {
    const markdown = renderTranslatedMarkdown([
      { block: 0, blockKind: "heading2", text: "Statement of the council", markup: [] },
      { block: 1, blockKind: "paragraph", text: "The {1}hospital{/1} was shelled.", markup: [{ id: 1, kind: "strong" }] },
      { block: 1, blockKind: "paragraph", text: "See {1}the report{/1}.", markup: [{ id: 1, kind: "link", href: "https://example.org/r" }] },
      { block: 2, blockKind: "list_item", text: "Fuel{1/}now", markup: [{ id: 1, kind: "br" }] },
      { block: 3, blockKind: "list_item", text: "{1} Water {/1}", markup: [{ id: 1, kind: "em" }] },
      { block: 4, blockKind: "ordered_item", text: "First", markup: [] },
      { block: 5, blockKind: "quote", text: "We stay.", markup: [] },
      { block: 6, blockKind: "paragraph", text: "Set {{a}}", markup: [] },
    ]);
    expect(markdown).toBe(
      [
        "## Statement of the council",
        "",
        "The **hospital** was shelled. See [the report](https://example.org/r).",
        "",
        "- Fuel  ",
        "  now",
        "- *Water*",
        "",
        "1. First",
        "",
        "> We stay.",
        "",
        "Set {a}",
      ].join("\n"),
    );
  });

  it("keeps a hostile translation inert", () => {
    const markdown = renderTranslatedMarkdown([
      {
        block: 0,
        blockKind: "paragraph",
        text: "[x](javascript:alert(1)) <script>alert(1)</script> &lt;img src=x onerror=alert(1)&gt; {1}ok{/1}\n\n# not a heading\n- not a list",
        markup: [{ id: 1, kind: "link", href: "javascript:alert(1)" }],
      },
      { block: 1, blockKind: "list_item", text: "1. nested? > quote?", markup: [] },
    ]);
    const html = renderMarkdown(markdown);
    expect(html).not.toContain("<a");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<h1");
    expect(html).not.toContain("<ol");
    expect(html).not.toContain("<blockquote");
    expect(html).toContain("[x](javascript:alert(1))");
    expect(html).toContain("&lt;script&gt;");
    // Even a renderer that allowed raw HTML would see only escaped text.
    const permissive = new MarkdownIt({ html: true }).render(markdown);
    expect(permissive).not.toContain("<script");
    expect(permissive).not.toMatch(/<a href="javascript/);
  });

  it("drops placeholders that are unknown, unpaired or crossed instead of guessing", () => {
    const markdown = renderTranslatedMarkdown([
      {
        block: 0,
        blockKind: "paragraph",
        text: "{1}a{2}b{/1}c{/2} {3}d {9/}",
        markup: [
          { id: 1, kind: "em" },
          { id: 2, kind: "strong" },
          { id: 3, kind: "em" },
        ],
      },
    ]);
    // {1} is crossed by {2} and {3} never closes: only the proper pair {2}…{/2} stays markup.
    expect(markdown).toBe("a**bc** d");
  });
});
