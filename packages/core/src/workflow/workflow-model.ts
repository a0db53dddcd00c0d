/** Express runs synchronously for up to 5 minutes; Standard runs asynchronously for up to a year. */
export type WorkflowType = 'EXPRESS' | 'STANDARD';

/** One Retry rule, in ASL terms. */
export interface RetryPolicy {
  /** Error names to match, e.g. `StageErrorName.Retryable`. */
  readonly errors: readonly string[];
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
  readonly maxDelaySeconds?: number;
  /** @default 'NONE' */
  readonly jitter?: 'FULL' | 'NONE';
}

/**
 * When a step runs, given how its upstream steps ended (Airflow's trigger rules):
 * - `all_success`: every upstream succeeded; an upstream that was skipped skips this step
 *   too, and one that failed marks it UPSTREAM_FAILED;
 * - `all_done`: every upstream ended, whatever its outcome. The step receives each upstream's
 *   status in its inputs; upstream failures are caught so that it can run, and the execution
 *   still fails once the workflow has ended.
 */
export type TriggerRule = 'all_success' | 'all_done';

/** What every step has. */
export interface StepCommon {
  /** The step's name: its state name in ASL and its folder under the execution's prefix. */
  readonly name: string;
  /** The steps that must end before this one starts. @default none: it starts first */
  readonly after?: readonly string[];
  /** @default 'all_success' */
  readonly triggerRule?: TriggerRule;
  /** @default the workflow's `defaultTaskTimeoutSeconds` */
  readonly timeoutSeconds?: number;
  /** @default retry transient errors with backoff (Lambda), none (Glue) */
  readonly retry?: readonly RetryPolicy[];
}

/** A step run by the Lambda function that hosts a ceap stage. */
export interface LambdaStep extends StepCommon {
  readonly kind: 'lambda';
  /** The bound stage's name; steps that run the same stage share its function. */
  readonly stage: string;
  /** How the stage stores its output: `parts` outputs can be mapped over. @default 'object' */
  readonly outputLayout?: 'object' | 'parts';
}

/** A step run by an AWS Glue job and awaited with `glue:startJobRun.sync` (Standard only). */
export interface GlueStep extends StepCommon {
  readonly kind: 'glue';
  /** The job's binding name. @default the step's name */
  readonly job: string;
}

/**
 * Dynamic task mapping: runs a stage once per part file of an upstream step's folder output,
 * each iteration writing one part of this step's own folder output.
 */
export interface MapStep extends StepCommon {
  readonly kind: 'map';
  readonly stage: string;
  /** The upstream step whose part files are the items; it must be in `after`. */
  readonly over: string;
  /** @default 10 */
  readonly maxConcurrency?: number;
  /** Iterations that may fail while the step still succeeds. @default 0 */
  readonly toleratedFailureCount?: number;
}

/** A comparison on a figure of an upstream step's result, e.g. `records > 0`. */
export interface BranchCondition {
  /** The upstream step whose result is tested. */
  readonly step: string;
  /** A field of its result: `records`, `rejected`, `filtered`, `received`, or `metrics.NAME`. */
  readonly field: string;
  readonly op: '==' | '!=' | '>' | '>=' | '<' | '<=';
  readonly value: number | string | boolean;
}

/** One route of a branch: when the condition holds, these downstream steps run. */
export interface BranchRoute {
  readonly when: BranchCondition;
  readonly follow: readonly string[];
}

/**
 * A choice on upstream results (Airflow's `@task.branch` and short-circuit). The first route
 * whose condition holds is followed, else `otherwise`. Downstream steps named in a route that
 * was not taken are SKIPPED, and so is everything that needs them.
 */
export interface BranchStep extends StepCommon {
  readonly kind: 'branch';
  readonly routes: readonly BranchRoute[];
  /** @default none: every routed step is skipped when no condition holds */
  readonly otherwise?: readonly string[];
}

/** A pause, for a duration or until a timestamp in the execution input. */
export interface WaitStep extends StepCommon {
  readonly kind: 'wait';
  readonly seconds?: number;
  /** A field of the execution input holding an ISO-8601 timestamp, e.g. `notBefore`. */
  readonly untilInputField?: string;
}

/**
 * Waits until an object exists under a prefix of the data bucket (Airflow's S3KeySensor),
 * polling every `intervalSeconds` for at most `timeoutSeconds`. `{logicalDate}` in the prefix
 * is replaced with the execution input's logical date.
 */
export interface S3SensorStep extends StepCommon {
  readonly kind: 's3-sensor';
  /** e.g. `incoming/dt={logicalDate}/_SUCCESS` */
  readonly prefix: string;
  readonly intervalSeconds: number;
  /** When it times out: fail the step (the default), or skip it and what needs it. */
  readonly softFail?: boolean;
}

export type WorkflowStep = LambdaStep | GlueStep | MapStep | BranchStep | WaitStep | S3SensorStep;

/** A schedule, evaluated in a named time zone. */
export interface WorkflowSchedule {
  /** An EventBridge Scheduler cron expression, e.g. `cron(0 2 * * ? *)`. */
  readonly expression: string;
  /** An IANA time zone, e.g. `Europe/London`. */
  readonly timeZone: string;
}

/**
 * A data-aware trigger (Airflow's dataset scheduling): the workflow runs when an object is
 * created under `objectCreated.prefix` of its data bucket (after the deployment's key prefix).
 * The run's logical date is the key's `dt=YYYY-MM-DD` part. On AWS an EventBridge rule on
 * S3 "Object Created" starts it; locally `ceap scheduler` watches the prefix.
 */
export interface WorkflowTrigger {
  readonly objectCreated: {
    /** e.g. `landing/orders/`; never under `executions/`, where the runs write their outputs. */
    readonly prefix: string;
  };
}

/** A workflow is data: a DAG of steps that the compiler turns into Amazon States Language. */
export interface Workflow {
  /** 1-64 characters of a-z 0-9 -; used in resource names. */
  readonly name: string;
  readonly type: WorkflowType;
  readonly description?: string;
  readonly steps: readonly WorkflowStep[];
  /** The whole execution's limit. Express allows at most 300. */
  readonly timeoutSeconds: number;
  /** Applied to steps that set none. */
  readonly defaultTaskTimeoutSeconds: number;
  readonly schedule?: WorkflowSchedule;
  readonly trigger?: WorkflowTrigger;
}
