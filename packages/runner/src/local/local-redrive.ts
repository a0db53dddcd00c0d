import { open } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ExecutionStatus } from '../constants.js';
import { RunnerUsageError } from '../errors.js';
import type { ExecutionRecord } from '../index-store/execution-index.js';
import { attemptsOf } from './execution-attempts.js';
import { StageTracker } from './stage-tracker.js';
import {
  type ReservationContext,
  type ReservedExecution,
  readReservation,
} from './start-reservation.js';

/** The statuses a run can be redriven from, as Step Functions' RedriveExecution allows. */
const REDRIVABLE: ReadonlySet<ExecutionStatus> = new Set([
  ExecutionStatus.Failed,
  ExecutionStatus.TimedOut,
  ExecutionStatus.Aborted,
]);

/**
 * Takes an ended execution over for a redrive: refuses one that is RUNNING or SUCCEEDED, claims
 * this redrive (of two redrives at once exactly one wins), and returns the execution, RUNNING
 * again under the same id with its recorded input, its attempts so far and fresh step rows.
 * `record` has its liveness applied (a run whose process died is ABORTED).
 */
export async function claimRedrive(
  context: ReservationContext,
  record: ExecutionRecord,
): Promise<ReservedExecution> {
  if (!REDRIVABLE.has(record.status)) {
    throw new RunnerUsageError(
      `execution "${record.executionId}" is ${record.status}; only a FAILED, TIMED_OUT or ABORTED execution can be redriven`,
    );
  }
  const attempts = attemptsOf(record);
  await claimAttempt(context.layout.executions, record.executionId, attempts.length + 1);
  const reserved = await readReservation(context, record);
  const now = new Date().toISOString();
  const {
    stoppedAt: _stoppedAt,
    error: _error,
    cause: _cause,
    failedState: _failedState,
    output: _output,
    ...kept
  } = record;
  const running: ExecutionRecord = {
    ...kept,
    status: ExecutionStatus.Running,
    stages: new StageTracker(reserved.workflow).summaries(),
    redriveCount: attempts.length,
    redriveDate: now,
    attempts: [
      ...attempts,
      { attempt: attempts.length + 1, startedAt: now, status: ExecutionStatus.Running },
    ],
    pid: process.pid,
    hostname: hostname(),
    updatedAt: now,
  };
  await context.index.update(running);
  return { ...reserved, record: running };
}

/**
 * Creates `.{id}.attempt-{n}` exclusively: a second redrive of the same attempt finds it and is
 * refused, so two processes never run one execution at once.
 */
async function claimAttempt(directory: string, executionId: string, attempt: number) {
  try {
    const file = await open(join(directory, `.${executionId}.attempt-${attempt}`), 'wx');
    await file.close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new RunnerUsageError(
      `execution "${executionId}" is already being redriven (attempt ${attempt}); follow it with status`,
    );
  }
}
