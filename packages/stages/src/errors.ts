import { CeapError, FatalStageError, RetryableStageError, StageErrorName } from '@ceap/core';

/**
 * EventBridge still refused some events after the stage's own retries. It keeps the name
 * Step Functions retries on ({@link StageErrorName.Retryable}), so the whole stage is retried.
 */
export class EventPublishError extends RetryableStageError {
  constructor(
    message: string,
    /** Error codes of the entries that failed on the last attempt, with their counts. */
    readonly failedByCode: Readonly<Record<string, number>>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = StageErrorName.Retryable;
  }
}

/**
 * The execution input does not have a shape a stage can read (e.g. `records` is not an array).
 * Retrying cannot help, so it carries the non-retryable name {@link StageErrorName.Fatal}.
 */
export class InvalidExecutionInputError extends FatalStageError {
  constructor(
    message: string,
    /** The input field at fault, e.g. `input.records`. */
    readonly field: string,
  ) {
    super(message);
    this.name = StageErrorName.Fatal;
  }
}

/**
 * Inline records larger than Step Functions carries (256 KiB by default). The records belong in
 * S3, with `source` in the input pointing at them (the claim-check pattern).
 */
export class ExecutionInputTooLargeError extends InvalidExecutionInputError {
  constructor(
    message: string,
    field: string,
    /** The input's size as JSON, in bytes. */
    readonly bytes: number,
  ) {
    super(message, field);
  }
}

/**
 * An input object's bytes could not be decoded (corrupt gzip, invalid UTF-16). ETLStage turns it
 * into one `invalid-encoding` reject for the object; it never fails the run.
 */
export class InputDecodingError extends CeapError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputDecodingError';
  }
}
