import { STAGE_RESULT_FIELDS } from '../stage/stage-contract.js';
import { StateSuffix, stepStateName } from './state-names.js';
import { StepStatus } from './step-status.js';
import type { WorkflowGraph } from './workflow-graph.js';
import type { RetryPolicy, Workflow } from './workflow-model.js';

/** ASL states by name. */
export type States = Record<string, Record<string, unknown>>;

/** The states of one step, entered at `entry`, whose exits all lead to the step's `next`. */
export interface StepStates {
  readonly entry: string;
  readonly states: States;
}

/** What every emitter needs to know. */
export interface EmitContext {
  readonly workflow: Workflow;
  readonly graph: WorkflowGraph;
}

/** `$.steps.{name}`: where a step's result or status lives in the execution's state. */
export function stepPath(name: string): string {
  return `$.steps.${name}`;
}

/** Ends a state with `Next`, or `End` when nothing follows. */
export function withNext(
  state: Record<string, unknown>,
  next: string | undefined,
): Record<string, unknown> {
  return next === undefined ? { ...state, End: true } : { ...state, Next: next };
}

export function toRetrier(policy: RetryPolicy): Record<string, unknown> {
  return {
    ErrorEquals: [...policy.errors],
    IntervalSeconds: policy.intervalSeconds,
    MaxAttempts: policy.maxAttempts,
    BackoffRate: policy.backoffRate,
    ...(policy.maxDelaySeconds !== undefined && { MaxDelaySeconds: policy.maxDelaySeconds }),
    ...(policy.jitter !== undefined && { JitterStrategy: policy.jitter }),
  };
}

/** A Pass state that records a fixed status (and details) as the step's entry. */
export function statusPass(
  name: string,
  status: StepStatus,
  next: string | undefined,
  details: Record<string, unknown> = {},
): Record<string, unknown> {
  return withNext(
    { Type: 'Pass', Result: { status, ...details }, ResultPath: stepPath(name) },
    next,
  );
}

/** `{ status: 'SUCCEEDED', bucket.$: '$.Payload.bucket', … }`: a stage result, unwrapped. */
export function stageResultSelector(prefix: string): Record<string, unknown> {
  return {
    status: StepStatus.Succeeded,
    ...Object.fromEntries(STAGE_RESULT_FIELDS.map((field) => [`${field}.$`, `${prefix}.${field}`])),
  };
}

/**
 * The payload every stage task receives: the execution id and start, the workflow, the step,
 * and its input: the execution input for a step that reads no upstream, the upstream's
 * result for one, or each upstream's result (or status) by name for several.
 */
export function stagePayload(context: EmitContext, name: string): Record<string, unknown> {
  const inputs = context.graph.dataInputsOf(name);
  return {
    'executionId.$': '$$.Execution.Name',
    'executionStartTime.$': '$$.Execution.StartTime',
    workflow: context.workflow.name,
    step: name,
    ...(inputs.length === 0 && { 'input.$': '$.input' }),
    ...(inputs.length === 1 && { 'input.$': stepPath(inputs[0] as string) }),
    ...(inputs.length > 1 && {
      inputs: Object.fromEntries(inputs.map((input) => [`${input}.$`, stepPath(input)])),
    }),
  };
}

/**
 * A catch that records the failure as the step's status and carries on, for steps whose
 * failure an `all_done` descendant must see. Undefined when a failure should end the run.
 */
export function catchFailure(
  context: EmitContext,
  name: string,
  next: string | undefined,
): { catch: Record<string, unknown>[]; states: States } | undefined {
  if (!context.graph.isCaught(name)) return undefined;
  const failed = stepStateName(name, StateSuffix.Failed);
  return {
    catch: [{ ErrorEquals: ['States.ALL'], ResultPath: stepPath(name), Next: failed }],
    states: {
      [failed]: withNext(
        {
          Type: 'Pass',
          InputPath: stepPath(name),
          Parameters: { status: StepStatus.Failed, 'error.$': '$.Error', 'cause.$': '$.Cause' },
          ResultPath: stepPath(name),
        },
        next,
      ),
    },
  };
}

/**
 * Puts a guard before a step that may not run: it is UPSTREAM_FAILED when an upstream failed,
 * SKIPPED when an upstream was skipped or a branch did not follow it; otherwise it runs.
 */
export function guarded(
  context: EmitContext,
  name: string,
  step: StepStates,
  next: string | undefined,
): StepStates {
  const { graph } = context;
  if (!graph.mayBeSkipped(name)) return step;
  const uncertain = graph.upstreamOf(name).filter((upstream) => graph.mayNotSucceed(upstream));
  const statusIs = (upstream: string, status: StepStatus) => ({
    Variable: `${stepPath(upstream)}.status`,
    StringEquals: status,
  });
  const failedRules = uncertain.flatMap((u) => [
    statusIs(u, StepStatus.Failed),
    statusIs(u, StepStatus.UpstreamFailed),
  ]);
  const skippedRules = [
    ...uncertain.map((u) => statusIs(u, StepStatus.Skipped)),
    ...graph.routedFrom(name).map((branch) => ({
      Variable: `${stepPath(branch)}.follow.${name}`,
      BooleanEquals: false,
    })),
  ];
  const skipped = stepStateName(name, StateSuffix.Skipped);
  const upstreamFailed = stepStateName(name, StateSuffix.UpstreamFailed);
  const choices = [
    ...(failedRules.length > 0 ? [{ Or: failedRules, Next: upstreamFailed }] : []),
    ...(skippedRules.length > 0 ? [{ Or: skippedRules, Next: skipped }] : []),
  ];
  const guard = stepStateName(name, StateSuffix.Guard);
  return {
    entry: guard,
    states: {
      [guard]: { Type: 'Choice', Choices: choices, Default: step.entry },
      ...(failedRules.length > 0 && {
        [upstreamFailed]: statusPass(name, StepStatus.UpstreamFailed, next),
      }),
      ...(skippedRules.length > 0 && { [skipped]: statusPass(name, StepStatus.Skipped, next) }),
      ...step.states,
    },
  };
}
