import type { Workflow } from '@ceap/core/workflow';
import type { LocalStageBindings } from './local-engine-options.js';

/**
 * The process a detached start spawns: `command` with `args`, then the execution id. It runs
 * with `CEAP_HOME`, `CEAP_EXAMPLES`, `CEAP_KEY_PREFIX` (and `LOG_LEVEL` when set) in its
 * environment, reads its stdin to the end, then must take the execution over with
 * `getHandle(executionId)` and wait for `result()`.
 */
export interface DetachedWorkerCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/** Options of the local target. */
export interface LocalTargetOptions {
  /** Where local state lives. @default see resolveCeapHome: CEAP_HOME, else `.ceap/` at the workspace root */
  readonly home?: string;
  /** The shipped samples. @default `examples/` at the workspace root */
  readonly examplesDirectory?: string;
  /** An S3-compatible endpoint (MinIO, LocalStack), with credentials from the standard AWS chain. @default the embedded S3 server */
  readonly s3Endpoint?: string;
  /** @default process.env.CEAP_KEY_PREFIX ?? '' */
  readonly keyPrefix?: string;
  /** The code behind each task. @default the stages of @ceap/stages and the local Glue executor */
  readonly bindings?: LocalStageBindings;
  /** The stages' configuration. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Milliseconds before each retry, by state name. @default the Glue step waits
   * LOCAL_GLUE_RETRY_INTERVAL_MS (5 s) instead of 5 minutes; Lambda steps wait as on AWS.
   */
  readonly retryIntervalOverrides?: Readonly<Record<string, number | number[]>>;
  /** The stages' log level (logs go to `.ceap/logs/{id}.log`). @default process.env.LOG_LEVEL ?? 'info' */
  readonly logLevel?: string;
  /**
   * How many executions this target runs at once; the others wait in arrival order, and their
   * TimeoutSeconds count from when they start. A waiting execution that is stopped ends
   * ABORTED without running a step.
   * @default CEAP_MAX_ACTIVE from `env`, else 4 per core (`os.availableParallelism()`)
   */
  readonly maxActive?: number;
  /** @default SHIPPED_WORKFLOWS from @ceap/stages */
  readonly workflows?: Readonly<Record<string, Workflow>>;
  /**
   * What runs a detached start. The worker knows only the workflows and stages it loads
   * itself: give your own when the client has workflows or bindings of its own.
   * @default the ceap CLI's hidden `__run` command, on this process's Node with its flags
   */
  readonly worker?: DetachedWorkerCommand;
}
