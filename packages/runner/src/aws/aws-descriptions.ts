import type { Workflow } from '@ceap/core/workflow';
import type { StartPlan } from '../client/start-plan.js';
import { ExecutionStatus, StageStatus, Target } from '../constants.js';
import type { ExecutionDescription, StageSummary } from '../execution-types.js';
import { parseObject } from '../progress/json-text.js';
import { StepEventKind } from '../progress/step-events.js';
import { StepFold } from '../progress/step-fold.js';

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
  // A synchronous Express run reports no per-state history: its output, every step's
  // recorded entry, gives the rows.
  const stages = succeeded
    ? rowsFromOutput(plan.workflow, parseObject(response.output))
    : pendingRows(plan.workflow);
  const output = lastOutput(stages);
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
    stages: pendingRows(plan.workflow),
  };
}

function pendingRows(workflow: Workflow): StageSummary[] {
  return workflow.steps.map((step) => ({
    name: step.name,
    status: StageStatus.Pending,
    retries: 0,
  }));
}

/**
 * The rows of an execution that ended, from its output: the `steps` map in which the compiled
 * state machine records each step's result or status. The fold reads the same entries.
 */
export function rowsFromOutput(
  workflow: Workflow,
  output: Record<string, unknown> | undefined,
): StageSummary[] {
  const fold = new StepFold(workflow);
  const at = Date.now();
  for (const step of workflow.steps) {
    fold.apply({ kind: StepEventKind.Exited, state: step.name, at, output: { steps: output } });
  }
  return fold.summaries(at);
}

/** The output URI of a finished run: the last step, in workflow order, that succeeded with one. */
export function lastOutput(stages: readonly StageSummary[]): string | undefined {
  return stages.filter((stage) => stage.status === StageStatus.Succeeded && stage.output).at(-1)
    ?.output;
}
