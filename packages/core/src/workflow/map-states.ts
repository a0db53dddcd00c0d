import { placeholder, substitutionKey } from './placeholders.js';
import { LAMBDA_STAGE_RETRIES, S3_READ_RETRY } from './retry-policies.js';
import {
  catchFailure,
  type EmitContext,
  type States,
  type StepStates,
  statusPass,
  stepPath,
  toRetrier,
  withNext,
} from './state-fragments.js';
import { StateSuffix, stepStateName } from './state-names.js';
import { StepStatus } from './step-status.js';
import { OUTPUT_OBJECT } from './task-states.js';
import type { MapStep } from './workflow-model.js';

/**
 * A Map reads one listing page of parts; each part's key rides in the state (up to ~200 bytes),
 * which must stay under 256 KiB. More parts fail the step rather than being left unread.
 */
export const MAP_MAX_PARTS = 500;
/** The error a Map step fails with when more iterations failed than it tolerates. */
export const MAP_TOLERANCE_EXCEEDED = 'ceap.MapToleranceExceeded';
/** The error a Map step fails with when its upstream has more parts than one listing holds. */
export const MAP_TOO_MANY_PARTS = 'ceap.MapTooManyParts';
/** What a Map iteration that succeeded leaves; a failed one leaves `F{index}`. */
const ITERATION_OK = 'OK';

/** The states of one Map step, named once. */
function mapNames(step: string) {
  const at = (suffix: (typeof StateSuffix)[keyof typeof StateSuffix]) =>
    stepStateName(step, suffix);
  return {
    items: at(StateSuffix.Items),
    itemsCheck: at(StateSuffix.ItemsCheck),
    none: at(StateSuffix.None),
    tooManyParts: at(StateSuffix.TooManyParts),
    count: at(StateSuffix.Count),
    check: at(StateSuffix.Check),
    allFailed: at(StateSuffix.AllFailed),
    tolerance: at(StateSuffix.Tolerance),
    tooMany: at(StateSuffix.TooManyFailures),
    output: at(StateSuffix.Output),
    listing: `$.mapItems.${step}`,
    counts: `$.mapCounts.${step}`,
  };
}

/**
 * Dynamic task mapping over the part files (`part-*`) of an upstream's folder output: list
 * them, run the stage once per part (each iteration writes one part of this step's folder),
 * count the iterations that failed against the tolerance, then record the step's pointer.
 */
export function mapStates(context: EmitContext, step: MapStep, next?: string): StepStates {
  const n = mapNames(step.name);
  const upstream = stepPath(step.over);
  const tolerated = step.toleratedFailureCount ?? 0;
  const caught = catchFailure(context, step.name, next);
  const failWith = (error: string, cause: string) =>
    caught
      ? statusPass(step.name, StepStatus.Failed, next, { error, cause })
      : { Type: 'Fail', Error: error, Cause: cause };
  return {
    entry: n.items,
    states: {
      [n.items]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:listObjectsV2',
        Parameters: {
          'Bucket.$': `${upstream}.bucket`,
          'Prefix.$': `States.Format('{}/part-', ${upstream}.key)`,
          MaxKeys: MAP_MAX_PARTS,
        },
        ResultPath: n.listing,
        Retry: [toRetrier(S3_READ_RETRY)],
        ...(caught && { Catch: caught.catch }),
        Next: n.itemsCheck,
      },
      [n.itemsCheck]: {
        Type: 'Choice',
        Choices: [
          { Variable: `${n.listing}.IsTruncated`, BooleanEquals: true, Next: n.tooManyParts },
          { Variable: `${n.listing}.KeyCount`, NumericEquals: 0, Next: n.none },
        ],
        Default: step.name,
      },
      [n.tooManyParts]: failWith(
        MAP_TOO_MANY_PARTS,
        `${step.over} has more than ${MAP_MAX_PARTS} part files for ${step.name}`,
      ),
      [n.none]: {
        Type: 'Pass',
        Result: { iterations: 0, failed: 0 },
        ResultPath: n.counts,
        Next: n.output,
      },
      [step.name]: {
        Type: 'Map',
        ItemsPath: `${n.listing}.Contents`,
        ItemSelector: {
          'key.$': '$$.Map.Item.Value.Key',
          'index.$': '$$.Map.Item.Index',
          'upstream.$': upstream,
        },
        MaxConcurrency: step.maxConcurrency ?? 10,
        ItemProcessor: mapIteration(context, step),
        // The outcomes replace the listing: "OK", or "F{index}" for a failed iteration.
        ResultPath: n.listing,
        ...(caught && { Catch: caught.catch }),
        Next: n.count,
      },
      ...failureCount(n),
      [n.tolerance]: {
        Type: 'Choice',
        Choices: [
          { Variable: `${n.counts}.failed`, NumericGreaterThan: tolerated, Next: n.tooMany },
        ],
        Default: n.output,
      },
      [n.tooMany]: failWith(
        MAP_TOLERANCE_EXCEEDED,
        `more than ${tolerated} iterations of ${step.name} failed`,
      ),
      [n.output]: withNext(outputPass(step, n.counts), next),
      ...caught?.states,
    },
  };
}

