import { type SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import type { JsonRecord } from '@ceap/core';
import { executionFailure } from '../client/execution-failure.js';
import type { StartPlan } from '../client/start-plan.js';
import { ExecutionStatus } from '../constants.js';
import { RunnerUsageError } from '../errors.js';
import type { ExecutionHandle } from '../execution-types.js';
import { executionArnOf, expressDescription, runningDescription } from './aws-descriptions.js';
import { callAws } from './aws-errors.js';

/**
 * Runs an Express execution with StartSyncExecution. AWS keeps no history of it, so the handle
 * describes it as running until the synchronous call returns, and it cannot be stopped.
 */
export function startExpress(
  sfn: SFNClient,
  plan: StartPlan,
  input: JsonRecord | readonly unknown[],
  stateMachineArn: string,
): ExecutionHandle {
  const started = new Date();
  const subject = {
    executionId: plan.executionId,
    resource: stateMachineArn,
    operation: 'StartSyncExecution',
  };
  const pending = callAws(subject, () =>
    sfn.send(
      new StartSyncExecutionCommand({
        stateMachineArn,
        name: plan.executionId,
        input: JSON.stringify(input),
      }),
    ),
  ).then((response) => expressDescription(plan, response, started));
  pending.catch(() => undefined);
  return {
    executionId: plan.executionId,
    workflow: plan.workflow.name,
    result: async () => {
      const description = await pending;
      if (description.status !== ExecutionStatus.Succeeded) throw executionFailure(description);
      return description;
    },
    describe: async () =>
      Promise.race([
        pending,
        Promise.resolve({
          ...runningDescription(plan, started),
          executionArn: executionArnOf(stateMachineArn, plan.executionId),
        }),
      ]),
    stop: async () => {
      throw new RunnerUsageError(
        `execution "${plan.executionId}" is EXPRESS and runs synchronously; it cannot be stopped`,
      );
    },
  };
}
