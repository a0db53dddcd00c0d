import { createHash, type Hash } from 'node:crypto';
import { RetryableStageError, StageErrorName } from '../errors.js';
import type { S3Pointer } from './record-types.js';

/** What an output holds, as its writer measured it: readers check all three. */
export interface ContentSummary {
  /** JSON Lines records (lines) written. */
  readonly records: number;
  readonly bytes: number;
  /** `sha256:{hex}` of the bytes, parts in key order. */
  readonly checksum: string;
}

const CHECKSUM_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** A running SHA-256 over the bytes of an output, across its parts. */
export class ContentDigest {
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.bytes += chunk.byteLength;
  }

  /** The checksum so far, `sha256:{hex}`; the digest can go on after. */
  value(): string {
    return `sha256:${this.hash.copy().digest('hex')}`;
  }
}

/**
 * The content a pointer promises, when it carries its writer's counts and checksum (every
 * stage's result does); undefined for pointers that do not (execution inputs, Glue outputs).
 */
export function promisedContent(pointer: unknown): ContentSummary | undefined {
  const candidate = pointer as Partial<ContentSummary> | null | undefined;
  if (
    typeof candidate?.records !== 'number' ||
    typeof candidate.bytes !== 'number' ||
    typeof candidate.checksum !== 'string' ||
    !CHECKSUM_PATTERN.test(candidate.checksum)
  ) {
    return undefined;
  }
  return { records: candidate.records, bytes: candidate.bytes, checksum: candidate.checksum };
}

/**
 * What was read does not match what the writer recorded: a truncated or partly written object.
 * It carries the retryable name, so Step Functions tries again rather than carry on with less.
 */
export class InputIntegrityError extends RetryableStageError {
  constructor(pointer: S3Pointer, read: ContentSummary, promised: ContentSummary) {
    super(
      `input s3://${pointer.bucket}/${pointer.key} read ${read.records} records, ${read.bytes} bytes, ${read.checksum}, but its writer recorded ${promised.records} records, ${promised.bytes} bytes, ${promised.checksum}`,
    );
    this.name = StageErrorName.Retryable;
  }
}

/** Throws {@link InputIntegrityError} unless what was read is exactly what was promised. */
export function assertContent(
  pointer: S3Pointer,
  read: ContentSummary,
  promised: ContentSummary | undefined,
): void {
  if (promised === undefined) return;
  if (
    read.records !== promised.records ||
    read.bytes !== promised.bytes ||
    read.checksum !== promised.checksum
  ) {
    throw new InputIntegrityError(pointer, read, promised);
  }
}
