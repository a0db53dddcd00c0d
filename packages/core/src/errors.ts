/**
 * Error names that Step Functions sees. A Lambda's `errorType` is the thrown error's `name`,
 * and the ASL compiler matches these same constants in Retry, so the two can never drift.
 */
export const StageErrorName = {
  /** Transient failure (throttling, 5xx, network): Step Functions retries it with backoff. */
  Retryable: 'RetryableStageError',
  /** Bad data or a broken invariant: retrying cannot help. */
  Fatal: 'FatalStageError',
  /** Missing or invalid configuration: fix the environment, then redrive. */
  Configuration: 'ConfigurationError',
} as const;

/** Lambda service errors that AWS recommends retrying for every Lambda task. */
export const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
] as const;

/** Base class of every error ceap throws. */
export class CeapError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CeapError';
  }
}

/** An executionId that would not be a valid Step Functions execution name. */
export class InvalidExecutionIdError extends CeapError {
  constructor(
    readonly executionId: unknown,
    reason: string,
  ) {
    super(`executionId ${describeValue(executionId)} ${reason}`);
    this.name = 'InvalidExecutionIdError';
  }
}

/** A stage failure that is worth retrying. Its name is matched by the compiled Retry. */
export class RetryableStageError extends CeapError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = StageErrorName.Retryable;
  }
}

/** A stage failure that no retry can fix, such as an event that breaks the contract. */
export class FatalStageError extends CeapError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = StageErrorName.Fatal;
  }
}

/** Missing or invalid configuration. The message names the variable or option. */
export class ConfigurationError extends CeapError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = StageErrorName.Configuration;
  }
}

/**
 * A stage stopped by its host (the local engine when the task's TimeoutSeconds elapse, or a
 * stopped execution) before it finished: it wrote no result and recorded nothing.
 */
export class StageAbortedError extends CeapError {
  constructor(
    readonly stage: string,
    reason: unknown,
  ) {
    super(`${stage} was stopped before it finished: ${describeReason(reason)}`, { cause: reason });
    this.name = 'StageAbortedError';
  }
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return reason === undefined ? 'aborted' : String(reason);
}

/** A workflow definition that cannot be compiled. The message names the field. */
export class InvalidWorkflowError extends CeapError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWorkflowError';
  }
}

/** Quotes a value for an error message without letting a huge or odd value flood it. */
export function describeValue(value: unknown): string {
  if (typeof value !== 'string') return `of type ${value === null ? 'null' : typeof value}`;
  const shown = value.length > 100 ? `${value.slice(0, 100)}…` : value;
  return JSON.stringify(shown);
}
