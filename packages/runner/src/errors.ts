import { CeapError } from '@ceap/core';

/** A usage or input error: a flag, a file or an id is wrong. The CLI exits with 2. */
export class RunnerUsageError extends CeapError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RunnerUsageError';
  }
}

/** A workflow name that the runner does not know. */
export class UnknownWorkflowError extends RunnerUsageError {
  constructor(
    readonly workflow: string,
    known: readonly string[],
  ) {
    super(
      `workflow ${JSON.stringify(workflow)} is not known; expected one of: ${known.join(', ')}`,
    );
    this.name = 'UnknownWorkflowError';
  }
}

/** An input file that is missing, unreadable, not JSON or not a JSON object. */
export class InputFileError extends RunnerUsageError {
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`input file ${file} ${reason}`, options);
    this.name = 'InputFileError';
  }
}

/** A prices file (`--prices FILE`, `CEAP_PRICES`) that cannot be read or holds a bad field. */
export class PricesFileError extends RunnerUsageError {
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`prices file ${file} ${reason}`, options);
    this.name = 'PricesFileError';
  }
}

/**
 * A ceap config file (`ceap.config.ts` or `--config FILE`) that cannot be found, loaded or used:
 * the message names the file, and the workflow and step where there is one. The CLI exits with 2.
 */
export class ConfigFileError extends RunnerUsageError {
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`config file ${file} ${reason}`, options);
    this.name = 'ConfigFileError';
  }
}

/** An execution with this id already exists: it is never run twice. */
export class ExecutionAlreadyExistsError extends RunnerUsageError {
  constructor(
    readonly executionId: string,
    options?: { cause?: unknown },
  ) {
    super(`execution "${executionId}" already exists; choose another --execution-id`, options);
    this.name = 'ExecutionAlreadyExistsError';
  }
}

/**
 * An execution input larger than Step Functions accepts (256 KiB as JSON). It is refused before
 * the run is reserved, as StartExecution refuses it on AWS. The CLI exits with 2.
 */
export class ExecutionInputTooLargeError extends RunnerUsageError {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `the execution input is ${bytes.toLocaleString('en-US')} bytes of JSON; Step Functions accepts at most ${limit.toLocaleString('en-US')} (256 KiB). Put the records in S3 as JSON Lines and pass "source": { "key": "..." } instead`,
    );
    this.name = 'ExecutionInputTooLargeError';
  }
}

/** No execution has this id (on the chosen target). */
export class ExecutionNotFoundError extends RunnerUsageError {
  constructor(
    readonly executionId: string,
    where: string,
    options?: { cause?: unknown },
  ) {
    super(`execution "${executionId}" was not found ${where}`, options);
    this.name = 'ExecutionNotFoundError';
  }
}

/** An execution whose usage was not recorded: it is still running, or ran before ceap kept it. */
export class UsageNotRecordedError extends RunnerUsageError {
  constructor(
    readonly executionId: string,
    status: string,
  ) {
    super(
      `execution "${executionId}" has no recorded usage to price: ${status === 'RUNNING' ? 'it is still running' : 'none was recorded (it ran before ceap recorded usage, or failed before its first state)'}`,
    );
    this.name = 'UsageNotRecordedError';
  }
}

/** AWS refused the call for lack of permission. */
export class AccessDeniedError extends CeapError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AccessDeniedError';
  }
}

/** AWS throttled the call and the SDK's own retries did not get through. */
export class ThrottledError extends CeapError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ThrottledError';
  }
}

/** The state machine of a workflow could not be found (no stack output and no flag). */
export class StateMachineNotFoundError extends RunnerUsageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StateMachineNotFoundError';
  }
}

/** The state that failed an execution: its Error and Cause, as Step Functions reports them. */
export interface ExecutionFailure {
  readonly executionId: string;
  readonly status: string;
  readonly error: string;
  readonly cause: string;
  readonly state?: string;
}

/**
 * An execution ended in FAILED, TIMED_OUT or ABORTED. `cause` carries the failing state's
 * Error and Cause. The CLI exits with 1.
 */
export class ExecutionFailedError extends CeapError {
  override readonly cause: ExecutionFailure;

  constructor(failure: ExecutionFailure) {
    const where = failure.state ? ` at ${failure.state}` : '';
    super(
      `execution "${failure.executionId}" ${failure.status}${where}: ${failure.error}: ${failure.cause}`,
      {
        cause: failure,
      },
    );
    this.name = 'ExecutionFailedError';
    this.cause = failure;
  }
}

/** The ceap home (`CEAP_HOME`, or `.ceap/`) cannot be read or written. The CLI exits with 2. */
export class CeapHomeError extends RunnerUsageError {
  constructor(
    readonly home: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `the ceap home ${home} (CEAP_HOME) ${reason}; set CEAP_HOME to a folder you can read and write`,
      options,
    );
    this.name = 'CeapHomeError';
  }
}

/** The error Step Functions fails an execution with when a payload is over its limit. */
export const DATA_LIMIT_EXCEEDED = 'States.DataLimitExceeded';

/**
 * A state's input or output, a task's result or a Map item over 256 KiB, on the local engine:
 * the execution fails with `States.DataLimitExceeded`, as on AWS. Like AWS's, it is terminal:
 * no Retry or Catch rule matches it, not even `States.ALL` (aws-local-stepfunctions reads
 * `isRetryable` and `isCatchable` off the error).
 */
export class DataLimitExceededError extends CeapError {
  readonly isRetryable = false;
  readonly isCatchable = false;

  constructor(
    /** The state whose payload is too large. */
    readonly state: string,
    /** What is too large: `input`, `output` or `result`. */
    readonly payload: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `the ${payload} of state ${state} is ${bytes.toLocaleString('en-US')} bytes of JSON; Step Functions refuses payloads over ${limit.toLocaleString('en-US')} bytes: pass a pointer to S3 instead`,
    );
    this.name = DATA_LIMIT_EXCEEDED;
  }
}

/**
 * A test run of one step (`run-step`) failed: `error` is the stage's error name (what Step
 * Functions' Retry rules would match) and the message its cause. The CLI exits with 1.
 */
export class StepTestFailedError extends CeapError {
  constructor(
    readonly step: string,
    readonly testRun: number,
    readonly error: string,
    cause: string,
  ) {
    super(`${step} test-${testRun} failed: ${error}: ${cause}`);
    this.name = 'StepTestFailedError';
  }
}
