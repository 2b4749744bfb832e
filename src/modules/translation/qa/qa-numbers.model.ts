/**
 * Numbers as readers understand them, whatever the script: Arabic-Indic (٠–٩), Extended
 * Arabic-Indic (۰–۹) and Latin digits are the same digits, and the usual grouping and decimal
 * separators (1,000 / 1.000 / 1 000 / ١٬٠٠٠ and 3.5 / 3,5 / ٣٫٥) give the same value.
 */

/** Languages that group thousands with a plain space ("1 000"). */
const SPACE_GROUPING = new Set(["ru", "uk", "be", "kk", "fr", "pl", "cs", "sk", "bg", "sv", "nb", "fi"]);
const URL = /https?:\/\/\S+/giu;
const GROUP_SEPARATORS = new Set([",", ".", "٬", "'", "’", "\u00A0", "\u202F", "\u2009", " "]);

function latinDigits(text: string): string {
  return text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

function primaryLanguage(lang: string): string {
  return lang.toLowerCase().split(/[-_]/)[0] ?? "";
}

function canonical(integer: string, fraction: string): string {
  const int = integer.replace(/^0+(?=\d)/, "");
  const frac = fraction.replace(/0+$/, "");
  return frac === "" ? int : `${int}.${frac}`;
}

/** Whether groups after the first are all exactly three digits and the first has one to three. */
function isThousands(groups: string[]): boolean {
  const [first, ...rest] = groups;
  return first !== undefined && first.length <= 3 && rest.length > 0 && rest.every((g) => g.length === 3);
}

/** Reads one run of digit groups; returns one value, or several when it is a list or a date. */
function readNumber(groups: string[], separators: string[]): string[] {
  if (separators.length === 0) {
    return [canonical(groups[0] ?? "", "")];
  }
  const arabicDecimal = separators.indexOf("٫");
  if (arabicDecimal !== -1 && separators.lastIndexOf("٫") === arabicDecimal) {
    return [canonical(groups.slice(0, arabicDecimal + 1).join(""), groups.slice(arabicDecimal + 1).join(""))];
  }
  const uniform = separators.every((s) => s === separators[0]);
  if (uniform && isThousands(groups)) {
    return [canonical(groups.join(""), "")];
  }
  const last = separators[separators.length - 1] ?? "";
  const head = groups.slice(0, -1);
  const headSeparators = separators.slice(0, -1);
  const headUniform = headSeparators.every((s) => s === headSeparators[0] && s !== last);
  if ((last === "." || last === ",") && (head.length === 1 || (headUniform && isThousands(head)))) {
    return [canonical(head.join(""), groups[groups.length - 1] ?? "")];
  }
  return groups.map((g) => canonical(g, ""));
}

/**
 * The numbers of a plain text in canonical form ("1000", "3.5"), leaving out digits inside
 * bare URLs (those are compared as URLs). Linear in the text length.
 */
export function extractNumbers(text: string, lang: string): string[] {
  const spaces = SPACE_GROUPING.has(primaryLanguage(lang));
  const prepared = latinDigits(text.replace(URL, " "));
  const numbers: string[] = [];
  let i = 0;
  while (i < prepared.length) {
    if (!/[0-9]/.test(prepared[i] ?? "")) {
      i += 1;
      continue;
    }
    const groups: string[] = [];
    const separators: string[] = [];
    let group = "";
    while (i < prepared.length) {
      const ch = prepared[i] ?? "";
      if (/[0-9]/.test(ch)) {
        group += ch;
        i += 1;
        continue;
      }
      const separator = ch === "٫" || (GROUP_SEPARATORS.has(ch) && (ch !== " " || spaces));
      if (separator && /[0-9]/.test(prepared[i + 1] ?? "")) {
        groups.push(group);
        separators.push(ch);
        group = "";
        i += 1;
        continue;
      }
      break;
    }
    groups.push(group);
    numbers.push(...readNumber(groups, separators));
  }
  return numbers;
}

/** Items of `a` not matched by an equal item of `b`, counting repeats. */
export function multisetMinus(a: string[], b: string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of b) {
    counts.set(item, (counts.get(item) ?? 0) + 1);
  }
  const out: string[] = [];
  for (const item of a) {
    const left = counts.get(item) ?? 0;
    if (left > 0) {
      counts.set(item, left - 1);
    } else {
      out.push(item);
    }
  }
  return out;
}
