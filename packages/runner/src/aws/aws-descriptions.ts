import { toS3Uri } from '@ceap/core';
import type { StartPlan } from '../client/start-plan.js';
import { ExecutionStatus, StageStatus, Target } from '../constants.js';
import type { ExecutionDescription, StageSummary } from '../execution-types.js';

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
  const last = parseObject(response.output) as
    | { bucket?: unknown; key?: unknown; records?: unknown; rejected?: unknown }
    | undefined;
  const lastUri =
    typeof last?.bucket === 'string' && typeof last.key === 'string'
      ? toS3Uri(last.bucket, last.key)
      : undefined;
  const stages: StageSummary[] = plan.workflow.steps.map((step, index) => ({
    name: step.stage,
    status: succeeded ? StageStatus.Succeeded : StageStatus.Pending,
    retries: 0,
    ...(succeeded &&
      index === plan.workflow.steps.length - 1 &&
      lastUri && {
        output: lastUri,
        ...(typeof last?.records === 'number' && { records: last.records }),
        ...(typeof last?.rejected === 'number' && { rejected: last.rejected }),
      }),
  }));
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
    ...(succeeded && lastUri && { output: lastUri }),
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
      name: step.stage,
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
  const pointer = parseObject(output) as { bucket?: unknown; key?: unknown } | undefined;
  if (typeof pointer?.bucket === 'string' && typeof pointer.key === 'string')
    return toS3Uri(pointer.bucket, pointer.key);
  return stages.filter((stage) => stage.output).at(-1)?.output;
}

/** A JSON object from text, or undefined when the text is not one. */
export function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
