import { toS3Uri } from '@ceap/core';
import type { StartPlan } from '../client/start-plan.js';
import { ExecutionStatus, StageStatus, Target } from '../constants.js';
import type { ExecutionDescription, StageSummary } from '../execution-types.js';
import { parseObject } from '../progress/json-text.js';
import { stageResultOf, stepName } from '../progress/step-fold.js';

/** The execution ARN of `executionId` in a state machine. */
export function executionArnOf(stateMachineArn: string, executionId: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionId}`;
}

/** What a synchronous Express run reports, as the runner's execution description. */
export function expressDescription(
  plan: StartPlan,
  response: {
    executionArn?: string;
    status?: string;
    error?: string;
    cause?: string;
    output?: string;
    startDate?: Date;
    stopDate?: Date;
  },
  started: Date,
): ExecutionDescription {
  const status = (response.status ?? ExecutionStatus.Failed) as ExecutionDescription['status'];
  const succeeded = status === ExecutionStatus.Succeeded;
  // A synchronous Express run reports no per-state history; the last stage's result is its output.
  const steps = plan.workflow.steps.map(stepName);
  const lastStep = steps.at(-1) ?? '';
  const last = succeeded ? stageResultOf(lastStep, parseObject(response.output)) : undefined;
  const stages: StageSummary[] = steps.map((step) => ({
    name: step,
    status: succeeded ? StageStatus.Succeeded : StageStatus.Pending,
    retries: 0,
    ...(last &&
      step === lastStep && {
        received: last.received,
        records: last.records,
        rejected: last.rejected,
        filtered: last.filtered,
        output: toS3Uri(last.bucket, last.key),
      }),
  }));
  const output = lastOutput(stages, succeeded ? response.output : undefined);
  return {
    executionId: plan.executionId,
    workflow: plan.workflow.name,
    target: Target.Aws,
    status,
    startedAt: (response.startDate ?? started).toISOString(),
    stoppedAt: (response.stopDate ?? new Date()).toISOString(),
    logicalDate: plan.logicalDate,
    ...(response.error !== undefined && { error: response.error }),
    ...(response.cause !== undefined && { cause: response.cause }),
    ...(!succeeded && response.error === undefined && { error: `States.${status}` }),
    stages,
    ...(succeeded && output && { output }),
    ...(response.executionArn && { executionArn: response.executionArn }),
  };
}

/** A Standard execution just started: every stage still pending. */
export function runningDescription(plan: StartPlan, started: Date): ExecutionDescription {
  return {
    executionId: plan.executionId,
    workflow: plan.workflow.name,
    target: Target.Aws,
    status: ExecutionStatus.Running,
    startedAt: started.toISOString(),
    logicalDate: plan.logicalDate,
    stages: plan.workflow.steps.map((step) => ({
      name: stepName(step),
      status: StageStatus.Pending,
      retries: 0,
    })),
  };
}

/** The output URI of a finished run: the execution output's pointer, else the last stage's. */
export function lastOutput(
  stages: readonly StageSummary[],
  output: string | undefined,
): string | undefined {
  const pointer = parseObject(output);
  if (typeof pointer?.bucket === 'string' && typeof pointer.key === 'string')
    return toS3Uri(pointer.bucket, pointer.key);
  return stages.filter((stage) => stage.output).at(-1)?.output;
}
