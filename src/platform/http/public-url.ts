// Guard for URLs the server itself fetches or posts to (federation, archiving, machine
// translation): refuses loopback, private, link-local and other non-public addresses unless an
// admin allowed them, so a stranger cannot make the server reach into its own network (SSRF).
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { Agent, type Dispatcher } from "undici";

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
  ["::", 96],
  ["2001:db8::", 32],
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** Whether an IP address (v4 or v6, including v4-mapped v6) is outside the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) {
    return blocked.check(mapped[1], "ipv4");
  }
  const family = isIP(address);
  if (family === 0) {
    return true;
  }
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

export class NonPublicUrlError extends Error {}

/**
 * Throws unless `url` is http(s) and every address its host resolves to is public. With
 * `allowPrivate` (an admin's explicit choice, e.g. for a test network) only the scheme is checked.
 */
export async function assertPublicUrl(url: URL, allowPrivate: boolean): Promise<void> {
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new NonPublicUrlError(`Refusing ${url.protocol} URL: only http and https are fetched.`);
  }
  if (allowPrivate) {
    return;
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  const bad = addresses.find(isNonPublicAddress);
  if (addresses.length === 0 || bad !== undefined) {
    throw new NonPublicUrlError(`Refusing ${url.host}: it resolves to a non-public address${bad ? ` (${bad})` : ""}.`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
type Resolver = (hostname: string, options: LookupOptions & { all: true }, cb: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/** A `lookup` for sockets that resolves with `resolve` and refuses any non-public address. */
export function publicOnlyLookup(resolve: Resolver = dnsLookup as unknown as Resolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true, verbatim: true }, (err, addresses) => {
      if (err) {
        callback(err, []);
        return;
      }
      const bad = addresses.find((a) => isNonPublicAddress(a.address));
      const first = addresses[0];
      if (first === undefined || bad !== undefined) {
        callback(
          Object.assign(new NonPublicUrlError(`Refusing ${hostname}: it resolves to a non-public address${bad ? ` (${bad.address})` : ""}.`), {
            code: "ENONPUBLIC",
          }),
          [],
        );
      } else if (options.all) {
        callback(null, addresses);
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}

/**
 * An HTTP dispatcher for `fetch` that checks the address it actually connects to. The check in
 * `assertPublicUrl` resolves the name once; the connection resolves it again, and a name that
 * answered with a public address the first time and a private one the second (DNS rebinding)
 * would get through. This lookup runs at connection time, for every connection and redirect,
 * and refuses any non-public address. Use both: IP literals never reach a lookup.
 */
export function publicOnlyDispatcher(allowPrivate: boolean): Dispatcher {
  // One connection pool per setting, shared by every caller.
  let dispatcher = dispatchers.get(allowPrivate);
  if (!dispatcher) {
    dispatcher = allowPrivate ? new Agent() : new Agent({ connect: { lookup: publicOnlyLookup() } });
    dispatchers.set(allowPrivate, dispatcher);
  }
  return dispatcher;
}
const dispatchers = new Map<boolean, Dispatcher>();
