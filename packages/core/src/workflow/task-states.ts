import { GlueJobArgument } from '../contracts/glue-job-arguments.js';
import { placeholder, substitutionKey } from './placeholders.js';
import { LAMBDA_STAGE_RETRIES } from './retry-policies.js';
import {
  catchFailure,
  type EmitContext,
  type StepStates,
  stagePayload,
  stageResultSelector,
  stepPath,
  toRetrier,
  withNext,
} from './state-fragments.js';
import { StateSuffix, stepStateName } from './state-names.js';
import { StepStatus } from './step-status.js';
import type { GlueStep, LambdaStep } from './workflow-model.js';

/** Spark's, and ceap's, name for the object (or folder of parts) a step writes. */
export const OUTPUT_OBJECT = 'output.json';

/** A stage on Lambda: the payload in, the unwrapped stage result out to `$.steps.{name}`. */
export function lambdaStates(context: EmitContext, step: LambdaStep, next?: string): StepStates {
  const caught = catchFailure(context, step.name, next);
  return {
    entry: step.name,
    states: {
      [step.name]: withNext(
        {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: {
            FunctionName: placeholder(substitutionKey(step) as string),
            Payload: stagePayload(context, step.name),
          },
          // lambda:invoke wraps the function's reply as { Payload, StatusCode, ... }.
          ResultSelector: stageResultSelector('$.Payload'),
          ResultPath: stepPath(step.name),
          TimeoutSeconds: step.timeoutSeconds ?? context.workflow.defaultTaskTimeoutSeconds,
          Retry: (step.retry ?? LAMBDA_STAGE_RETRIES).map(toRetrier),
          ...(caught && { Catch: caught.catch }),
        },
        next,
      ),
      ...caught?.states,
    },
  };
}

/**
 * A Glue job awaited with `.sync`, given its upstream's pointer as job arguments; a Pass then
 * records the step's pointer: its output folder beside the upstream's, and the job run.
 */
export function glueStates(context: EmitContext, step: GlueStep, next?: string): StepStates {
  const upstream = stepPath(context.graph.dataInputsOf(step.name)[0] as string);
  const output = stepStateName(step.name, StateSuffix.Output);
  const caught = catchFailure(context, step.name, next);
  const outputKey = `States.Format('{}/${step.name}/${OUTPUT_OBJECT}', ${upstream}.executionPrefix)`;
  return {
    entry: step.name,
    states: {
      [step.name]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::glue:startJobRun.sync',
        Parameters: {
          JobName: placeholder(substitutionKey(step) as string),
          Arguments: {
            [`${GlueJobArgument.ExecutionId}.$`]: '$$.Execution.Name',
            [GlueJobArgument.Workflow]: context.workflow.name,
            [`${GlueJobArgument.Bucket}.$`]: `${upstream}.bucket`,
            [`${GlueJobArgument.InputKey}.$`]: `${upstream}.key`,
            [`${GlueJobArgument.OutputKey}.$`]: outputKey,
            [`${GlueJobArgument.LogicalDate}.$`]: `${upstream}.logicalDate`,
          },
        },
        ResultSelector: { 'jobRunId.$': '$.Id', 'jobRunState.$': '$.JobRunState' },
        ResultPath: stepPath(step.name),
        TimeoutSeconds: step.timeoutSeconds ?? context.workflow.defaultTaskTimeoutSeconds,
        Retry: (step.retry ?? []).map(toRetrier),
        ...(caught && { Catch: caught.catch }),
        Next: output,
      },
      [output]: withNext(
        {
          Type: 'Pass',
          Parameters: {
            status: StepStatus.Succeeded,
            'bucket.$': `${upstream}.bucket`,
            'key.$': outputKey,
            stage: step.name,
            'executionPrefix.$': `${upstream}.executionPrefix`,
            'logicalDate.$': `${upstream}.logicalDate`,
            'runKey.$': `${upstream}.runKey`,
            'jobRun.$': stepPath(step.name),
          },
          ResultPath: stepPath(step.name),
        },
        next,
      ),
      ...caught?.states,
    },
  };
}
