import { DATA_BUCKET_KEY, DATA_KEY_PREFIX_KEY, placeholder } from './placeholders.js';
import { S3_READ_RETRY } from './retry-policies.js';
import {
  catchFailure,
  type EmitContext,
  type StepStates,
  statusPass,
  stepPath,
  toRetrier,
} from './state-fragments.js';
import { StateSuffix, stepStateName } from './state-names.js';
import { StepStatus } from './step-status.js';
import type { BranchCondition, BranchStep, S3SensorStep, WaitStep } from './workflow-model.js';

/** The error an S3 sensor fails with when nothing arrived in time. */
export const SENSOR_TIMED_OUT = 'ceap.SensorTimeout';
/** `{logicalDate}` in a sensor's prefix: the execution input's logical date. */
export const LOGICAL_DATE_TOKEN = '{logicalDate}';

/**
 * A Choice on upstream results. Each route records which routed steps it follows
 * (`follow: { Step: true|false }`), which their guards read.
 */
export function branchStates(_context: EmitContext, step: BranchStep, next?: string): StepStates {
  const routed = [...new Set([...step.routes.flatMap((r) => r.follow), ...(step.otherwise ?? [])])];
  const follow = (chosen: readonly string[]) =>
    Object.fromEntries(routed.map((name) => [name, chosen.includes(name)]));
  const states: Record<string, Record<string, unknown>> = {};
  const choices = step.routes.map((route, index) => {
    const target = stepStateName(step.name, StateSuffix.Route, index + 1);
    states[target] = statusPass(step.name, StepStatus.Succeeded, next, {
      route: index + 1,
      follow: follow(route.follow),
    });
    return { ...conditionRule(route.when), Next: target };
  });
  const otherwise = stepStateName(step.name, StateSuffix.Otherwise);
  states[otherwise] = statusPass(step.name, StepStatus.Succeeded, next, {
    route: 'otherwise',
    follow: follow(step.otherwise ?? []),
  });
  return {
    entry: step.name,
    states: { [step.name]: { Type: 'Choice', Choices: choices, Default: otherwise }, ...states },
  };
}

const NUMERIC_OPERATORS = {
  '==': 'NumericEquals',
  '!=': 'NumericEquals',
  '>': 'NumericGreaterThan',
  '>=': 'NumericGreaterThanEquals',
  '<': 'NumericLessThan',
  '<=': 'NumericLessThanEquals',
} as const;

/** A condition as a Choice rule; a missing field never matches. */
export function conditionRule(condition: BranchCondition): Record<string, unknown> {
  const variable = `${stepPath(condition.step)}.${condition.field}`;
  const { op, value } = condition;
  let comparison: Record<string, unknown>;
  if (typeof value === 'number') {
    comparison = { Variable: variable, [NUMERIC_OPERATORS[op]]: value };
  } else {
    comparison = {
      Variable: variable,
      [typeof value === 'boolean' ? 'BooleanEquals' : 'StringEquals']: value,
    };
  }
  if (op === '!=') comparison = { Not: comparison };
  return { And: [{ Variable: variable, IsPresent: true }, comparison] };
}

/** A pause for a duration or until a timestamp of the execution input, then its status. */
export function waitStates(_context: EmitContext, step: WaitStep, next?: string): StepStates {
  const done = stepStateName(step.name, StateSuffix.Done);
  const until =
    step.untilInputField !== undefined
      ? { TimestampPath: `$.input.${step.untilInputField}` }
      : { Seconds: step.seconds ?? 0 };
  return {
    entry: step.name,
    states: {
      [step.name]: { Type: 'Wait', ...until, Next: done },
      [done]: statusPass(step.name, StepStatus.Succeeded, next),
    },
  };
}

/**
 * Polls for an object under a prefix (ListObjectsV2 with MaxKeys 1), waiting
 * `intervalSeconds` between pokes, at most `ceil(timeout / interval)` pokes. The poke count
 * lives at `$.sensorPokes.{name}.count`, set to 0 when the execution starts.
 */
export function sensorStates(context: EmitContext, step: S3SensorStep, next?: string): StepStates {
  const check = stepStateName(step.name, StateSuffix.Check);
  const wait = stepStateName(step.name, StateSuffix.Wait);
  const count = stepStateName(step.name, StateSuffix.Count);
  const done = stepStateName(step.name, StateSuffix.Done);
  const timedOut = stepStateName(step.name, StateSuffix.TimedOut);
  const timeout = step.timeoutSeconds ?? context.workflow.defaultTaskTimeoutSeconds;
  const maxPokes = Math.max(1, Math.ceil(timeout / step.intervalSeconds));
  const pokes = `$.sensorPokes.${step.name}.count`;
  const cause = `nothing arrived under ${step.prefix} within ${timeout} s`;
  const caught = catchFailure(context, step.name, next);
  return {
    entry: step.name,
    states: {
      [step.name]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:listObjectsV2',
        Parameters: {
          Bucket: placeholder(DATA_BUCKET_KEY),
          ...prefixParameter(step.prefix),
          MaxKeys: 1,
        },
        ResultSelector: { 'found.$': '$.KeyCount' },
        ResultPath: `$.sensors.${step.name}`,
        Retry: [toRetrier(S3_READ_RETRY)],
        ...(caught && { Catch: caught.catch }),
        Next: check,
      },
      [check]: {
        Type: 'Choice',
        Choices: [
          { Variable: `$.sensors.${step.name}.found`, NumericGreaterThan: 0, Next: done },
          { Variable: pokes, NumericGreaterThanEquals: maxPokes - 1, Next: timedOut },
        ],
        Default: wait,
      },
      [wait]: { Type: 'Wait', Seconds: step.intervalSeconds, Next: count },
      [count]: {
        Type: 'Pass',
        Parameters: { 'count.$': `States.MathAdd(${pokes}, 1)` },
        ResultPath: `$.sensorPokes.${step.name}`,
        Next: step.name,
      },
      [done]: statusPass(step.name, StepStatus.Succeeded, next),
      [timedOut]: step.softFail
        ? statusPass(step.name, StepStatus.Skipped, next, { reason: cause })
        : caught
          ? statusPass(step.name, StepStatus.Failed, next, { error: SENSOR_TIMED_OUT, cause })
          : { Type: 'Fail', Error: SENSOR_TIMED_OUT, Cause: cause },
      ...caught?.states,
    },
  };
}

/**
 * `Prefix` (after the deployment's key prefix), or `Prefix.$` with States.Format when it holds
 * `{logicalDate}`. The key prefix goes in as a quoted argument, so the definition still parses
 * where `${DataKeyPrefix}` has not been substituted (the local engine binds it per call).
 */
function prefixParameter(prefix: string): Record<string, string> {
  const keyPrefix = placeholder(DATA_KEY_PREFIX_KEY);
  if (!prefix.includes(LOGICAL_DATE_TOKEN)) return { Prefix: `${keyPrefix}${prefix}` };
  const parts = prefix.split(LOGICAL_DATE_TOKEN);
  const template = `{}${parts.map(escapeFormat).join('{}')}`;
  const args = [`'${keyPrefix}'`, ...parts.slice(1).map(() => '$.input.logicalDate')];
  return { 'Prefix.$': `States.Format('${template}', ${args.join(', ')})` };
}

/** States.Format treats `{`, `}`, `'` and `\` specially; escape them in literal text. */
function escapeFormat(text: string): string {
  return text.replace(/[\\{}']/g, (c) => `\\${c}`);
}
