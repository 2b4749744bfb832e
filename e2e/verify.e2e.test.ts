// The "verify in your browser" button of a statement page (public/verify.js) in Debian's Chromium:
// a real `sada serve` signs and logs an Arabic statement and a revision; the page checks hashes,
// the chain, signatures, the signed checkpoint and the inclusion proofs with WebCrypto alone.
// Tampered documents are served with page.route in place of the signed JSON and must fail the
// matching line; signatures in the sshsig and minisign formats are made here with node:crypto
// and cross-checked with the server's own verifiers, so the browser port agrees with them.
import { Buffer } from "node:buffer";
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./browser";
import { startSada, type RunningSada } from "./server";
import type { SignedStatement } from "../src/modules/provenance/bundle.queries";
import { hashLeaf, inclusionProofFromLeaves, rootOf } from "../src/modules/provenance/merkle";
import { canonicalJson, type CanonicalValue } from "../src/platform/canonical-json";
import {
  fingerprint,
  formatCheckpoint,
  generateKeyPair,
  sign,
  signNote,
  verifierKey,
  verifyMinisign,
  verifySshSignature,
} from "../src/modules/provenance/signing";
import { apiPost, publishingCouncil, publishTranslationWithForms, waitFor } from "./fixtures";

let sada: RunningSada;
let browser: Browser;
let context: BrowserContext;
let statementId = "";
let signedPath = "";
/** The real signed document, once every revision is in a checkpoint. */
let original: SignedStatement;
const foreignRequests: string[] = [];
const consoleErrors: string[] = [];

type Line = { check: string; ok: string; text: string };

async function fetchSigned(): Promise<SignedStatement> {
  const res = await fetch(`${sada.baseUrl}${signedPath}`);
  expect(res.status).toBe(200);
  return (await res.json()) as SignedStatement;
}

/** A deep copy of the real document to tamper with. */
const copy = (): SignedStatement => structuredClone(original);

/** Flips the lowest bit of the first byte of a base64 value. */
function flipBase64(b64: string): string {
  const bytes = Buffer.from(b64, "base64");
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString("base64");
}

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.on("console", (m) => (m.type() === "error" ? consoleErrors.push(m.text()) : undefined));
  return page;
}

/**
 * Opens the Arabic statement page, serving `bundle` instead of the real signed JSON when given
 * (a string is served as is), clicks the button and returns the state and the result lines.
 */
async function verifyInPage(bundle?: SignedStatement | string): Promise<{ state: string; summary: string; lines: Line[]; page: Page }> {
  const page = await newPage();
  if (bundle !== undefined) {
    await page.route(`**${signedPath}`, (route) =>
      route.fulfill({ status: 200, contentType: "application/json", body: typeof bundle === "string" ? bundle : JSON.stringify(bundle) }),
    );
  }
  await page.goto(`${sada.baseUrl}/ar/statements/${statementId}`);
  await page.click("#provenance [data-verify]");
  await page.waitForSelector("[data-verify-result][data-state]", { timeout: 20_000 });
  const state = (await page.getAttribute("[data-verify-result]", "data-state")) ?? "";
  const summary = (await page.textContent("[data-verify-result] .verify-summary")) ?? "";
  const lines = await page.$$eval("[data-verify-result] li", (items) =>
    items.map((li) => ({ check: li.getAttribute("data-check") ?? "", ok: li.getAttribute("data-ok") ?? "", text: li.textContent ?? "" })),
  );
  return { state, summary, lines, page };
}

/** The line of a kind for revision n (lines name their revision in the text). */
function lineOf(lines: Line[], check: string, n: number): Line {
  const found = lines.filter((l) => l.check === check).find((l) => l.text.includes(`${n}:`));
  if (!found) {
    throw new Error(`no ${check} line for revision ${n} in ${JSON.stringify(lines)}`);
  }
  return found;
}

const oks = (lines: Line[], check: string): string[] => lines.filter((l) => l.check === check).map((l) => l.ok);

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");
const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

type Entry = Record<string, CanonicalValue>;

/**
 * The document moved to a log of our own, so that a test can choose the exact entries and still
 * give valid inclusion proofs: a new instance key (listed in place of the real one, re-signing the
 * translations) signs a checkpoint of a tree holding one entry per revision and translation, each
 * naming what the document holds. `edit` may change an entry, or return its exact text.
 */
