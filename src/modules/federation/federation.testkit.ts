// Test helpers for federation: a stand-in for another fediverse server (a Mastodon-like account
// with its own RSA key that signs what it sends and records what it receives), and a way to
// serve an in-process Sada on a real loopback port so that server can reach it.
import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { getDocumentLoader } from "@fedify/fedify/runtime";
import { signRequest, verifyRequest } from "@fedify/fedify/sig";
import type { Hono } from "hono";
import type { AppEnv } from "../http-env";

export interface Received {
  path: string;
  body: Record<string, unknown>;
  /** Whether the HTTP signature checked out against the sender's published key. */
  signedBy: string | null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.on("data", (d: Buffer) => (data += d.toString()));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return (server.address() as AddressInfo).port;
}

/** A 2048-bit RSA key pair for HTTP signatures, as Mastodon makes them. */
export function rsaKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, [
    "sign",
    "verify",
  ]);
}

/** Picks a free loopback port (for a base URL that must be known before the app is built). */
export async function freeLoopbackPort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Serves a Hono app on 127.0.0.1:port. */
export async function serveApp(app: Hono<AppEnv>, port: number): Promise<{ close(): Promise<void> }> {
  const server = createServer(getRequestListener(app.fetch));
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Another fediverse server with one account, speaking the real protocol on loopback. */
export class RemoteServer {
  readonly received: Received[] = [];
  /** Status the inbox answers with (set 500 to play a broken server). */
  inboxStatus = 202;
  private server: Server | null = null;
  private keys: CryptoKeyPair | null = null;
  private publicPem = "";
  base = "";

  constructor(readonly username = "amal") {}

  get actorId(): string {
    return `${this.base}/users/${this.username}`;
  }
  get keyId(): string {
    return `${this.actorId}#main-key`;
  }
  get inbox(): string {
    return `${this.actorId}/inbox`;
  }
  get sharedInbox(): string {
    return `${this.base}/inbox`;
  }

  async start(): Promise<this> {
    this.keys = await rsaKeyPair();
    const spki = Buffer.from(await crypto.subtle.exportKey("spki", this.keys.publicKey)).toString("base64");
    this.publicPem = `-----BEGIN PUBLIC KEY-----\n${spki.match(/.{1,64}/g)?.join("\n")}\n-----END PUBLIC KEY-----\n`;
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { "Content-Type": "application/activity+json" });
        res.end(body);
      });
    });
    this.base = `http://127.0.0.1:${await listen(this.server)}`;
    return this;
  }

  actorDocument(): Record<string, unknown> {
    return {
      "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
      id: this.actorId,
      type: "Person",
      preferredUsername: this.username,
      name: `Test ${this.username}`,
      inbox: this.inbox,
      endpoints: { sharedInbox: this.sharedInbox },
      publicKey: { id: this.keyId, owner: this.actorId, publicKeyPem: this.publicPem },
    };
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: string }> {
    const url = new URL(req.url ?? "/", this.base);
    if (req.method === "GET" && url.pathname === "/.well-known/webfinger") {
      if (url.searchParams.get("resource") !== `acct:${this.username}@${url.host}`) {
        return { status: 404, body: "{}" };
      }
      return {
        status: 200,
        body: JSON.stringify({ subject: `acct:${this.username}@${url.host}`, links: [{ rel: "self", type: "application/activity+json", href: this.actorId }] }),
      };
    }
    if (req.method === "GET" && url.pathname === `/users/${this.username}`) {
      return { status: 200, body: JSON.stringify(this.actorDocument()) };
    }
    if (req.method === "POST" && (url.pathname === "/inbox" || url.pathname === `/users/${this.username}/inbox`)) {
      const text = await readBody(req);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === "string") {
          headers.set(k, v);
        }
      }
      const request = new Request(new URL(url.pathname, this.base), { method: "POST", headers, body: text });
      const key = await verifyRequest(request, { documentLoader: getDocumentLoader({ allowPrivateAddress: true }) }).catch(() => null);
      this.received.push({ path: url.pathname, body: JSON.parse(text) as Record<string, unknown>, signedBy: key?.ownerId?.href ?? null });
      return { status: this.inboxStatus, body: "" };
    }
    return { status: 404, body: "{}" };
  }

  /** POSTs an activity to an inbox, signed with this account's key unless `unsigned`; `keyId` lets a test lie about the key. */
  async send(inbox: string, activity: Record<string, unknown>, opts: { unsigned?: boolean; keys?: CryptoKeyPair; keyId?: string } = {}): Promise<Response> {
    const body = JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", ...activity });
    const request = new Request(inbox, { method: "POST", headers: { "Content-Type": "application/activity+json" }, body });
    const keys = opts.keys ?? this.keys;
    if (!keys) {
      throw new Error("start() the remote server first");
    }
    const signed = opts.unsigned ? request : await signRequest(request, keys.privateKey, new URL(opts.keyId ?? this.keyId));
    return fetch(signed);
  }

  /** The activities of a type this server received, in order. */
  ofType(type: string): Received[] {
    return this.received.filter((r) => r.body.type === type);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}

/** Plain HTTP servers on loopback standing in for remote inboxes; `close` ends them all. */
export function loopbackInboxes() {
  const servers: Server[] = [];
  return {
    /** Starts a server with `handler` and returns its inbox URL. */
    async listen(handler: RequestListener): Promise<string> {
      const server = createServer(handler);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/inbox`;
    },
    async close(): Promise<void> {
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}
