/**
 * How compiled state names relate to steps. A step's main state carries the step's name; the
 * states around it carry `{step}.{suffix}`; the workflow's own states start with `@`. Neither
 * `.` nor `@` can appear in a step name (and Step Functions accepts both in state names, unlike
 * `#`, `:` or `/`), so every name is unique and maps back to its step, inside Parallel branches
 * and Map iterations too.
 */
/** What the workflow's own state names start with. */
export const WORKFLOW_STATE_MARK = '@';

export const StateSuffix = {
  Guard: 'guard',
  Skipped: 'skipped',
  UpstreamFailed: 'upstreamFailed',
  Failed: 'failed',
  Output: 'output',
  Items: 'items',
  ItemsCheck: 'itemsCheck',
  None: 'none',
  TooManyParts: 'tooManyParts',
  Check: 'check',
  AllFailed: 'allFailed',
  Tolerance: 'tolerance',
  TooManyFailures: 'tooManyFailures',
  Iteration: 'iteration',
  IterationFailed: 'iterationFailed',
  Done: 'done',
  Wait: 'wait',
  Count: 'count',
  TimedOut: 'timedOut',
  Route: 'route',
  Otherwise: 'otherwise',
  /** The Fail state that ends a run whose caught failure an `all_done` step has seen. */
  FailedRun: 'failedRun',
} as const;

/** One of the {@link StateSuffix} values. */
export type StateSuffix = (typeof StateSuffix)[keyof typeof StateSuffix];

/** The workflow's own states, which belong to no step. */
export const WorkflowState = {
  Start: '@start',
  ReleaseInput: '@releaseInput',
  End: '@end',
  Output: '@output',
} as const;

/** `{step}.{suffix}`: a state that belongs to a step. */
export function stepStateName(step: string, suffix: StateSuffix, index?: number): string {
  return `${step}.${suffix}${index === undefined ? '' : index}`;
}

/** `@parallel{n}`: the nth Parallel state of a workflow. */
export function parallelStateName(index: number): string {
  return `${WORKFLOW_STATE_MARK}parallel${index}`;
}

/** The step a state belongs to, or undefined for the workflow's own states. */
export function stepOfState(stateName: string): string | undefined {
  if (stateName.startsWith(WORKFLOW_STATE_MARK)) return undefined;
  const dot = stateName.indexOf('.');
  return dot === -1 ? stateName : stateName.slice(0, dot);
}

/** The state that turns a Glue job run into the step's pointer. */
export function glueOutputStateName(step: string): string {
  return stepStateName(step, StateSuffix.Output);
}
