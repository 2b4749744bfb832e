// The monitor's reading of log entries, without a server: which key histories make a revision or
// translation entry a problem. Entries are written as the log writes them (log.model entryText).
import { describe, expect, it } from "vitest";
import { entryText, type LogEntry } from "../log/log.model";
import { keysFromState, recordEntry, type MonitorState } from "./log-records";

const GROUP = "g0000000000000000";
const K = "SHA256:key-one";
const t = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes)).toISOString();

const key = (action: "registered" | "rotated" | "revoked", at: string, over: Partial<Extract<LogEntry, { type: "key" }>> = {}): LogEntry => ({
  type: "key",
  action,
  group: GROUP,
  key: K,
  public_key: "AAAA",
  custody: "server",
  reason: action === "revoked" ? "stolen" : null,
  at,
  ...over,
});
let n = 0;
const revision = (at: string, signer = K): LogEntry => ({
  type: "revision",
  statement: "s000000000000000",
  group: GROUP,
  number: ++n,
  hash: String(n).padStart(64, "0"),
  key: signer,
  retraction: false,
  at,
});

/** Feeds entries in log order; returns the problems per entry (index = position). */
function replay(
  entries: LogEntry[],
  state: Pick<MonitorState, "statements" | "keys"> = { statements: {}, keys: {} },
  earlier = null as { size: number; at: number } | null,
) {
  return entries.map((e, i) => recordEntry(state, i, entryText(e), earlier));
}

describe("the monitor's key history", () => {
  it("accepts revisions by a key until it is replaced, and again once it is registered again", () => {
    expect(replay([key("registered", t(0)), revision(t(1)), key("rotated", t(2)), key("registered", t(5)), revision(t(6))]).flat()).toEqual([]);
    // Dated before the replacement, logged after it (a transaction that started before it): fine.
    expect(replay([key("registered", t(0)), key("rotated", t(2)), revision(t(1))]).flat()).toEqual([]);
  });

  it("reports a revision dated after its key was replaced, logged before or after the replacement", () => {
    const after = replay([key("registered", t(0)), key("rotated", t(2)), revision(t(3))]);
    expect(after[2]).toEqual([expect.stringMatching(new RegExp(`\\(entry 2\\) is signed by key ${K} after it was replaced on ${t(2)} \\(dated ${t(3)}\\)$`))]);
    const before = replay([key("registered", t(0)), revision(t(3)), key("rotated", t(2))]);
    expect(before[2]).toEqual([`key ${K} of group ${GROUP} was replaced at ${t(2)} (entry 2), but the log holds a revision it signed dated later, ${t(3)}`]);
  });

  it("keeps a key revoked from its earliest revocation on, whatever the log registers after", () => {
    const problems = replay([
      key("registered", t(0)),
      key("revoked", t(10)),
      key("registered", t(11)),
      revision(t(12)),
      key("revoked", t(20)),
      revision(t(9)),
      revision(t(15)),
    ]);
    expect(problems[3]).toEqual([expect.stringContaining(`is signed by key ${K}, revoked at ${t(10)}, at or before this revision (dated ${t(12)})`)]);
    // A later revocation of another listing does not move it later: a revision dated before the first one stays valid.
    expect(problems[4]).toEqual([]);
    expect(problems[5]).toEqual([]);
    expect(problems[6]).toEqual([expect.stringContaining(`revoked at ${t(10)}, at or before this revision (dated ${t(15)})`)]);
    expect(recordEntry({ statements: {}, keys: {} }, 0, entryText(key("revoked", t(10))))).toEqual([]);
    // A revision dated at the revocation, logged before it, is caught when the revocation arrives.
    expect(replay([key("registered", t(0)), revision(t(10)), key("revoked", t(10))])[2]).toEqual([
      `key ${K} of group ${GROUP} was revoked at ${t(10)} (entry 2), but the log holds a revision it signed dated then or later, ${t(10)}`,
    ]);
  });

  it("applies the same rules to translations by the instance key", () => {
    const instance = (action: "registered" | "rotated", at: string) => key(action, at, { group: null, key: "SHA256:instance" });
    const translation = (at: string): LogEntry => ({
      type: "translation",
      statement: "s000000000000000",
      lang: "en",
      number: 1,
      hash: "a".repeat(64),
      source: "b".repeat(64),
      key: "SHA256:instance",
      at,
    });
    expect(replay([instance("registered", t(0)), translation(t(1))]).flat()).toEqual([]);
    expect(replay([instance("registered", t(0)), instance("rotated", t(2)), translation(t(3))])[2]).toEqual([
      expect.stringMatching(/^translation en #1 of statement \w+ \(entry 2\) is signed by key SHA256:instance after it was replaced on /),
    ]);
  });

  it("reports entries appended after the last verified checkpoint but dated before it, with the margin of the key's custody", () => {
    const earlier = { size: 1, at: Date.parse(t(30)) };
    const server = { statements: {}, keys: {} };
    replay([key("registered", t(0))], server);
    expect(recordEntry(server, 1, entryText(revision(t(29))), earlier)).toEqual([]);
    expect(recordEntry(server, 2, entryText(revision(t(20))), earlier)).toEqual([
      expect.stringMatching(new RegExp(`\\(entry 2\\) is dated ${t(20)}, before the checkpoint of ${t(30)} \\(size 1\\) that did not hold it`)),
    ]);
    // A group signing offline may date its revision up to 24 hours before publishing it.
    const offline = { statements: {}, keys: {} };
    replay([key("registered", t(0), { custody: "ssh" })], offline);
    expect(recordEntry(offline, 1, entryText(revision(t(20))), earlier)).toEqual([]);
    const dayBefore = new Date(Date.parse(t(30)) - 25 * 3600_000).toISOString();
    expect(recordEntry(offline, 2, entryText(revision(dayBefore)), earlier)).toHaveLength(1);
  });

  it("reports an entry that is not in canonical form", () => {
    const state = { statements: {}, keys: {} };
    const text = entryText(key("registered", t(0)));
    expect(recordEntry(state, 0, text)).toEqual([]);
    for (const bad of [
      text.replace('{"action"', '{ "action"'),
      text.replace('{"action":', '{"action":"revoked","action":'),
      JSON.stringify(JSON.parse(text), null, 1),
    ]) {
      expect(recordEntry(state, 1, bad)).toEqual([
        "entry 1 is not in canonical form (keys sorted, no white space, no repeated keys): it is not an entry this log writes",
      ]);
    }
  });

  it("reads a state written before key times were kept: a key revoked then stays revoked", () => {
    const keys = keysFromState({ [K]: { [GROUP]: { revoked: true } }, "SHA256:other": { [GROUP]: { revoked: false } } });
    expect(keys[K]?.[GROUP]).toEqual({ custody: null, revoked_at: "", retired_at: null, last_signed: null });
    const state = { statements: {}, keys };
    expect(recordEntry(state, 7, entryText(revision(t(1))))).toEqual([expect.stringContaining("revoked at an unknown time")]);
    expect(recordEntry(state, 8, entryText(revision(t(1), "SHA256:other")))).toEqual([]);
  });
});
