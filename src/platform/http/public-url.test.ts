import http from "node:http";
import type { AddressInfo } from "node:net";
import type { LookupAddress } from "node:dns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertPublicUrl, isNonPublicAddress, NonPublicUrlError, publicOnlyDispatcher, publicOnlyLookup } from "./public-url";

let server: http.Server;
let port = 0;

beforeAll(async () => {
  server = http.createServer((_req, res) => res.end("inside"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A resolver that answers with fixed addresses, as a rebinding DNS server would at connect time. */
const answering =
  (...addresses: LookupAddress[]) =>
  (_host: string, _opts: unknown, cb: (err: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) =>
    cb(null, addresses);

function lookupWith(lookup: ReturnType<typeof publicOnlyLookup>, all: boolean) {
  return new Promise<{ err: Error | null; address: unknown; family: unknown }>((resolve) =>
    lookup("rebind.example", { all }, (err, address, family) => resolve({ err, address, family })),
  );
}

describe("public-url guard", () => {
  it("classifies addresses", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "192.168.0.9", "169.254.169.254", "::1", "fd00::1", "::ffff:127.0.0.1", "100.64.0.1"]) {
      expect(isNonPublicAddress(a), a).toBe(true);
    }
    for (const a of ["93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      expect(isNonPublicAddress(a), a).toBe(false);
    }
  });

  it("checks the address a connection resolves to, not only the first answer (DNS rebinding)", async () => {
    const refused = await lookupWith(publicOnlyLookup(answering({ address: "127.0.0.1", family: 4 })), false);
    expect(refused.err).toBeInstanceOf(NonPublicUrlError);
    const mixed = await lookupWith(publicOnlyLookup(answering({ address: "93.184.216.34", family: 4 }, { address: "10.0.0.7", family: 4 })), true);
    expect(mixed.err?.message).toContain("10.0.0.7");
    const publicOne = await lookupWith(publicOnlyLookup(answering({ address: "93.184.216.34", family: 4 })), false);
    expect([publicOne.err, publicOne.address, publicOne.family]).toEqual([null, "93.184.216.34", 4]);
    const publicAll = await lookupWith(publicOnlyLookup(answering({ address: "2606:4700::1111", family: 6 })), true);
    expect(publicAll.address).toEqual([{ address: "2606:4700::1111", family: 6 }]);
  });

  it("makes fetch refuse a name that resolves to a private address at connection time", async () => {
    // "localhost" resolves to loopback: the pre-check would refuse it too, so call fetch directly,
    // as a second resolution after a passed pre-check would.
    const url = `http://localhost:${port}/`;
    const failure = await fetch(url, { dispatcher: publicOnlyDispatcher(false) } as RequestInit).then(
      () => null,
      (e: unknown) => e as Error & { cause?: Error },
    );
    expect(failure?.cause).toBeInstanceOf(NonPublicUrlError);
    await expect(assertPublicUrl(new URL(url), false)).rejects.toBeInstanceOf(NonPublicUrlError);
    // An admin's explicit choice lets it through.
    const allowed = await fetch(url, { dispatcher: publicOnlyDispatcher(true) } as RequestInit);
    expect(await allowed.text()).toBe("inside");
  });
});
