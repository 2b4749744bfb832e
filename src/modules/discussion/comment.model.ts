import { hasRole, type Role } from "../accounts/account.model";

/** Deepest level of a thread: top-level comments are depth 0, so replies go two levels down. */
export const MAX_DEPTH = 2;
/** Longest comment body, in characters. */
export const MAX_BODY_CHARS = 5000;
/** How long an author may edit a comment after posting it. */
export const EDIT_WINDOW_MINUTES = 15;
/** Links an account that is not yet trusted may put in one comment. */
export const NEW_ACCOUNT_LINK_LIMIT = 1;
/** Same text posted again within this window counts as a duplicate. */
export const DUPLICATE_WINDOW_HOURS = 24;

export const COMMENT_STATUSES = ["pending", "published", "hidden", "removed", "deleted"] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** Why a comment waits in the queue instead of appearing at once. */
export const HOLD_REASONS = ["new_account", "premoderated", "duplicate", "wordlist", "doxxing"] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export const REPORT_CATEGORIES = ["abuse", "harassment", "doxxing", "spam", "disinformation", "other"] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** Public reasons a moderator gives when hiding a comment; shown in place of the comment. */
export const HIDE_REASONS = ["abuse", "harassment", "spam", "disinformation", "off_topic", "other"] as const;
export type HideReason = (typeof HIDE_REASONS)[number];

export const DISCUSSION_MODES = ["open", "premoderated", "closed"] as const;
export type DiscussionMode = (typeof DISCUSSION_MODES)[number];

export const MODERATION_ACTIONS = ["approve", "hide", "delete", "warn", "suspend"] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const SUSPEND_DAYS = [1, 7, 30, 365] as const;

/** Moderators are editors and admins: they see the queue and the audit log and act on comments. */
export function isModerator(viewer: { role: Role } | null): boolean {
  return hasRole(viewer, "editor");
}

/**
 * Trusted accounts post without pre-moderation: translators and above (vetted by an operator),
 * and readers with at least `threshold` published comments and no warning.
 */
export function isTrusted(account: { role: Role; publishedComments: number; warnings: number }, threshold: number): boolean {
  if (hasRole(account, "translator")) {
    return true;
  }
  return account.warnings === 0 && account.publishedComments >= threshold;
}

/** Arabic-Indic and Persian digits as ASCII digits, so number rules see one alphabet. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

const SORANI = /[\u0695\u06b5\u06c6\u06ce\u06d5]/u;
const PERSIAN = /[\u067e\u0686\u0698\u06af\u06a9\u06cc]/u;

/**
 * The language a comment is probably written in, from its script: Arabic script is Arabic unless
 * letters only Sorani uses appear (ckb) or Persian letters do (fa); Cyrillic is Russian; Syriac is
 * Syriac; Latin is English unless letters of another Latin-script language stand out. A guess
 * only: the writer can correct it, and `fallback` is used when the text has no letters.
 */
export function detectLang(text: string, fallback = "en"): string {
  const counts = { arabic: 0, cyrillic: 0, latin: 0, syriac: 0 };
  for (const ch of text) {
    if (/[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/u.test(ch) && /\p{L}/u.test(ch)) {
      counts.arabic++;
    } else if (/\p{Script=Cyrillic}/u.test(ch)) {
      counts.cyrillic++;
    } else if (/\p{Script=Syriac}/u.test(ch) && /\p{L}/u.test(ch)) {
      counts.syriac++;
    } else if (/\p{Script=Latin}/u.test(ch)) {
      counts.latin++;
    }
  }
  const best = (Object.entries(counts) as Array<[keyof typeof counts, number]>).sort((a, b) => b[1] - a[1])[0];
  if (!best || best[1] === 0) {
    return fallback;
  }
  switch (best[0]) {
    case "arabic":
      return SORANI.test(text) ? "ckb" : PERSIAN.test(text) ? "fa" : "ar";
    case "cyrillic":
      return "ru";
    case "syriac":
      return "syc";
    case "latin":
      return latinLang(text.toLowerCase());
  }
}

/** Letters that set a Latin-script language apart from English; English when none stands out. */
function latinLang(t: string): string {
  if (/[ğı]/u.test(t)) {
    return "tr";
  }
  if (/[ñ¿¡]/u.test(t)) {
    return "es";
  }
  if (/[ßäö]/u.test(t) || (/ü/u.test(t) && !/[şç]/u.test(t))) {
    return "de";
  }
  if (/[êîû]/u.test(t) && /[şç]/u.test(t)) {
    return "kmr";
  }
  if (/[éèàùâœç]/u.test(t)) {
    return "fr";
  }
  if (/ş/u.test(t)) {
    return "tr";
  }
  return "en";
}

/** Comment text reduced for duplicate detection: letters and digits only, lower case. */
export function normaliseForDuplicates(body: string): string {
  return asciiDigits(body)
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u064b-\u065f\u0670\u0640]/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Links in a Markdown body: Markdown links and bare web addresses. */
export function countLinks(body: string): number {
  const markdown = body.match(/\]\([^)]*\)/g)?.length ?? 0;
  const bare = body.replace(/\]\([^)]*\)/g, "]").match(/\b(https?:\/\/|www\.)\S+/gi)?.length ?? 0;
  return markdown + bare;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+/u;
