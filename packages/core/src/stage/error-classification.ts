import {
  CeapError,
  ConfigurationError,
  FatalStageError,
  RetryableStageError,
  StageErrorName,
} from '../errors.js';

const STEP_FUNCTIONS_NAMES = new Set<string>(Object.values(StageErrorName));

/** SDK error names that mean "try again later", beyond what the SDK marks `$retryable`. */
const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'SlowDown',
  'RequestTimeout',
  'RequestTimeoutException',
  'ServiceUnavailable',
  'InternalError',
  'TimeoutError',
]);

/** Socket-level failures: the request may never have reached the service. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

interface SdkLikeError {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

/** True when an error is throttling, a 5xx or a network failure: worth a retry. */
export function isTransientError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as SdkLikeError;
    if (candidate.$retryable) return true;
    if (candidate.name && TRANSIENT_NAMES.has(candidate.name)) return true;
    if (candidate.code && TRANSIENT_CODES.has(candidate.code)) return true;
    const status = candidate.$metadata?.httpStatusCode;
    if (status !== undefined && (status >= 500 || status === 429)) return true;
    current = candidate.cause;
  }
  return false;
}

/**
 * Gives any error thrown inside a stage one of the names Step Functions' Retry matches on:
 * the stage's own named errors pass through, transient AWS and network failures become
 * {@link RetryableStageError}, and everything else is {@link FatalStageError}.
 */
export function classifyStageError(error: unknown, stage: string): Error {
  if (error instanceof CeapError && STEP_FUNCTIONS_NAMES.has(error.name)) return error;
  if (error instanceof Error && STEP_FUNCTIONS_NAMES.has(error.name)) return error;
  const message = `${stage}: ${error instanceof Error ? error.message : String(error)}`;
  if (isTransientError(error)) return new RetryableStageError(message, { cause: error });
  if (error instanceof ConfigurationError) return error;
  return new FatalStageError(message, { cause: error });
}