function relog(bundle: SignedStatement, edit: (entry: Entry, kind: "revision" | "translation", n: number) => string | void = () => undefined): SignedStatement {
  const b = structuredClone(bundle);
  const origin = b.log_key.split("+")[0] ?? "";
  const pair = generateKeyPair();
  const fp = fingerprint(pair.publicKey);
  const instance = b.keys.find((k) => k.owner === "instance" && k.fingerprint === b.translations[0]?.signature.key);
  if (!instance) {
    throw new Error("no instance key");
  }
  Object.assign(instance, { fingerprint: fp, public_key: b64(pair.publicKey) });
  const items = [
    ...b.revisions.map((r) => ({
      holder: r,
      kind: "revision" as const,
      n: r.number,
      entry: { ...(JSON.parse(r.log?.entry ?? "{}") as Entry), hash: sha256Hex(r.canonical), key: r.signature?.key ?? "" },
    })),
    ...b.translations.map((t) => {
      t.signature = { format: "ed25519", key: fp, value: b64(sign(pair.privateKey, Buffer.from(t.canonical))) };
      const source = (JSON.parse(t.canonical) as { source_hash: string }).source_hash;
      return { holder: t, kind: "translation" as const, n: t.number, entry: { ...(JSON.parse(t.log?.entry ?? "{}") as Entry), hash: t.hash, key: fp, source } };
    }),
  ];
  const texts = items.map((it) => edit(it.entry, it.kind, it.n) ?? canonicalJson(it.entry));
  const leaves = texts.map((text) => hashLeaf(Buffer.from(text)));
  const body = formatCheckpoint({ origin, size: leaves.length, rootHash: rootOf(leaves), extensions: [`timestamp ${new Date().toISOString()}`] });
  b.checkpoint = signNote(body, origin, pair.privateKey, pair.publicKey);
  b.log_key = verifierKey(origin, pair.publicKey);
  items.forEach((it, i) => {
    it.holder.log = { entry: texts[i] ?? "", index: i, tree_size: leaves.length, inclusion_path: inclusionProofFromLeaves(i, leaves).map(b64) };
  });
  return b;
}

/** The group's key replaced by a new one of ours, which signs every revision's canonical text as it now is (Ed25519). */
function ownGroupKey(bundle: SignedStatement): SignedStatement {
  const b = structuredClone(bundle);
  const pair = generateKeyPair();
  const fp = fingerprint(pair.publicKey);
  const key = b.keys.find((k) => k.fingerprint === b.revisions[0]?.signature?.key);
  if (!key) {
    throw new Error("no group key");
  }
  Object.assign(key, { fingerprint: fp, public_key: b64(pair.publicKey) });
  for (const r of b.revisions) {
    r.hash = sha256Hex(r.canonical);
    r.signature = { format: "ed25519", key: fp, value: b64(sign(pair.privateKey, Buffer.from(r.canonical))) };
  }
  return b;
}

beforeAll(async () => {
  sada = await startSada({ env: { SADA_CHECKPOINT_SECONDS: "0" } });
  browser = await launchChromium();
  context = await browser.newContext({ locale: "ar" });
  context.on("request", (r) => {
    if (!r.url().startsWith(sada.baseUrl) && !r.url().startsWith("data:")) {
      foreignRequests.push(r.url());
    }
  });
  // A vouched group publishes an Arabic statement through the API, then revises it once.
  const publisher = await publishingCouncil(sada, "douma-council");
  const s = await apiPost(sada, "/groups/douma-council/statements", publisher, { kind: "appeal", lang: "ar", title: "نداء", body: "وصلت ٣ شاحنات إلى دوما." });
  expect(s.status).toBe(201);
  statementId = ((await s.json()) as { statement: { id: string } }).statement.id;
  signedPath = `/api/v1/statements/${statementId}/signed`;
  const r = await apiPost(
    sada,
    `/statements/${statementId}/revisions`,
    publisher,
    { title: "نداء", body: "وصلت ٤ شاحنات إلى دوما.\n\nشكراً لكم." },
    { "if-match": s.headers.get("etag") ?? "" },
  );
  expect(r.status, await r.clone().text()).toBe(201);

  await publishTranslationWithForms(browser, sada, statementId, "en", ["Appeal", "4 trucks arrived in Douma.", "Thank you."]);

  // With SADA_CHECKPOINT_SECONDS=0 a checkpoint follows every append: wait until it covers both revisions and the translation.
  original = await waitFor(async () => {
    const bundle = await fetchSigned();
    const logged = [...bundle.revisions, ...bundle.translations].every((x) => x.log !== null);
    return bundle.revisions.length === 2 && bundle.translations.length === 1 && logged ? bundle : null;
  }, 30_000);
  const checkpoint = await fetch(`${sada.baseUrl}/log/v1/checkpoint`);
  expect(checkpoint.status).toBe(200);
  const size = Number((await checkpoint.text()).split("\n")[1]);
  expect(size).toBeGreaterThanOrEqual(original.revisions[1]?.log?.tree_size ?? Infinity);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sada?.stop();
});

