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

/** A step run by a Lambda function that hosts a ceap stage. */
export interface LambdaStep {
  readonly kind: 'lambda';
  /** The stage's name: its state name, its S3 folder and its substitution key. */
  readonly stage: string;
  /** @default the workflow's `defaultTaskTimeoutSeconds` */
  readonly timeoutSeconds?: number;
  /** @default retry transient Lambda errors and `RetryableStageError` with backoff */
  readonly retry?: readonly RetryPolicy[];
}

/** A step run by an AWS Glue job and awaited with `glue:startJobRun.sync` (Standard only). */
export interface GlueStep {
  readonly kind: 'glue';
  readonly stage: string;
  readonly timeoutSeconds?: number;
  readonly retry?: readonly RetryPolicy[];
}

export type WorkflowStep = LambdaStep | GlueStep;

/** A nightly (or other) schedule, evaluated in a named time zone. */
export interface WorkflowSchedule {
  /** An EventBridge Scheduler cron expression, e.g. `cron(0 2 * * ? *)`. */
  readonly expression: string;
  /** An IANA time zone, e.g. `Europe/London`. */
  readonly timeZone: string;
}

/** A workflow is data: the compiler turns it into Amazon States Language. */
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
  /**
   * Route any failure that retries did not fix to a Fail state that carries the error and
   * cause. Off by default: without it the failing task itself fails the execution, which is
   * where Step Functions' redrive resumes.
   * @default false
   */
  readonly catchToFailState?: boolean;
  readonly schedule?: WorkflowSchedule;
}
