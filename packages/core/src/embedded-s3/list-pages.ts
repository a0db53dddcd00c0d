import { AsyncLocalStorage } from 'node:async_hooks';

// s3rver ships no types for its models.
const S3Error = require('s3rver/lib/models/error') as new (
  code: string,
  message: string,
  detail?: Record<string, string>,
) => Error;

/** Where a ListObjectsV2 page starts, and, once listed, where the next one must start. */
export interface ListPage {
  readonly startAfter: string;
  /** Keys under this common prefix were all rolled up on an earlier page. */
  readonly skipPrefix?: string;
  next?: PageStart;
}

interface PageStart {
  readonly after: string;
  readonly skipPrefix?: string;
}

/** The page being listed, for the store's `listObjects`, while a ListObjectsV2 request runs. */
export const currentListPage = new AsyncLocalStorage<ListPage>();

interface ListContext {
  method: string;
  query: Record<string, string | string[] | undefined>;
  /** Path-style by now: s3rver's vhost middleware, mounted before, rewrites the others. */
  path: string;
  body: unknown;
}

/**
 * ListObjectsV2 continuation tokens. s3rver 3.7 enciphers its tokens with DES, which OpenSSL 3
 * (Node 17 and later) no longer offers: every truncated ListObjectsV2 answered 500, so a listing
 * of more than 1,000 keys failed locally although it works on S3. This middleware, mounted
 * before s3rver's routes, reads and writes the tokens instead: opaque base64url text naming
 * the last key or common prefix listed.
 */
export function listPagesMiddleware() {
  return async (ctx: ListContext, next: () => Promise<void>): Promise<void> => {
    if (ctx.method !== 'GET' || ctx.query['list-type'] !== '2') return next();
    const bucket = decodeURIComponent(ctx.path.split('/')[1] ?? '');
    const token = single(ctx.query['continuation-token']);
    const start = token === undefined ? undefined : readToken(token, bucket);
    const page: ListPage = {
      startAfter: start?.after ?? single(ctx.query['start-after']) ?? '',
      skipPrefix: start?.skipPrefix,
    };
    const { 'continuation-token': _token, ...query } = ctx.query;
    ctx.query = query;
    await currentListPage.run(page, next);
    const result = (ctx.body as { ListBucketResult?: Record<string, unknown> } | undefined)
      ?.ListBucketResult;
    if (!result) return;
    if (token !== undefined) {
      result.ContinuationToken = token;
      result.StartAfter = undefined;
    }
    if (page.next) {
      result.IsTruncated = true;
      result.NextContinuationToken = writeToken(bucket, page.next);
    }
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function writeToken(bucket: string, start: PageStart): string {
  return Buffer.from(JSON.stringify({ bucket, ...start }), 'utf8').toString('base64url');
}

function readToken(token: string, bucket: string): PageStart {
  try {
    const start = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (start.bucket === bucket && typeof start.after === 'string') return start;
  } catch {
    // Falls through to the error S3 gives for a token it did not issue.
  }
  throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', {
    ArgumentName: 'continuation-token',
  });
}
