import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type DataLocation, type JsonRecord, normalizeKeyPrefix } from '@ceap/core';
import type { StartPlan } from '../client/start-plan.js';
import { RunnerUsageError } from '../errors.js';

/** The shipped samples, relative to `examples/`. */
export const SampleFiles = {
  realtime: 'realtime-input.json',
  batchFolder: 'batch',
} as const;

/** The marker a producer leaves once a day's files are all in place, as Spark and Hadoop do. */
export const INCOMING_READY_MARKER = '_SUCCESS';

/** The realtime sample: an SQS message body `{ records: [...] }` (an array is wrapped). */
export async function readRealtimeSample(examplesDirectory: string): Promise<JsonRecord> {
  const file = join(examplesDirectory, SampleFiles.realtime);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RunnerUsageError(`the realtime sample ${file} is missing; pass --input FILE`, {
      cause: error,
    });
  }
  const parsed = JSON.parse(text) as unknown;
  return Array.isArray(parsed) ? { records: parsed } : (parsed as JsonRecord);
}

/**
 * The input of a run started without one. Both samples were generated for one logical date,
 * recorded in the realtime sample, so their recency figures make sense: that date is used
 * unless the request gave one. An EXPRESS workflow (realtime) gets the sample's records; a
 * STANDARD one (batch, guarded-batch) gets `{ logicalDate }`, and {@link stageBatchSample}
 * places the batch sample's files before the run.
 */
export async function sampleInput(plan: StartPlan, examplesDirectory: string): Promise<JsonRecord> {
  const sample = await readRealtimeSample(examplesDirectory);
  const sampleDate = typeof sample.logicalDate === 'string' ? sample.logicalDate : undefined;
  const logicalDate = plan.logicalDateGiven ? plan.logicalDate : (sampleDate ?? plan.logicalDate);
  return plan.workflow.type === 'EXPRESS' ? { ...sample, logicalDate } : { logicalDate };
}

/** `{keyPrefix}incoming/dt={logicalDate}/`: where the batch ETL reads a date's raw files. */
export function incomingPrefix(logicalDate: string, keyPrefix?: string): string {
  return `${normalizeKeyPrefix(keyPrefix)}incoming/dt=${logicalDate}/`;
}

/**
 * Places the batch sample (every file in `examples/batch/`) at `incoming/dt={logicalDate}/`,
 * skipping a file already there with the same size, then the producer's `_SUCCESS` marker
 * beside them, which an S3 sensor waits for. Returns the keys, the marker's last.
 */
export async function stageBatchSample(
  s3: S3Client,
  location: DataLocation,
  examplesDirectory: string,
  logicalDate: string,
): Promise<string[]> {
  const folder = join(examplesDirectory, SampleFiles.batchFolder);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => !name.startsWith('.')).sort();
  } catch (error) {
    throw new RunnerUsageError(`the batch sample folder ${folder} is missing; pass --input FILE`, {
      cause: error,
    });
  }
  const prefix = incomingPrefix(logicalDate, location.keyPrefix);
  const keys: string[] = [];
  for (const name of names) {
    const file = join(folder, name);
    const info = await stat(file);
    if (!info.isFile()) continue;
    const key = `${prefix}${name}`;
    keys.push(key);
    if ((await sizeOf(s3, location.bucket, key)) === info.size) continue;
    await s3.send(
      new PutObjectCommand({ Bucket: location.bucket, Key: key, Body: await readFile(file) }),
    );
  }
  if (keys.length === 0)
    throw new RunnerUsageError(`the batch sample folder ${folder} has no files`);
  const marker = `${prefix}${INCOMING_READY_MARKER}`;
  if ((await sizeOf(s3, location.bucket, marker)) === undefined) {
    await s3.send(
      new PutObjectCommand({
        Bucket: location.bucket,
        Key: marker,
        Body: new Uint8Array(0),
        ContentLength: 0,
      }),
    );
  }
  return [...keys, marker];
}

async function sizeOf(s3: S3Client, bucket: string, key: string): Promise<number | undefined> {
  try {
    return (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'NotFound' || name === 'NoSuchKey') return undefined;
    throw error;
  }
}
