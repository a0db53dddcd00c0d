import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  type DataLocation,
  isLogicalDate,
  type JsonRecord,
  logicalInputKey,
  normalizeKeyPrefix,
} from '@ceap/core';
import { MAX_PAYLOAD_BYTES } from '../constants.js';
import { ExecutionInputTooLargeError } from '../errors.js';

/**
 * Inline records above this size (the execution input as JSON) go by reference: they are
 * written to the data bucket and the execution gets a pointer. A quarter of Step Functions'
 * 256 KiB leaves room for everything that travels beside the input in the first states.
 */
export const CLAIM_CHECK_THRESHOLD_BYTES = 64 * 1024;

/**
 * `{keyPrefix}incoming/claims/{32 hex}.jsonl`: where a claim-checked input's records go, named
 * by the SHA-256 of their JSON Lines. The same records always get the same key, and so the same
 * pointer input: a redelivery or a rerun keeps core's run key (a hash of the input), and
 * Store's dataset object is replaced rather than duplicated. Two starts writing one key write
 * the same bytes, so neither can overwrite the other's records.
 */
export function claimKey(body: string, keyPrefix?: string): string {
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 32);
  return `${claimsPrefix(keyPrefix)}${digest}.jsonl`;
}

/** `{keyPrefix}incoming/claims/`: the folder of every claim. */
export function claimsPrefix(keyPrefix?: string): string {
  return `${normalizeKeyPrefix(keyPrefix)}incoming/claims/`;
}

/** Records taken out of an execution input, to be written before the execution starts. */
export interface ClaimCheck {
  /** The object the records go to, in the data bucket. */
  readonly key: string;
  /** The records as JSON Lines, one per line, in order. */
  readonly body: string;
}

/** What an execution starts with: its input, and the claim to write first when there is one. */
export interface PreparedInput {
  readonly input: JsonRecord | readonly unknown[];
  readonly claim?: ClaimCheck;
}

/**
 * The claim-check pattern for a start: an input `{ records: [...] }` larger than
 * {@link CLAIM_CHECK_THRESHOLD_BYTES} becomes `{ source: { key } }` (with the input's other
 * fields, `logicalDate` among them), its records to be written as JSON Lines at
 * {@link claimKey} before the execution starts; ETLStage reads them from there. Any other input is kept as it is. Either
 * way the input must fit Step Functions' limit, or ExecutionInputTooLargeError is thrown,
 * before anything is reserved or written. A pipe's array of messages is never claim-checked:
 * the deployed pipe delivers it as it is.
 */
export function prepareInput(
  input: JsonRecord | readonly unknown[],
  location: Pick<DataLocation, 'keyPrefix'>,
): PreparedInput {
  const bytes = inputBytes(input);
  const records = Array.isArray(input) ? undefined : (input as JsonRecord).records;
  if (bytes > CLAIM_CHECK_THRESHOLD_BYTES && Array.isArray(records)) {
    const { records: _records, ...rest } = input as JsonRecord;
    const body = jsonLines(records);
    const key = claimKey(body, location.keyPrefix);
    const pointer = { ...rest, source: { key }, ...sameRunKey(input as JsonRecord) };
    checkInputSize(pointer);
    return { input: pointer, claim: { key, body } };
  }
  checkInputSize(input);
  return { input };
}

/**
 * The run key the inline input would have had, carried in the pointer input (a first step takes
 * a `runKey` it is given), so the same records keep one key whether they come inline (through
 * the pipe) or claim-checked. Without a logical date the key depends on the day the run starts,
 * which the client cannot know, and the pointer's own key stands.
 */
function sameRunKey(input: JsonRecord): { runKey?: string } {
  const { logicalDate } = input;
  return isLogicalDate(logicalDate) ? { runKey: logicalInputKey(input, logicalDate) } : {};
}

/** Throws ExecutionInputTooLargeError for an input over Step Functions' 256 KiB. */
export function checkInputSize(input: unknown): void {
  const bytes = inputBytes(input);
  if (bytes > MAX_PAYLOAD_BYTES) throw new ExecutionInputTooLargeError(bytes, MAX_PAYLOAD_BYTES);
}

/** The content type of a claim: JSON Lines. */
export const CLAIM_CONTENT_TYPE = 'application/x-ndjson';

/** Records as JSON Lines, one per line, in order. */
export function jsonLines(records: readonly unknown[]): string {
  return records.map((record) => `${JSON.stringify(record) ?? 'null'}\n`).join('');
}

/** Writes a claim's records to the data bucket (its key names its content: see claimKey). */
export async function writeClaim(s3: S3Client, bucket: string, claim: ClaimCheck): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: claim.key,
      Body: claim.body,
      ContentType: CLAIM_CONTENT_TYPE,
    }),
  );
}

function inputBytes(input: unknown): number {
  return Buffer.byteLength(JSON.stringify(input) ?? '', 'utf8');
}
