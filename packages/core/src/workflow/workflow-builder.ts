import type {
  BranchRoute,
  GlueStep,
  LambdaStep,
  MapStep,
  RetryPolicy,
  S3SensorStep,
  StepCommon,
  TriggerRule,
  WaitStep,
  Workflow,
  WorkflowSchedule,
  WorkflowStep,
  WorkflowTrigger,
  WorkflowType,
} from './workflow-model.js';
import { validateWorkflow } from './workflow-validation.js';

/** A step, by its name or as the step object itself. */
export type StepRef = string | { readonly name: string };

/** A stage, by its name or as the stage object (`defineStage`'s result). */
export type StageRef = string | { readonly name: string; readonly outputLayout?: string };

/** Options every step helper takes. */
export interface StepOptions {
  readonly after?: readonly StepRef[];
  readonly triggerRule?: TriggerRule;
  readonly timeoutSeconds?: number;
  readonly retry?: readonly RetryPolicy[];
}

/** Options of {@link defineWorkflow}. */
export interface WorkflowOptions {
  readonly name: string;
  readonly type: WorkflowType;
  readonly description?: string;
  readonly steps: readonly WorkflowStep[];
  /** @default 300 for EXPRESS, 24 hours for STANDARD */
  readonly timeoutSeconds?: number;
  /** @default 120 for EXPRESS, 900 for STANDARD */
  readonly defaultTaskTimeoutSeconds?: number;
  readonly schedule?: WorkflowSchedule;
  /** Run when an object is created under a prefix of the data bucket. @default none */
  readonly trigger?: WorkflowTrigger;
}

/**
 * Builds and checks a workflow: a DAG of steps with explicit dependencies. Refused at once,
 * naming the step, when it cannot compile.
 *
 * @example
 * const etl = lambda(etlStage);
 * const filter = lambda(filterStage, { after: [etl] });
 * const quality = lambda(qualityStage, { after: [etl] });
 * const store = lambda(storeStage, { after: [filter, quality] });
 * export const nightly = defineWorkflow({
 *   name: 'nightly',
 *   type: 'STANDARD',
 *   steps: [etl, filter, quality, store],
 * });
 */
export function defineWorkflow(options: WorkflowOptions): Workflow {
  const express = options.type === 'EXPRESS';
  const workflow: Workflow = {
    ...options,
    timeoutSeconds: options.timeoutSeconds ?? (express ? 300 : 24 * 60 * 60),
    defaultTaskTimeoutSeconds: options.defaultTaskTimeoutSeconds ?? (express ? 120 : 900),
  };
  validateWorkflow(workflow);
  return workflow;
}

/**
 * Chains steps in order (Airflow's `a >> b >> c`): each step without its own `after` runs after
 * the one before it.
 */
export function chain(...steps: WorkflowStep[]): WorkflowStep[] {
  return steps.map((step, index) =>
    index === 0 || step.after !== undefined
      ? step
      : { ...step, after: [(steps[index - 1] as WorkflowStep).name] },
  );
}

/** A stage run on Lambda. The step is named after the stage unless `name` is given. */
export function lambda(stage: StageRef, options: StepOptions & { name?: string } = {}): LambdaStep {
  const stageName = nameOf(stage);
  const layout = typeof stage === 'string' ? undefined : stage.outputLayout;
  return {
    kind: 'lambda',
    ...common(options.name ?? stageName, options),
    stage: stageName,
    ...(layout === 'parts' && { outputLayout: 'parts' }),
  };
}

/** A Glue job, awaited until its run ends (STANDARD workflows only). */
export function glue(name: string, options: StepOptions & { job?: string } = {}): GlueStep {
  return { kind: 'glue', ...common(name, options), job: options.job ?? name };
}

/** Runs a stage once per part file of `over`'s folder output (Airflow's `expand()`). */
export function map(
  stage: StageRef,
  options: StepOptions & {
    over: StepRef;
    name?: string;
    maxConcurrency?: number;
    toleratedFailureCount?: number;
  },
): MapStep {
  const over = nameOf(options.over);
  const after = options.after ? options.after.map(nameOf) : [over];
  return {
    kind: 'map',
    ...common(options.name ?? nameOf(stage), { ...options, after }),
    stage: nameOf(stage),
    over,
    ...(options.maxConcurrency !== undefined && { maxConcurrency: options.maxConcurrency }),
    ...(options.toleratedFailureCount !== undefined && {
      toleratedFailureCount: options.toleratedFailureCount,
    }),
  };
}

/** A choice on upstream results; see `BranchStep`. Routes name the steps they follow. */
export function branch(
  name: string,
  options: StepOptions & {
    routes: readonly { when: BranchRoute['when']; follow: readonly StepRef[] }[];
    otherwise?: readonly StepRef[];
  },
): WorkflowStep {
  return {
    kind: 'branch',
    ...common(name, options),
    routes: options.routes.map((route) => ({ when: route.when, follow: route.follow.map(nameOf) })),
    ...(options.otherwise && { otherwise: options.otherwise.map(nameOf) }),
  };
}

/** Skips the steps in `follow` (and what needs them) when `step` wrote no records. */
export function shortCircuit(
  name: string,
  options: StepOptions & { step: StepRef; follow: readonly StepRef[] },
): WorkflowStep {
  const step = nameOf(options.step);
  return branch(name, {
    ...options,
    after: options.after ?? [step],
    routes: [{ when: { step, field: 'records', op: '>', value: 0 }, follow: options.follow }],
  });
}

/** A pause: `seconds`, or until the timestamp in the execution input's `untilInputField`. */
export function wait(
  name: string,
  options: StepOptions & { seconds?: number; untilInputField?: string },
): WaitStep {
  return {
    kind: 'wait',
    ...common(name, options),
    ...(options.seconds !== undefined && { seconds: options.seconds }),
    ...(options.untilInputField !== undefined && { untilInputField: options.untilInputField }),
  };
}

/** Waits for an object under `prefix` (`{logicalDate}` is replaced), like S3KeySensor. */
export function s3Sensor(
  name: string,
  options: StepOptions & { prefix: string; intervalSeconds: number; softFail?: boolean },
): S3SensorStep {
  return {
    kind: 's3-sensor',
    ...common(name, options),
    prefix: options.prefix,
    intervalSeconds: options.intervalSeconds,
    ...(options.softFail !== undefined && { softFail: options.softFail }),
  };
}

function common(name: string, options: StepOptions): StepCommon {
  return {
    name,
    ...(options.after && { after: options.after.map(nameOf) }),
    ...(options.triggerRule && { triggerRule: options.triggerRule }),
    ...(options.timeoutSeconds !== undefined && { timeoutSeconds: options.timeoutSeconds }),
    ...(options.retry && { retry: options.retry }),
  };
}

function nameOf(ref: StepRef | StageRef): string {
  return typeof ref === 'string' ? ref : ref.name;
}
