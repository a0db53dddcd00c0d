import type { S3Client } from '@aws-sdk/client-s3';
import { createBucketIfMissing, createS3Client } from '@ceap/core';
import type { EmbeddedS3 } from '@ceap/core/embedded-s3';
import { LOCAL_DATA_BUCKET } from '../constants.js';
import { RunnerUsageError } from '../errors.js';

/**
 * The local target's S3: the embedded server (data under `.ceap/s3`), or an S3-compatible
 * endpoint given by the user. Nothing starts until a run or a read needs S3.
 */
export class LocalS3 {
  private ready?: Promise<{ client: S3Client; embedded?: EmbeddedS3 }>;

  /** Throws RunnerUsageError naming `--s3-endpoint` when `endpoint` is not an http(s) URL. */
  constructor(
    private readonly directory: string,
    private readonly endpoint?: string,
  ) {
    if (endpoint !== undefined) assertEndpointUrl(endpoint);
  }

  /** The client, once the server is up and the bucket exists. */
  async client(): Promise<S3Client> {
    return (await this.start()).client;
  }

  /** Stops the embedded server, or releases the client of a given endpoint. */
  async close(): Promise<void> {
    const ready = this.ready;
    this.ready = undefined;
    if (!ready) return;
    const started = await ready.catch(() => undefined);
    if (started?.embedded) await started.embedded.stop();
    else started?.client.destroy();
  }

  private start(): Promise<{ client: S3Client; embedded?: EmbeddedS3 }> {
    this.ready ??= (async () => {
      if (this.endpoint) {
        const client = createS3Client({ endpoint: this.endpoint });
        await createBucketIfMissing(client, LOCAL_DATA_BUCKET);
        return { client };
      }
      // Loaded on first use: s3rver and its dependencies cost the CLI's reads of the index.
      const { startEmbeddedS3 } =
        require('@ceap/core/embedded-s3') as typeof import('@ceap/core/embedded-s3');
      const embedded = await startEmbeddedS3({
        directory: this.directory,
        buckets: [LOCAL_DATA_BUCKET],
      });
      return { client: embedded.client, embedded };
    })();
    return this.ready;
  }
}

/** `--s3-endpoint` must be an http:// or https:// URL, checked before anything is reserved. */
function assertEndpointUrl(endpoint: string): void {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new RunnerUsageError(
      `--s3-endpoint ${JSON.stringify(endpoint)} is not an http(s) URL; expected e.g. http://127.0.0.1:9000`,
    );
  }
}
