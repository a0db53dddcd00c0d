import type { Workflow } from '@ceap/core/workflow';
import type { AwsTargetOptions } from '../aws/aws-target-options.js';
import type { Target } from '../constants.js';
import type { LocalTargetOptions } from '../local/local-target-options.js';

/** Options of {@link createRunnerClient}. */
export interface RunnerClientOptions {
  /** Where executions run. @default 'local' */
  readonly target?: Target;
  /** Options of the local target. */
  readonly local?: LocalTargetOptions;
  /** Options of the AWS target. */
  readonly aws?: AwsTargetOptions;
  /**
   * The workflows the client knows, by name.
   * @default SHIPPED_WORKFLOWS from @ceap/stages, loaded on first use
   */
  readonly workflows?: Readonly<Record<string, Workflow>>;
}
