import {
  AccessDeniedError,
  ExecutionAlreadyExistsError,
  ExecutionNotFoundError,
  RunnerUsageError,
  StateMachineNotFoundError,
  ThrottledError,
} from '../errors.js';

/** What a failed call was about, so the translated error can name it. */
export interface AwsCallSubject {
  /** e.g. `StartExecution`. */
  readonly operation: string;
  readonly executionId?: string;
  /** A state machine ARN or stack name. */
  readonly resource?: string;
}

const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'KmsAccessDeniedException',
]);
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

/**
 * The one boundary where AWS SDK errors become the runner's own, so callers never parse SDK
 * error names. Each message names the execution id or the resource.
 */
export function translateAwsError(error: unknown, subject: AwsCallSubject): Error {
  const name = (error as { name?: string }).name ?? '';
  const message = (error as { message?: string }).message ?? String(error);
  const what = subject.executionId
    ? `execution "${subject.executionId}"`
    : (subject.resource ?? 'the resource');
  if (name === 'ExecutionDoesNotExist') {
    return new ExecutionNotFoundError(subject.executionId ?? '?', 'on AWS', { cause: error });
  }
  if (name === 'ExecutionAlreadyExists') {
    return new ExecutionAlreadyExistsError(subject.executionId ?? '?', { cause: error });
  }
  if (name === 'ExecutionNotRedrivable') {
    return new RunnerUsageError(`${what} cannot be redriven: ${message}`, { cause: error });
  }
  if (name === 'ExecutionLimitExceeded') {
    return new RunnerUsageError(
      `${subject.operation} on ${what}: the account's limit of open executions is reached; try again once some have ended (${message})`,
      { cause: error },
    );
  }
  if (ACCESS_DENIED.has(name)) {
    return new AccessDeniedError(`${subject.operation} on ${what} was denied: ${message}`, {
      cause: error,
    });
  }
  if (THROTTLED.has(name)) {
    return new ThrottledError(
      `${subject.operation} on ${what} was throttled; try again later: ${message}`,
      {
        cause: error,
      },
    );
  }
  if (name === 'ResourceNotFoundException') {
    return new RunnerUsageError(
      `${subject.operation}: ${subject.resource ?? what} does not exist (${message})`,
      { cause: error },
    );
  }
  if (
    name === 'StateMachineDoesNotExist' ||
    (name === 'ValidationError' && /does not exist/.test(message))
  ) {
    return new StateMachineNotFoundError(
      `${subject.operation}: ${subject.resource ?? what} does not exist: ${message}`,
      {
        cause: error,
      },
    );
  }
  return error instanceof Error ? error : new Error(message);
}

/** Runs one SDK call and translates its failure. */
export async function callAws<T>(subject: AwsCallSubject, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateAwsError(error, subject);
  }
}
