import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { type DataLocation, executionPrefix } from '@ceap/core';
import type { CleanReport, CleanRequest } from '../client/clean-types.js';
import { ExecutionStatus } from '../constants.js';
import { RunnerUsageError } from '../errors.js';
import type { ExecutionIndex, ExecutionRecord } from '../index-store/execution-index.js';
import type { CeapLayout } from './ceap-home.js';
import { unreferencedClaims } from './claim-clean.js';
import { withLiveness } from './record-description.js';
import { stopRequestFile } from './stop-request.js';

/** What cleaning the local target needs: its index, its layout and its data. */
export interface CleanContext {
  readonly index: ExecutionIndex;
  readonly layout: CeapLayout;
  readonly location: DataLocation;
  readonly s3: () => Promise<S3Client>;
}

/** S3 deletes at most this many keys per call. */
const DELETE_BATCH = 1000;

/**
 * Deletes local executions older than `olderThanMs` or beyond the newest `keep`: for each, its
 * S3 objects under `executions/{id}/`, its input copy, its log, the hidden files a killed run
 * left (temp files, its spare, a stop request) and last its index record (so a clean cut
 * short leaves the record, and the next clean finishes the job). A run still running is
 * never deleted. Input copies whose execution has no record are deleted too (by the age of
 * the file, when `olderThanMs` is given), and so are the claims (a large input's records in
 * S3) that no kept execution points to.
 */
export async function cleanExecutions(
  context: CleanContext,
  request: CleanRequest,
): Promise<CleanReport> {
  if (request.olderThanMs === undefined && request.keep === undefined) {
    throw new RunnerUsageError(
      'clean needs --older-than or --keep (or both) to choose what to delete',
    );
  }
  const started = new Date();
  const records = await context.index.list({ limit: Number.MAX_SAFE_INTEGER });
  const cutoff = (request.now ?? new Date()).getTime() - (request.olderThanMs ?? Number.NaN);
  const chosen = records.filter(
    (record, position) =>
      (request.keep !== undefined && position >= request.keep) ||
      Date.parse(record.startedAt) < cutoff,
  );
  const running = chosen.filter((r) => withLiveness(r).status === ExecutionStatus.Running);
  const doomed = chosen.filter((r) => !running.includes(r));
  const dryRun = request.dryRun === true;
  const freed = await freeOrphanInputs(context.index, cutoff, dryRun);
  const s3 = doomed.length > 0 ? await context.s3() : undefined;
  const hidden = doomed.length > 0 ? await context.index.hiddenFiles() : new Map();
  for (const record of doomed) {
    const leftovers = hidden.get(record.executionId) ?? [];
    const execution = await freeExecution(context, s3 as S3Client, record, leftovers, dryRun);
    freed.objects += execution.objects;
    freed.inputs += execution.inputs;
    freed.bytes += execution.bytes;
  }
  if (s3) {
    const kept = records.filter((record) => !doomed.includes(record));
    const claims = await unreferencedClaims(s3, context.location, context.index, kept, started);
    freed.objects += claims.length;
    freed.bytes += claims.reduce((sum, claim) => sum + claim.size, 0);
    if (!dryRun) {
      await deleteKeys(
        s3,
        context.location.bucket,
        claims.map((claim) => claim.key),
      );
    }
  }
  return {
    dryRun,
    executions: doomed.map((r) => r.executionId),
    ...freed,
    skippedRunning: running.map((r) => r.executionId),
  };
}

interface Freed {
  objects: number;
  inputs: number;
  bytes: number;
}

/** Input copies with no execution record, older than `cutoff` (every one when it is NaN). */
async function freeOrphanInputs(
  index: ExecutionIndex,
  cutoff: number,
  dryRun: boolean,
): Promise<Freed> {
  const freed: Freed = { objects: 0, inputs: 0, bytes: 0 };
  for (const file of await index.inputsWithoutRecord()) {
    const found = await stat(file).catch(() => undefined);
    if (!found || found.mtimeMs >= cutoff) continue;
    freed.inputs++;
    freed.bytes += found.size;
    if (!dryRun) await unlink(file).catch(ignoreMissing);
  }
  return freed;
}

async function freeExecution(
  context: CleanContext,
  s3: S3Client,
  record: ExecutionRecord,
  leftovers: readonly string[],
  dryRun: boolean,
): Promise<Freed> {
  const { bucket, keyPrefix } = context.location;
  const { index } = context;
  const id = record.executionId;
  const prefix = `${executionPrefix(id, keyPrefix)}/`;
  const keys = await listKeys(s3, bucket, prefix);
  // The copy in this home, and where the record says (the home may have moved since).
  const inputs = [...new Set([index.inputPathOf(id), record.inputFile])];
  const files = [
    ...inputs,
    record.logFile ?? join(context.layout.logs, `${id}.log`),
    ...new Set([stopRequestFile(context.layout.executions, id), ...leftovers]),
    index.pathOf(id),
  ];
  let bytes = keys.reduce((sum, key) => sum + key.size, 0);
  for (const file of files) bytes += await sizeOf(file);
  let found = 0;
  for (const input of inputs) if (await exists(input)) found++;
  if (!dryRun) {
    await deleteKeys(
      s3,
      bucket,
      keys.map((key) => key.key),
    );
    for (const file of files) await unlink(file).catch(ignoreMissing);
  }
  return { objects: keys.length, inputs: found, bytes };
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}

async function listKeys(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<{ key: string; size: number }[]> {
  const keys: { key: string; size: number }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key) keys.push({ key: object.Key, size: object.Size ?? 0 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

async function deleteKeys(s3: S3Client, bucket: string, keys: readonly string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += DELETE_BATCH) {
    const batch = keys.slice(start, start + DELETE_BATCH);
    const result = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    const failed = result.Errors?.[0];
    if (failed) throw new Error(`could not delete s3://${bucket}/${failed.Key}: ${failed.Message}`);
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    ignoreMissing(error);
    return 0;
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