/** The Map step's pointer: its folder beside the upstream's, with the iteration counts. */
function outputPass(step: MapStep, counts: string): Record<string, unknown> {
  const upstream = stepPath(step.over);
  return {
    Type: 'Pass',
    Parameters: {
      status: StepStatus.Succeeded,
      'bucket.$': `${upstream}.bucket`,
      'key.$': `States.Format('{}/${step.name}/${OUTPUT_OBJECT}', ${upstream}.executionPrefix)`,
      stage: step.name,
      'executionPrefix.$': `${upstream}.executionPrefix`,
      'logicalDate.$': `${upstream}.logicalDate`,
      'runKey.$': `${upstream}.runKey`,
      'iterations.$': `${counts}.iterations`,
      'failedIterations.$': `${counts}.failed`,
    },
    ResultPath: stepPath(step.name),
  };
}

/**
 * Counts the failed iterations without JSONPath filters (an empty match is an error on the
 * local engine): every failure leaves a distinct `F{index}` and every success the same "OK",
 * so failures = distinct outcomes - 1 when any succeeded, and all of them otherwise.
 */
function failureCount(n: ReturnType<typeof mapNames>): States {
  return {
    [n.count]: {
      Type: 'Pass',
      Parameters: {
        'iterations.$': `States.ArrayLength(${n.listing})`,
        'anySucceeded.$': `States.ArrayContains(${n.listing}, '${ITERATION_OK}')`,
        'failed.$': `States.MathAdd(States.ArrayLength(States.ArrayUnique(${n.listing})), -1)`,
      },
      ResultPath: n.counts,
      Next: n.check,
    },
    [n.check]: {
      Type: 'Choice',
      Choices: [{ Variable: `${n.counts}.anySucceeded`, BooleanEquals: true, Next: n.tolerance }],
      Default: n.allFailed,
    },
    [n.allFailed]: {
      Type: 'Pass',
      Parameters: {
        'iterations.$': `${n.counts}.iterations`,
        'failed.$': `${n.counts}.iterations`,
      },
      ResultPath: n.counts,
      Next: n.tolerance,
    },
  };
}

/** One iteration: the stage on one part; a failure is recorded as `F{index}`, not thrown. */
function mapIteration(context: EmitContext, step: MapStep): Record<string, unknown> {
  const run = stepStateName(step.name, StateSuffix.Iteration);
  const failed = stepStateName(step.name, StateSuffix.IterationFailed);
  return {
    ProcessorConfig: { Mode: 'INLINE' },
    StartAt: run,
    States: {
      [run]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: {
          FunctionName: placeholder(substitutionKey(step) as string),
          Payload: {
            'executionId.$': '$$.Execution.Name',
            'executionStartTime.$': '$$.Execution.StartTime',
            workflow: context.workflow.name,
            step: step.name,
            'part.$': '$.index',
            input: {
              'bucket.$': '$.upstream.bucket',
              'key.$': '$.key',
              'logicalDate.$': '$.upstream.logicalDate',
              'runKey.$': '$.upstream.runKey',
              'executionPrefix.$': '$.upstream.executionPrefix',
            },
          },
        },
        ResultSelector: { outcome: ITERATION_OK },
        OutputPath: '$.outcome',
        TimeoutSeconds: step.timeoutSeconds ?? context.workflow.defaultTaskTimeoutSeconds,
        Retry: (step.retry ?? LAMBDA_STAGE_RETRIES).map(toRetrier),
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: failed }],
        End: true,
      },
      [failed]: {
        Type: 'Pass',
        Parameters: { 'outcome.$': "States.Format('F{}', $.index)" },
        OutputPath: '$.outcome',
        End: true,
      },
    },
  };
}
