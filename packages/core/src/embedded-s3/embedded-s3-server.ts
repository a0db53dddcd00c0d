import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createBucketIfMissing } from '../records/s3-objects.js';
import { createS3Client } from '../s3-client.js';
import type { FilesystemStore } from './filesystem-store.js';
import { listPagesMiddleware } from './list-pages.js';
import { replaceStoreCopies } from './store-copies.js';
import { replaceStoreListing } from './store-listing.js';
import { replaceStoreLookups } from './store-lookups.js';
import { replaceStoreReads } from './store-reads.js';
import { replaceStoreWrites } from './store-writes.js';

/** s3rver accepts only this access key (its secret is the same). */
export const EMBEDDED_S3_CREDENTIALS = {
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
} as const;

export interface EmbeddedS3Options {
  /** Where objects are kept on disk. */
  readonly directory: string;
  /** Buckets to create if missing. */
  readonly buckets?: readonly string[];
  /** @default 0: a free port */
  readonly port?: number;
}

/** A running embedded S3 server on 127.0.0.1 and a client configured for it. */
export interface EmbeddedS3 {
  readonly endpoint: string;
  readonly port: number;
  readonly client: S3Client;
  /** Closes open connections and the server; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts s3rver, a real S3 HTTP server, on loopback. This is the S3 of the embedded local
 * engine and of every test that does S3 I/O: the protocol is real, only the storage is a folder.
 *
 * @example
 * const s3 = await startEmbeddedS3({ directory: '.ceap/s3', buckets: ['ceap-data'] });
 * try { ... s3.client ... } finally { await s3.stop(); }
 */
export async function startEmbeddedS3(options: EmbeddedS3Options): Promise<EmbeddedS3> {
  await mkdir(options.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
  });
  const store = (server as unknown as { store: FilesystemStore }).store;
  replaceStoreWrites(store);
  replaceStoreReads(store);
  replaceStoreListing(store);
  replaceStoreLookups(store);
  replaceStoreCopies(store);
  dropRequestLogging(server);
  mountBeforeRoutes(server, listPagesMiddleware());
  const address: AddressInfo = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = createS3Client({
    endpoint,
    credentials: EMBEDDED_S3_CREDENTIALS,
    region: 'us-east-1',
  });
  for (const bucket of options.buckets ?? []) {
    await createBucketIfMissing(client, bucket);
  }
  let stopped = false;
  return {
    endpoint,
    port: address.port,
    client,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      client.destroy();
      // The SDK keeps sockets alive; close them, or server.close() waits for them forever.
      (server as unknown as { httpServer?: Server }).httpServer?.closeAllConnections();
      await server.close();
    },
  };
}

/**
 * s3rver formats a log line for every request (koa-logger, then winston) even when silent:
 * about a tenth of a request's time. The embedded server never shows them.
 */
function dropRequestLogging(server: S3rver): void {
  const app = server as unknown as KoaApp & { logger: { silent: boolean } };
  app.logger.silent = true;
  // The first middleware s3rver installs is koa-logger's, named `logger` (lib/s3rver.js).
  if (app.middleware[0]?.name === 'logger') app.middleware.shift();
}

interface KoaApp {
  middleware: { name: string }[];
}

/** s3rver is a Koa app whose last middleware is its router's `dispatch` (lib/s3rver.js). */
function mountBeforeRoutes(server: S3rver, middleware: unknown): void {
  const app = server as unknown as KoaApp;
  const routes = app.middleware.findIndex((m) => m.name === 'dispatch');
  if (routes === -1)
    throw new Error('s3rver has no router middleware named dispatch to mount before');
  app.middleware.splice(routes, 0, middleware as { name: string });
}