// Decimal coordinates ("33.5138, 36.2765"), with decimal commas ("36,2021, 37,1343" — four decimals
// or more, so "1,500, 2,000" stays a list of counts), or one value with a hemisphere ("36,2021 N",
// "36.2021° с. ш.", "36.2021 شمالاً"), or degrees-minutes ("33°30'N").
const DECIMAL_COORDS = /[-+]?\d{1,3}\.\d{3,}\s*[,;/ ]\s*[-+]?\d{1,3}\.\d{3,}/;
const COMMA_COORDS = /(?<![\d.,])[-+]?\d{1,3},\d{4,}(?:\s*[,;/]\s*|\s+)[-+]?\d{1,3},\d{4,}(?![\d])/;
const HEMISPHERE_COORD =
  /(?<![\d.,])\d{1,3}[.,]\d{3,}\s*°?\s*(?:[NSEW](?![\p{L}\p{N}])|[сю]\.?\s*ш\.?(?!\p{L})|[вз]\.?\s*д\.?(?!\p{L})|(?:شمال|جنوب|شرق|غرب))/u;
const DMS_COORDS = /\d{1,3}\s*°\s*\d{1,2}\s*['′]/;
const ALL_COORDS = new RegExp([DECIMAL_COORDS, COMMA_COORDS, HEMISPHERE_COORD].map((r) => r.source).join("|"), "gu");
// Eight or more digits, optionally led by + and split by spaces, dots, dashes or brackets.
const PHONE = /(?:\+|00)?\d(?:[\s.\-()]{0,2}\d){7,}/;
// Dates (12.03.2024, 2024-03-12) and year ranges (2011-2024) have eight digits too: not phones.
const DATES =
  /(?<![\d.\-/])(?:(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|1[0-2])\1(?:19|20)\d{2}|(?:19|20)\d{2}([./-])(?:0?[1-9]|1[0-2])\2(?:0?[1-9]|[12]\d|3[01])|(?:19|20)\d{2}\s*[-/]\s*(?:19|20)\d{2})(?![\d.\-/])/g;

const digitValues = new Map<string, string>();

/** The value of a decimal digit of any script: Unicode keeps each script's 0–9 in a run of ten. */
function digitValue(d: string): string {
  let v = digitValues.get(d);
  if (v === undefined) {
    let cp = d.codePointAt(0) ?? 0;
    let steps = 0;
    while (cp > 0 && /\p{Nd}/u.test(String.fromCodePoint(cp - 1))) {
      cp--;
      steps++;
    }
    v = String(steps % 10);
    digitValues.set(d, v);
  }
  return v;
}

/**
 * A comment as the doxxing guard reads it (never stored): compatibility forms folded (NFKC turns
 * full-width digits, letters, "＋" and "＠" into ASCII), digits of every script as ASCII digits
 * (Arabic-Indic, Persian…), and the Arabic decimal separator, thousands separator and comma as
 * ".", "," and ",".
 */
export function guardText(body: string): string {
  return body
    .normalize("NFKC")
    .replace(/[^\x00-\x7f]/gu, (ch) => (/\p{Nd}/u.test(ch) ? digitValue(ch) : ch))
    .replace(/\u066b/g, ".")
    .replace(/[\u066c\u060c]/g, ",");
}

/** What a doxxing guard found: the kinds of personal data, never the data itself. */
export type PersonalDataKind = "email" | "coordinates" | "phone";

/**
 * Phone numbers, map coordinates and email addresses in a comment, in any digits. Comments that
 * contain them are held for review: they may expose where someone lives or how to reach them.
 */
export function findPersonalData(body: string): PersonalDataKind[] {
  const text = guardText(body);
  const found: PersonalDataKind[] = [];
  if (EMAIL.test(text)) {
    found.push("email");
  }
  if (DECIMAL_COORDS.test(text) || COMMA_COORDS.test(text) || HEMISPHERE_COORD.test(text) || DMS_COORDS.test(text)) {
    found.push("coordinates");
  }
  // Dates and years are short; eight digits or more in a row with separators look like a phone.
  if (PHONE.test(text.replace(ALL_COORDS, " ").replace(DATES, " "))) {
    found.push("phone");
  }
  return found;
}

/** Parses an admin's word list: one word or phrase a line, blank lines and `#` comments ignored. */
export function parseWordList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => normaliseForDuplicates(line.replace(/#.*$/, "")))
    .filter((line) => line !== "");
}

/** True when a listed word or phrase appears as whole words in the body. */
export function matchesWordList(body: string, words: string[]): boolean {
  if (words.length === 0) {
    return false;
  }
  const padded = ` ${normaliseForDuplicates(body)} `;
  return words.some((w) => padded.includes(` ${w} `));
}

/** Checks run on every new or edited comment; each finding holds the comment for review. */
export function holdReasons(input: {
  body: string;
  trusted: boolean;
  mode: DiscussionMode;
  exemptFromPremoderation: boolean;
  duplicateByOthers: boolean;
  words: string[];
}): HoldReason[] {
  const reasons: HoldReason[] = [];
  if (!input.trusted) {
    reasons.push("new_account");
  }
  if (input.mode === "premoderated" && !input.exemptFromPremoderation) {
    reasons.push("premoderated");
  }
  if (input.duplicateByOthers) {
    reasons.push("duplicate");
  }
  if (matchesWordList(input.body, input.words)) {
    reasons.push("wordlist");
  }
  if (findPersonalData(input.body).length > 0) {
    reasons.push("doxxing");
  }
  return reasons;
}

/** Whether the author may still edit: their own, still visible or waiting, within the window. */
export function canEditComment(comment: { authorId: string | null; status: string; createdAt: string }, viewerId: string, now: Date): boolean {
  if (comment.authorId !== viewerId || (comment.status !== "published" && comment.status !== "pending")) {
    return false;
  }
  return now.getTime() - new Date(comment.createdAt).getTime() <= EDIT_WINDOW_MINUTES * 60_000;
}

/** A comment with text that readers may see (hidden, removed and deleted ones show a placeholder). */
export function isGone(status: string): boolean {
  return status === "removed" || status === "deleted";
}
