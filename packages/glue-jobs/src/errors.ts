import { CeapError } from '@ceap/core';

/**
 * The error name Step Functions reports for a failed `glue:startJobRun.sync` run. The local
 * executor throws under this same name, so Retry and Catch behave as they do on AWS.
 */
export const GLUE_JOB_FAILED = 'States.TaskFailed';

/** A Glue job spec that AWS would refuse or that cannot work. The message names the field. */
export class GlueJobSpecError extends CeapError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'GlueJobSpecError';
  }
}

/** A job argument that is missing or unsafe (`--executionId "../x"`). The message names it. */
export class GlueJobArgumentError extends CeapError {
  constructor(
    readonly argument: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${argument} ${message}`, options);
    this.name = 'GlueJobArgumentError';
  }
}

/** The Python interpreter could not be started. */
export class PythonNotFoundError extends CeapError {
  constructor(
    readonly python: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${python} was not found: the local Glue executor runs the job's Python core with it. ` +
        `Install Python 3.9 or later, or set CEAP_PYTHON to the interpreter's path`,
      options,
    );
    this.name = 'PythonNotFoundError';
  }
}

/**
 * A local job run failed. Its name is `States.TaskFailed`, as on AWS. When the Python code
 * raised, `cause` is its traceback (a string, as Step Functions' Cause is); otherwise it is
 * the error that stopped the run.
 */
export class GlueJobRunError extends CeapError {
  constructor(
    message: string,
    readonly jobRunId: string,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = GLUE_JOB_FAILED;
  }
}

/** The Python process exited with an error; `traceback` holds what it wrote to stderr. */
export class PythonFailedError extends CeapError {
  constructor(
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly traceback: string,
  ) {
    super(`the Python core ${describeExit(exitCode, signal)}: ${lastLine(traceback)}`);
    this.name = 'PythonFailedError';
  }
}

function describeExit(exitCode: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${exitCode}`;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]?.trim() || 'no error output';
}

/**
 * The Python core's summary is missing, or disagrees with what runStage counted (records in,
 * out and rejected): a record was lost between Node and Python.
 */
export class PythonSummaryError extends CeapError {
  constructor(
    readonly stage: string,
    message: string,
  ) {
    super(`${stage} lost track of records: ${message}`);
    this.name = 'PythonSummaryError';
  }
}
