// Where media bytes live: a folder under the data directory by default, or an S3-compatible
// bucket when the operator configures one. Keys are "public/<hash>/<variant>" and
// "originals/<id>.bin"; they are built by media.model.ts and never from user input.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { Config } from "../../platform/config";

export interface MediaStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Uint8Array | null>;
  delete(key: string): Promise<void>;
}

const KEY = /^(?:public\/[0-9a-f]{64}\/[a-z0-9.]{1,16}|originals\/[0-9a-z]{16}\.bin)$/;

function checkKey(key: string): string {
  if (!KEY.test(key)) {
    throw new Error(`media store: refused key ${JSON.stringify(key)}`);
  }
  return key;
}

/** Files in `<dir>/public/<hash>/<variant>` and `<dir>/originals/<id>.bin`, written atomically. */
export class LocalStore implements MediaStore {
  constructor(private readonly dir: string) {}

  private pathOf(key: string): string {
    return path.join(this.dir, ...checkKey(key).split("/"));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    await fs.promises.writeFile(temp, bytes, { mode: 0o640 });
    await fs.promises.rename(temp, target);
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return await fs.promises.readFile(this.pathOf(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") {
        return null;
      }
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }
}

/** An S3-compatible bucket (AWS S3, MinIO, Garage, Ceph…), path-style by default. */
export class S3Store implements MediaStore {
  private readonly client: S3Client;

  constructor(private readonly s3: NonNullable<Config["s3"]>) {
    this.client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: s3.pathStyle,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      // Plain signed requests: many S3-compatible servers do not understand the newer checksum trailers.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.s3.bucket, Key: checkKey(key), Body: bytes, ContentType: contentType }));
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.s3.bucket, Key: checkKey(key) }));
      return out.Body ? await out.Body.transformToByteArray() : null;
    } catch (e) {
      const name = (e as { name?: string }).name;
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (name === "NoSuchKey" || name === "NotFound" || status === 404) {
        return null;
      }
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.s3.bucket, Key: checkKey(key) }));
  }

  close(): void {
    this.client.destroy();
  }
}

const stores = new WeakMap<Config, MediaStore>();

/** The store the configuration names, built once per configuration. */
export function mediaStoreFor(config: Config): MediaStore {
  let store = stores.get(config);
  if (!store) {
    store = config.s3 ? new S3Store(config.s3) : new LocalStore(path.join(config.dataDir, "media"));
    stores.set(config, store);
  }
  return store;
}