describe("verifying a statement in the browser", () => {
  it("finds the real document valid: hashes, chain, signatures, checkpoint and inclusion, in the page's language", async () => {
    expect(original.revisions).toHaveLength(2);
    expect(original.revisions.every((r) => r.signature?.format === "ed25519")).toBe(true);
    const { state, summary, lines, page } = await verifyInPage();
    expect(state).toBe("valid");
    expect(summary).toBe(await page.getAttribute("#provenance", "data-msg-valid"));
    expect(oks(lines, "hash")).toEqual(["true", "true"]);
    expect(oks(lines, "chain")).toEqual(["true", "true"]);
    expect(oks(lines, "signature")).toEqual(["true", "true"]);
    expect(oks(lines, "checkpoint")).toEqual(["true"]);
    expect(oks(lines, "inclusion")).toEqual(["true", "true"]);
    expect(oks(lines, "translation")).toEqual(["true"]);
    expect(lines.find((l) => l.check === "translation")?.text).toContain("en");
    expect(lines.every((l) => l.ok === "true")).toBe(true);
    // The messages are the panel's Arabic ones, filled in: the key's fingerprint, the entry index.
    const groupKey = original.revisions[0]?.signature?.key ?? "";
    expect(lineOf(lines, "signature", 1).text).toContain(groupKey);
    expect(lineOf(lines, "signature", 1).text).toContain("المراجعة");
    expect(lineOf(lines, "inclusion", 2).text).toContain(String(original.revisions[1]?.log?.index));
    expect(lines.find((l) => l.check === "checkpoint")?.text).toContain(String(original.revisions[1]?.log?.tree_size));
    expect(await page.locator("[data-verify-result] li").first().textContent()).toMatch(/^✓/);
    await page.close();
  });

  it("fails the hash (and signature) line of a revision whose canonical text was altered", async () => {
    const bundle = copy();
    const r1 = bundle.revisions[0];
    if (!r1) {
      throw new Error("no revision 1");
    }
    r1.canonical = r1.canonical.replace("٣", "٩");
    expect(r1.canonical).not.toBe(original.revisions[0]?.canonical);
    const { state, summary, lines, page } = await verifyInPage(bundle);
    expect(state).toBe("invalid");
    expect(summary).toBe(await page.getAttribute("#provenance", "data-msg-invalid"));
    expect(lineOf(lines, "hash", 1).ok).toBe("false");
    expect(lineOf(lines, "signature", 1).ok).toBe("false");
    expect(lineOf(lines, "hash", 2).ok).toBe("true");
    expect(lineOf(lines, "signature", 2).ok).toBe("true");
    expect(await page.locator("[data-verify-result] li[data-ok=false]").first().textContent()).toMatch(/^✗/);
    await page.close();
  });

  it("fails signature, chain and inclusion when the altered text comes with its recomputed hash", async () => {
    const bundle = copy();
    const r1 = bundle.revisions[0];
    if (!r1) {
      throw new Error("no revision 1");
    }
    r1.canonical = r1.canonical.replace("٣", "٩");
    r1.hash = createHash("sha256").update(r1.canonical).digest("hex");
    const { state, lines } = await verifyInPage(bundle);
    expect(state).toBe("invalid");
    expect(lineOf(lines, "hash", 1).ok).toBe("true");
    expect(lineOf(lines, "signature", 1).ok).toBe("false");
    expect(lineOf(lines, "chain", 2).ok).toBe("false");
    expect(lineOf(lines, "inclusion", 1).ok).toBe("false");
  });

  it("fails the signature line of an altered signature, and of a key revoked before the revision", async () => {
    const altered = copy();
    const sig = altered.revisions[1]?.signature;
    if (!sig) {
      throw new Error("no signature");
    }
    sig.value = flipBase64(sig.value);
    const first = await verifyInPage(altered);
    expect(first.state).toBe("invalid");
    expect(lineOf(first.lines, "signature", 2).ok).toBe("false");
    expect(lineOf(first.lines, "signature", 1).ok).toBe("true");
    expect(lineOf(first.lines, "hash", 2).ok).toBe("true");

    const revoked = copy();
    const key = revoked.keys.find((k) => k.fingerprint === revoked.revisions[0]?.signature?.key);
    if (!key) {
      throw new Error("no group key");
    }
    key.status = "revoked";
    key.revoked_at = "2000-01-01T00:00:00.000Z";
    const second = await verifyInPage(revoked);
    expect(second.state).toBe("invalid");
    expect(oks(second.lines, "signature")).toEqual(["false", "false"]);

    // Another key under the group key's fingerprint: the recomputed fingerprint gives it away.
    const swapped = copy();
    const swappedKey = swapped.keys.find((k) => k.fingerprint === swapped.revisions[0]?.signature?.key);
    if (!swappedKey) {
      throw new Error("no group key");
    }
    swappedKey.public_key = Buffer.from(generateKeyPair().publicKey).toString("base64");
    const third = await verifyInPage(swapped);
    expect(third.state).toBe("invalid");
    expect(oks(third.lines, "signature")).toEqual(["false", "false"]);
  });

  it("fails the inclusion line of an altered inclusion path, index or tree size", async () => {
    const bundle = copy();
    const log = bundle.revisions[0]?.log;
    if (!log) {
      throw new Error("no log proof");
    }
    expect(log.inclusion_path.length).toBeGreaterThan(0);
    log.inclusion_path[0] = flipBase64(log.inclusion_path[0] ?? "");
    const first = await verifyInPage(bundle);
    expect(first.state).toBe("invalid");
    expect(lineOf(first.lines, "inclusion", 1).ok).toBe("false");
    expect(lineOf(first.lines, "inclusion", 2).ok).toBe("true");
    expect(oks(first.lines, "checkpoint")).toEqual(["true"]);

    const moved = copy();
    const log2 = moved.revisions[1]?.log;
    if (!log2) {
      throw new Error("no log proof");
    }
    log2.index = log2.index === 0 ? 1 : log2.index - 1;
    const second = await verifyInPage(moved);
    expect(second.state).toBe("invalid");
    expect(lineOf(second.lines, "inclusion", 2).ok).toBe("false");

    // An entry that names another revision's hash, with a valid proof for it, proves nothing here.
    const otherEntry = copy();
    const [a, b] = otherEntry.revisions;
    if (!a?.log || !b?.log) {
      throw new Error("no log proofs");
    }
    a.log = { ...b.log };
    const third = await verifyInPage(otherEntry);
    expect(third.state).toBe("invalid");
    expect(lineOf(third.lines, "inclusion", 1).ok).toBe("false");
    expect(lineOf(third.lines, "inclusion", 2).ok).toBe("true");
  });

  it("fails the checkpoint line of an altered checkpoint root or signature, and inclusion with it", async () => {
    const rootChanged = copy();
    const note = rootChanged.checkpoint ?? "";
    const lines = note.split("\n");
    lines[2] = flipBase64(lines[2] ?? "");
    rootChanged.checkpoint = lines.join("\n");
    const first = await verifyInPage(rootChanged);
    expect(first.state).toBe("invalid");
    expect(oks(first.lines, "checkpoint")).toEqual(["false"]);
    expect(oks(first.lines, "inclusion")).toEqual(["false", "false"]);
    expect(oks(first.lines, "signature")).toEqual(["true", "true"]);

    const sigChanged = copy();
    const sigLines = (sigChanged.checkpoint ?? "").split("\n");
    const last = sigLines.findIndex((l) => l.startsWith("\u2014 "));
    const [dash, name, value] = (sigLines[last] ?? "").split(" ");
    const sig = Buffer.from(value ?? "", "base64");
    sig[sig.length - 1] = (sig[sig.length - 1] ?? 0) ^ 1;
    sigLines[last] = `${dash} ${name} ${sig.toString("base64")}`;
    sigChanged.checkpoint = sigLines.join("\n");
    const second = await verifyInPage(sigChanged);
    expect(second.state).toBe("invalid");
    expect(oks(second.lines, "checkpoint")).toEqual(["false"]);

    // A checkpoint signed by someone else's key (a log key that is not the instance's) does not count either.
    const otherLog = copy();
    const pair = generateKeyPair();
    otherLog.log_key = verifierKey(otherLog.log_key.split("+")[0] ?? "", pair.publicKey);
    const third = await verifyInPage(otherLog);
    expect(third.state).toBe("invalid");
    expect(oks(third.lines, "checkpoint")).toEqual(["false"]);
  });

  it("fails the translation line of an altered translation, signature or inclusion proof, or a translation signed by a group key", async () => {
    const tamper = async (change: (t: SignedStatement["translations"][number], bundle: SignedStatement) => void): Promise<string[]> => {
      const bundle = copy();
      const t = bundle.translations[0];
      if (!t) {
        throw new Error("no translation");
      }
      change(t, bundle);
      const { state, lines } = await verifyInPage(bundle);
      expect(state).toBe("invalid");
      expect(oks(lines, "hash")).toEqual(["true", "true"]);
      return oks(lines, "translation");
    };
    expect(await tamper((t) => (t.canonical = t.canonical.replace("Thank you.", "Thanks.")))).toEqual(["false"]);
    expect(
      await tamper((t) => {
        t.canonical = t.canonical.replace("Thank you.", "Thanks.");
        t.hash = createHash("sha256").update(t.canonical).digest("hex");
      }),
    ).toEqual(["false"]);
    expect(await tamper((t) => (t.signature.value = flipBase64(t.signature.value)))).toEqual(["false"]);
    expect(await tamper((t) => (t.log ? (t.log.inclusion_path[0] = flipBase64(t.log.inclusion_path[0] ?? "")) : undefined))).toEqual(["false"]);
    // A group key may sign its own statements, not translations: only the log's instance key may.
    const pair = generateKeyPair();
    expect(
      await tamper((t, bundle) => {
        const fp = fingerprint(pair.publicKey);
        bundle.keys.push({
          ...(bundle.keys.find((k) => k.owner === "group") as SignedStatement["keys"][number]),
          fingerprint: fp,
          public_key: Buffer.from(pair.publicKey).toString("base64"),
        });
        t.signature = { format: "ed25519", key: fp, value: Buffer.from(sign(pair.privateKey, Buffer.from(t.canonical))).toString("base64") };
      }),
    ).toEqual(["false"]);
  });

  it("shows a revision or translation not yet in a checkpoint as a neutral waiting line, not a failure, and the result as partial", async () => {
    const bundle = copy();
    const [r2, t] = [bundle.revisions[1], bundle.translations[0]];
    if (!r2 || !t) {
      throw new Error("no revision 2 or translation");
    }
    r2.log = null;
    t.log = null;
    // Nothing failed, but not everything could be checked: "partly checked", not "valid".
    const { state, summary, lines, page } = await verifyInPage(bundle);
    expect(state).toBe("partial");
    expect(summary).toBe(await page.getAttribute("#provenance", "data-msg-partial"));
    expect(summary).not.toBe(await page.getAttribute("#provenance", "data-msg-valid"));
    expect(oks(lines, "inclusion")).toEqual(["true"]);
    expect(oks(lines, "waiting")).toEqual(["neutral"]);
    expect(oks(lines, "translation")).toEqual(["neutral"]);
    // Waiting is no excuse for a bad signature.
    const forged = structuredClone(bundle);
    const sig = forged.translations[0]?.signature;
    if (sig) {
      sig.value = flipBase64(sig.value);
    }
    const second = await verifyInPage(forged);
    expect(second.state).toBe("invalid");
    expect(oks(second.lines, "translation")).toEqual(["false"]);
  });

  it("fails the checkpoint line when the document has no signed checkpoint: there is nothing to check the log against", async () => {
    const bundle = copy();
    bundle.checkpoint = null;
    for (const x of [...bundle.revisions, ...bundle.translations]) {
      x.log = null;
    }
    const { state, summary, lines, page } = await verifyInPage(bundle);
    expect(state).toBe("invalid");
    expect(oks(lines, "checkpoint")).toEqual(["false"]);
    expect(lines.find((l) => l.check === "checkpoint")?.text).toBe(`✗ ${(await page.getAttribute("#provenance", "data-msg-no-checkpoint")) ?? "?"}`);
    expect(summary).toBe(await page.getAttribute("#provenance", "data-msg-invalid"));
    expect(oks(lines, "signature")).toEqual(["true", "true"]);
    await page.close();
  });

  it("fails a signature by a key after it was replaced, and one by a key with any revoked listing", async () => {
    const replaced = copy();
    const key = replaced.keys.find((k) => k.fingerprint === replaced.revisions[0]?.signature?.key);
    if (!key) {
      throw new Error("no group key");
    }
    Object.assign(key, { status: "rotated", retired_at: "2000-01-01T00:00:00.000Z" });
    expect(oks((await verifyInPage(replaced)).lines, "signature")).toEqual(["false", "false"]);
    // Listed again, current: the old listing does not count against it.
    replaced.keys.push({ ...key, status: "active", retired_at: null });
    const relisted = await verifyInPage(replaced);
    expect(relisted.state).toBe("valid");

    // Listed twice, one listing revoked before the revisions: revoked, whichever listing comes first.
    const twice = copy();
    const listing = twice.keys.find((k) => k.fingerprint === twice.revisions[0]?.signature?.key);
    if (!listing) {
      throw new Error("no group key");
    }
    twice.keys.push({ ...listing, status: "revoked", revoked_at: "2000-01-01T00:00:00.000Z", revoked_reason: "stolen" });
    const revoked = await verifyInPage(twice);
    expect(revoked.state).toBe("invalid");
    expect(oks(revoked.lines, "signature")).toEqual(["false", "false"]);
  });

  it("compares each log entry's group and key with the revision and its signature, and wants entries in canonical form", async () => {
    // The helper's own log, unchanged: everything verifies.
    expect((await verifyInPage(relog(copy()))).state).toBe("valid");
    const tamper = async (edit: Parameters<typeof relog>[1]): Promise<Line[]> => {
      const { state, lines } = await verifyInPage(relog(copy(), edit));
      expect(state).toBe("invalid");
      expect(oks(lines, "signature")).toEqual(["true", "true"]);
      expect(oks(lines, "checkpoint")).toEqual(["true"]);
      return lines;
    };
    let lines = await tamper((e, kind, n) => void (kind === "revision" && n === 1 ? (e.group = "zzzzzzzzzzzzzzzz") : undefined));
    expect([lineOf(lines, "inclusion", 1).ok, lineOf(lines, "inclusion", 2).ok]).toEqual(["false", "true"]);
    lines = await tamper((e, kind, n) => void (kind === "revision" && n === 2 ? (e.key = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") : undefined));
    expect([lineOf(lines, "inclusion", 1).ok, lineOf(lines, "inclusion", 2).ok]).toEqual(["true", "false"]);
    lines = await tamper((e, kind) => void (kind === "translation" ? (e.key = original.translations[0]?.signature.key ?? "") : undefined));
    expect(oks(lines, "translation")).toEqual(["false"]);
    expect(oks(lines, "inclusion")).toEqual(["true", "true"]);
    // The same entry, spelled with a space or with a key given twice: not an entry the log writes.
    for (const spell of [(t: string) => t.replace('{"at":', '{ "at":'), (t: string) => t.replace('{"at":', '{"at":"2000-01-01T00:00:00.000Z","at":')]) {
      lines = await tamper((e, kind, n) => (kind === "revision" && n === 1 ? spell(canonicalJson(e)) : undefined));
      expect([lineOf(lines, "inclusion", 1).ok, lineOf(lines, "inclusion", 2).ok]).toEqual(["false", "true"]);
    }
  });

  it("fails a revision whose canonical text is not in canonical form, even signed and logged as it is", async () => {
    const bundle = copy();
    const r2 = bundle.revisions[1];
    const t = bundle.translations[0];
    if (!r2 || !t) {
      throw new Error("no revision 2 or translation");
    }
    r2.canonical = r2.canonical.replace('{"body":', '{"body":"نص آخر","body":');
    // The translation follows the new text of revision 2, so that only the form is wrong.
    t.canonical = canonicalJson({ ...(JSON.parse(t.canonical) as Entry), source_hash: sha256Hex(r2.canonical) });
    t.hash = sha256Hex(t.canonical);
    const { state, lines } = await verifyInPage(relog(ownGroupKey(bundle)));
    expect(state).toBe("invalid");
    expect(lineOf(lines, "chain", 2).ok).toBe("false");
    expect([lineOf(lines, "hash", 2).ok, lineOf(lines, "signature", 2).ok, lineOf(lines, "inclusion", 2).ok]).toEqual(["true", "true", "true"]);
    expect(lines.filter((l) => l.ok !== "true").map((l) => l.check)).toEqual(["chain"]);
  });

  it("fails a translation whose source_hash is not the hash of the revision it names", async () => {
    // Revision 2 says something else, signed and logged as such; the translation still names the old text's hash.
    const bundle = copy();
    const r2 = bundle.revisions[1];
    if (!r2) {
      throw new Error("no revision 2");
    }
    r2.canonical = r2.canonical.replace("٤", "٥");
    expect(r2.canonical).not.toBe(original.revisions[1]?.canonical);
    const { state, lines } = await verifyInPage(relog(ownGroupKey(bundle)));
    expect(state).toBe("invalid");
    expect(lines.filter((l) => l.ok !== "true").map((l) => l.check)).toEqual(["translation"]);
  });

  it("checks OpenSSH (sshsig) and minisign signatures the way the server does", async () => {
    const pair = generateKeyPair();
    const fp = fingerprint(pair.publicKey);
    const keyId = randomBytes(8);
    const minisignPub = `untrusted comment: minisign public key\n${Buffer.concat([Buffer.from("Ed"), keyId, pair.publicKey]).toString("base64")}\n`;
    /** The document with the group's key replaced by ours, every revision signed by `signer`, and logged as such. */
    const resigned = (format: "sshsig" | "minisign", signer: (message: string) => string): SignedStatement => {
      const bundle = copy();
      const key = bundle.keys.find((k) => k.fingerprint === bundle.revisions[0]?.signature?.key);
      if (!key) {
        throw new Error("no group key");
      }
      Object.assign(key, {
        fingerprint: fp,
        public_key: Buffer.from(pair.publicKey).toString("base64"),
        registered_as: format === "minisign" ? minisignPub : null,
      });
      for (const r of bundle.revisions) {
        r.signature = { format, key: fp, value: signer(r.canonical) };
      }
      // The log entries name the key that signed: a log of our own that records this one.
      return relog(bundle);
    };

    for (const hashAlg of ["sha256", "sha512"] as const) {
      const sshsig = (m: string) => sshSign(pair.privateKey, pair.publicKey, m, hashAlg);
      const message = original.revisions[0]?.canonical ?? "";
      expect(verifySshSignature({ armored: sshsig(message), message, publicKey: pair.publicKey })).toEqual({ ok: true });
      const valid = await verifyInPage(resigned("sshsig", sshsig));
      expect(valid.state).toBe("valid");
      expect(oks(valid.lines, "signature")).toEqual(["true", "true"]);
    }
    const wrongNamespace = await verifyInPage(resigned("sshsig", (m) => sshSign(pair.privateKey, pair.publicKey, m, "sha512", "git")));
    expect(oks(wrongNamespace.lines, "signature")).toEqual(["false", "false"]);
    const sshOtherText = resigned("sshsig", (m) => sshSign(pair.privateKey, pair.publicKey, `${m} `, "sha512"));
    expect(oks((await verifyInPage(sshOtherText)).lines, "signature")).toEqual(["false", "false"]);

    // Legacy minisign ("Ed") signs the text itself: WebCrypto checks it completely.
    const legacy = (m: string) => minisignSign(pair.privateKey, keyId, m, "Ed");
    const message = original.revisions[1]?.canonical ?? "";
    expect(verifyMinisign({ signatureFile: legacy(message), message, publicKey: minisignPub }).ok).toBe(true);
    const minisignValid = await verifyInPage(resigned("minisign", legacy));
    expect(minisignValid.state).toBe("valid");
    expect(oks(minisignValid.lines, "signature")).toEqual(["true", "true"]);
    const alteredComment = (m: string) => legacy(m).replace("\ntrusted comment: ", "\ntrusted comment: x");
    expect(verifyMinisign({ signatureFile: alteredComment(message), message, publicKey: minisignPub }).ok).toBe(false);
    const badComment = resigned("minisign", alteredComment);
    expect(oks((await verifyInPage(badComment)).lines, "signature")).toEqual(["false", "false"]);

    // Default minisign ("ED") signs a BLAKE2b-512 hash, which WebCrypto lacks: a neutral line, not a failure.
    const prehashed = (m: string) => minisignSign(pair.privateKey, keyId, m, "ED");
    expect(verifyMinisign({ signatureFile: prehashed(message), message, publicKey: minisignPub }).ok).toBe(true);
    const offline = await verifyInPage(resigned("minisign", prehashed));
    expect(offline.state).toBe("partial");
    expect(offline.summary).toBe(await offline.page.getAttribute("#provenance", "data-msg-partial"));
    expect(oks(offline.lines, "signature")).toEqual([]);
    expect(oks(offline.lines, "offline")).toEqual(["neutral", "neutral"]);
    expect(offline.lines.find((l) => l.check === "offline")?.text).toBe(
      `… ${((await offline.page.getAttribute("#provenance", "data-msg-offline")) ?? "").replace("{n}", "1")}`,
    );
  }, 120_000);

  it("keeps the button hidden in a browser whose WebCrypto has no Ed25519", async () => {
    const page = await newPage();
    await page.addInitScript(() => {
      const importKey = crypto.subtle.importKey.bind(crypto.subtle);
      crypto.subtle.importKey = ((...args: Parameters<typeof importKey>) => {
        const algorithm = args[2];
        const name = typeof algorithm === "string" ? algorithm : algorithm.name;
        return name === "Ed25519" ? Promise.reject(new DOMException("Unrecognized name.", "NotSupportedError")) : importKey(...args);
      }) as typeof crypto.subtle.importKey;
    });
    await page.goto(`${sada.baseUrl}/ar/statements/${statementId}`);
    await page.waitForLoadState("load");
    await page.waitForTimeout(500);
    expect(await page.locator("#provenance [data-verify]").isVisible()).toBe(false);
    await page.close();
  });

  it("reports an error, not a verdict, when the document cannot be read", async () => {
    const notJson = await verifyInPage("<html>not json</html>");
    expect(notJson.state).toBe("error");
    expect(await notJson.page.locator("[data-verify-result] li").count()).toBe(0);
    const template = (await notJson.page.getAttribute("#provenance", "data-msg-error")) ?? "";
    expect(notJson.summary.startsWith(template.split("{reason}")[0] ?? "")).toBe(true);
    const wrongFormat = await verifyInPage(JSON.stringify({ format: "something-else/1" }));
    expect(wrongFormat.state).toBe("error");
  });

  it("without JavaScript the panel is there, the button stays hidden and the signed JSON link works", async () => {
    const noScript = await browser.newContext({ locale: "ar", javaScriptEnabled: false });
    const page = await noScript.newPage();
    await page.goto(`${sada.baseUrl}/ar/statements/${statementId}`);
    expect(await page.locator("#provenance").isVisible()).toBe(true);
    expect(await page.locator("#provenance h2").textContent()).not.toBe("");
    expect(await page.locator("#provenance [data-verify]").isVisible()).toBe(false);
    expect(await page.locator("#provenance p.verify").getAttribute("hidden")).not.toBeNull();
    const link = page.locator(`#provenance a[href="${signedPath}?download"]`);
    expect(await link.count()).toBe(1);
    const res = await page.request.get(`${sada.baseUrl}${(await link.getAttribute("href")) ?? ""}`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-disposition"]).toContain("attachment");
    expect(((await res.json()) as SignedStatement).statement).toBe(statementId);
    await noScript.close();
  });

  it("made no request to another host and logged no error", () => {
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});

// ── offline signatures made here, in the formats groups use ─────────────────

function sshString(data: Uint8Array | string): Buffer {
  const bytes = typeof data === "string" ? Buffer.from(data) : Buffer.from(data);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** What `ssh-keygen -Y sign -n NAMESPACE` writes for an Ed25519 key (PROTOCOL.sshsig). */
function sshSign(seed: Uint8Array, publicKey: Uint8Array, message: string, hashAlg: "sha256" | "sha512", namespace = "sada"): string {
  const digest = createHash(hashAlg).update(message).digest();
  const signed = Buffer.concat([Buffer.from("SSHSIG"), sshString(namespace), sshString(""), sshString(hashAlg), sshString(digest)]);
  const signature = sign(seed, signed);
  const version = Buffer.alloc(4);
  version.writeUInt32BE(1);
  const blob = Buffer.concat([
    Buffer.from("SSHSIG"),
    version,
    sshString(Buffer.concat([sshString("ssh-ed25519"), sshString(publicKey)])),
    sshString(namespace),
    sshString(""),
    sshString(hashAlg),
    sshString(Buffer.concat([sshString("ssh-ed25519"), sshString(signature)])),
  ]);
  const b64 = blob.toString("base64").match(/.{1,70}/g) ?? [];
  return `-----BEGIN SSH SIGNATURE-----\n${b64.join("\n")}\n-----END SSH SIGNATURE-----\n`;
}

/** What `minisign -S` writes: "ED" signs BLAKE2b-512(message) (the default), "Ed" the message (`-l`). */
function minisignSign(seed: Uint8Array, keyId: Uint8Array, message: string, alg: "Ed" | "ED"): string {
  const signed = alg === "ED" ? createHash("blake2b512").update(message).digest() : Buffer.from(message);
  const signature = sign(seed, signed);
  const trusted = "timestamp:1700000000\tfile:revision.json\thashed";
  const global = sign(seed, Buffer.concat([signature, Buffer.from(trusted)]));
  return [
    "untrusted comment: signature from minisign secret key",
    Buffer.concat([Buffer.from(alg), keyId, signature]).toString("base64"),
    `trusted comment: ${trusted}`,
    Buffer.from(global).toString("base64"),
    "",
  ].join("\n");
}
