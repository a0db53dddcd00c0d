import { randomUUID } from 'node:crypto';
import { type HistoryEvent, RedriveExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { ExecutionStatus } from '../constants.js';
import { RunnerUsageError } from '../errors.js';
import { callAws } from './aws-errors.js';
import type { StandardExecution } from './standard-execution.js';

/** The history events that end an execution (or one of its attempts). */
export const TERMINAL_EVENTS = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionAborted',
]);

/**
 * Redrives a Standard execution with RedriveExecution. A RUNNING or SUCCEEDED execution, or
 * one AWS marks NOT_REDRIVABLE, is refused with AWS's reason before the call; the call's own
 * refusals (ExecutionNotRedrivable, ExecutionLimitExceeded) come back through `callAws` as
 * usage errors naming the id. Returns the redrive count the new attempt makes.
 */
export async function redriveStandard(
  sfn: SFNClient,
  execution: StandardExecution,
): Promise<number> {
  const described = await execution.fetch();
  const { executionId } = execution;
  if (
    described.status === ExecutionStatus.Running ||
    described.status === ExecutionStatus.Succeeded
  ) {
    throw new RunnerUsageError(
      `execution "${executionId}" is ${described.status}; only a FAILED, TIMED_OUT or ABORTED execution can be redriven`,
    );
  }
  if (described.redriveStatus === 'NOT_REDRIVABLE') {
    throw new RunnerUsageError(
      `execution "${executionId}" cannot be redriven: ${described.redriveStatusReason ?? 'AWS marks it NOT_REDRIVABLE'}`,
    );
  }
  await callAws({ executionId, operation: 'RedriveExecution' }, () =>
    sfn.send(
      new RedriveExecutionCommand({
        executionArn: execution.executionArn,
        // One token per call: the SDK's own retries of this call redrive once.
        clientToken: randomUUID(),
      }),
    ),
  );
  return (described.redriveCount ?? 0) + 1;
}

/**
 * Whether a history has ended its latest attempt: its last terminal event comes after its
 * `redrives`-th ExecutionRedriven event (a redriven execution's history keeps the earlier
 * attempts' terminal events, which say nothing about the attempt now running).
 */
export function attemptEnded(events: readonly HistoryEvent[], redrives: number): boolean {
  const redriven = events.filter((event) => event.type === 'ExecutionRedriven');
  if (redriven.length < redrives) return false;
  const lastRedrive = redriven.at(-1)?.id ?? 0;
  return events.some(
    (event) => TERMINAL_EVENTS.has(event.type ?? '') && (event.id ?? 0) > lastRedrive,
  );
}
