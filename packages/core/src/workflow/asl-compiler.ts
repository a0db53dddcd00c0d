import { GlueJobArgument } from '../contracts/glue-job-arguments.js';
import { placeholder, substitutionKey } from './placeholders.js';
import { LAMBDA_STAGE_RETRY } from './retry-policies.js';
import type {
  GlueStep,
  LambdaStep,
  RetryPolicy,
  Workflow,
  WorkflowStep,
} from './workflow-model.js';
import { validateWorkflow } from './workflow-validation.js';

/** An Amazon States Language definition, as JSON. */
export interface StateMachineDefinition {
  readonly Comment: string;
  readonly StartAt: string;
  readonly TimeoutSeconds: number;
  readonly States: Record<string, Record<string, unknown>>;
}

/** The state that turns a Glue step's job-run result back into a pointer for the next stage. */
export function glueOutputStateName(stage: string): string {
  return `${stage}Output`;
}

/** The Fail state used when `catchToFailState` is on. */
export const FAILED_STATE = 'ExecutionFailed';

const GLUE_OUTPUT_OBJECT = 'output.json';

/**
 * Compiles a workflow to Amazon States Language (JSONPath). This is the only producer of
 * state machines: infra deploys this JSON and the local engine runs it.
 *
 * Every task receives the executionId from `$$.Execution.Name`. Resource names are `${…}`
 * definition substitutions (see {@link substitutionKey}).
 */
export function compileWorkflow(workflow: Workflow): StateMachineDefinition {
  validateWorkflow(workflow);
  const states: Record<string, Record<string, unknown>> = {};
  workflow.steps.forEach((step, index) => {
    const next = workflow.steps[index + 1]?.stage;
    if (step.kind === 'lambda') {
      states[step.stage] = withTransition(lambdaTask(step, workflow), next);
    } else {
      states[step.stage] = withTransition(
        glueTask(step, workflow),
        glueOutputStateName(step.stage),
      );
      states[glueOutputStateName(step.stage)] = withTransition(glueOutputPass(step), next);
    }
    if (workflow.catchToFailState) {
      states[step.stage] = {
        ...states[step.stage],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: FAILED_STATE }],
      };
    }
  });
  if (workflow.catchToFailState) {
    states[FAILED_STATE] = { Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' };
  }
  return {
    Comment: `ceap ${workflow.name} (${workflow.type}): ${workflow.steps.map((s) => s.stage).join(' -> ')}`,
    StartAt: firstStep(workflow).stage,
    TimeoutSeconds: workflow.timeoutSeconds,
    States: states,
  };
}

function firstStep(workflow: Workflow): WorkflowStep {
  return workflow.steps[0] as WorkflowStep;
}

function lambdaTask(step: LambdaStep, workflow: Workflow): Record<string, unknown> {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      FunctionName: placeholder(substitutionKey(step)),
      Payload: {
        'executionId.$': '$$.Execution.Name',
        'executionStartTime.$': '$$.Execution.StartTime',
        workflow: workflow.name,
        'input.$': '$',
      },
    },
    // lambda:invoke wraps the function's result as { Payload, StatusCode, ... }.
    OutputPath: '$.Payload',
    TimeoutSeconds: step.timeoutSeconds ?? workflow.defaultTaskTimeoutSeconds,
    Retry: (step.retry ?? [LAMBDA_STAGE_RETRY]).map(toRetrier),
  };
}

function glueTask(step: GlueStep, workflow: Workflow): Record<string, unknown> {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::glue:startJobRun.sync',
    Parameters: {
      JobName: placeholder(substitutionKey(step)),
      Arguments: {
        [`${GlueJobArgument.ExecutionId}.$`]: '$$.Execution.Name',
        [GlueJobArgument.Workflow]: workflow.name,
        [`${GlueJobArgument.Bucket}.$`]: '$.bucket',
        [`${GlueJobArgument.InputKey}.$`]: '$.key',
        [`${GlueJobArgument.OutputKey}.$`]: glueOutputKeyExpression(step.stage),
        [`${GlueJobArgument.LogicalDate}.$`]: '$.logicalDate',
      },
    },
    // Keep the input pointer and add the job run beside it; the next Pass state reshapes it.
    ResultSelector: { 'jobRunId.$': '$.Id', 'jobRunState.$': '$.JobRunState' },
    ResultPath: '$.jobRun',
    TimeoutSeconds: step.timeoutSeconds ?? workflow.defaultTaskTimeoutSeconds,
    Retry: (step.retry ?? []).map(toRetrier),
  };
}

function glueOutputPass(step: GlueStep): Record<string, unknown> {
  return {
    Type: 'Pass',
    Parameters: {
      'bucket.$': '$.bucket',
      'key.$': glueOutputKeyExpression(step.stage),
      'executionId.$': '$$.Execution.Name',
      'executionPrefix.$': '$.executionPrefix',
      'logicalDate.$': '$.logicalDate',
      stage: step.stage,
      'jobRun.$': '$.jobRun',
    },
  };
}

function glueOutputKeyExpression(stage: string): string {
  return `States.Format('{}/${stage}/${GLUE_OUTPUT_OBJECT}', $.executionPrefix)`;
}

function withTransition(
  state: Record<string, unknown>,
  next: string | undefined,
): Record<string, unknown> {
  return next === undefined ? { ...state, End: true } : { ...state, Next: next };
}

function toRetrier(policy: RetryPolicy): Record<string, unknown> {
  return {
    ErrorEquals: [...policy.errors],
    IntervalSeconds: policy.intervalSeconds,
    MaxAttempts: policy.maxAttempts,
    BackoffRate: policy.backoffRate,
    ...(policy.maxDelaySeconds !== undefined && { MaxDelaySeconds: policy.maxDelaySeconds }),
    ...(policy.jitter !== undefined && { JitterStrategy: policy.jitter }),
  };
}
