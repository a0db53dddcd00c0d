import {
  isTransientError as isSdkTransient,
  isServerError,
  isThrottlingError,
} from '@smithy/core/retry';
import {
  CeapError,
  ConfigurationError,
  FatalStageError,
  RetryableStageError,
  StageErrorName,
} from '../errors.js';

const STEP_FUNCTIONS_NAMES = new Set<string>(Object.values(StageErrorName));

/** Socket failures the SDK's classification does not list: the request may never have arrived. */
const EXTRA_TRANSIENT_CODES = new Set(['ECONNABORTED', 'UND_ERR_SOCKET']);

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

/**
 * True when an error is throttling, a 5xx or a network failure: worth a retry. The AWS SDK's
 * own classification decides (the rules its retry strategy uses), through the error's causes.
 */
export function isTransientError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as SdkLikeError;
    if (typeof candidate === 'object') {
      const sdkError = candidate as Parameters<typeof isSdkTransient>[0];
      if (isSdkTransient(sdkError) || isThrottlingError(sdkError) || isServerError(sdkError)) {
        return true;
      }
      if (candidate.code && EXTRA_TRANSIENT_CODES.has(candidate.code)) return true;
    }
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
