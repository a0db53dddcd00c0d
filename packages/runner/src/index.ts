/**
 * @ceap/runner: the ceap CLI's typed client. Start, watch and read executions on the local
 * embedded engine (the default) or on AWS Step Functions.
 */
export {
  AwsTarget,
  executionArnOf,
  STATE_MACHINE_ARN_OUTPUT,
  workflowStackName,
} from './aws/aws-target.js';
export type { AwsTargetOptions, BackoffOptions } from './aws/aws-target-options.js';
export { backoffDelays } from './aws/backoff.js';
export type { ExecutionTarget } from './client/execution-target.js';
export { createRunnerClient, type RunnerClient } from './client/runner-client.js';
export type { RunnerClientOptions } from './client/runner-client-options.js';
export {
  CEAP_HOME_DIR,
  ExecutionStatus,
  ExitCode,
  LOCAL_DATA_BUCKET,
  LOCAL_GLUE_RETRY_INTERVAL_MS,
  StageStatus,
  Target,
} from './constants.js';
export {
  AccessDeniedError,
  ExecutionAlreadyExistsError,
  ExecutionFailedError,
  type ExecutionFailure,
  ExecutionNotFoundError,
  InputFileError,
  RunnerUsageError,
  StateMachineNotFoundError,
  ThrottledError,
  UnknownWorkflowError,
} from './errors.js';
export { newExecutionId } from './execution-ids.js';
export type {
  ExecutionDescription,
  ExecutionFilter,
  ExecutionHandle,
  StageSummary,
  StartRequest,
} from './execution-types.js';
export { mermaidFlowchart } from './graph/mermaid-graph.js';
export { ExecutionIndex, type ExecutionRecord } from './index-store/execution-index.js';
export { resolveCeapHome } from './local/ceap-home.js';
export {
  createLocalEngine,
  type LocalEngine,
  type LocalOutcome,
  type LocalRun,
} from './local/local-engine.js';
export type {
  GlueExecutorFactory,
  LocalEngineOptions,
  LocalGlueExecutor,
  LocalJobRunLike,
  LocalStageBindings,
} from './local/local-engine-options.js';
export { LocalTarget } from './local/local-target.js';
export type { LocalTargetOptions } from './local/local-target-options.js';
