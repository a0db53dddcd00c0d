/**
 * @ceap/runner: the ceap CLI's typed client. Start, watch and read executions on the local
 * embedded engine (the default) or on AWS Step Functions. The client depends on @ceap/core
 * only and loads a target's engine when that target is used; the embedded engine itself is
 * `@ceap/runner/local`.
 */
export type { AwsTargetOptions, BackoffOptions } from './aws/aws-target-options.js';
export type { CleanReport, CleanRequest } from './client/clean-types.js';
export type { LogsRequest } from './client/execution-logs.js';
export type { SendOutcome, SendRequest } from './client/pipe-send.js';
export {
  createRunnerClient,
  type GraphOptions,
  type RunnerClient,
} from './client/runner-client.js';
export type { RunnerClientOptions } from './client/runner-client-options.js';
export type { RejectsRequest, StageRejects } from './client/stage-rejects.js';
export { type CeapConfig, defineConfig } from './config/ceap-config.js';
export {
  ExecutionStatus,
  ExitCode,
  LOCAL_DATA_BUCKET,
  StageStatus,
  Target,
} from './constants.js';
export type { LambdaSizing } from './cost/billing-units.js';
export type { CostLine, CostSummary } from './cost/cost-lines.js';
export {
  type CostProjection,
  type CostProjectionRequest,
  PROJECTION_DEFAULTS,
} from './cost/cost-projection.js';
export {
  BUILT_IN_PRICES,
  type ExecutionCost,
  type PricesInUse,
  type RecordedUsage,
} from './cost/execution-cost.js';
export type { ExecutionUsage, TaskUsage } from './cost/execution-usage.js';
export { DEFAULT_PRICES, type PriceTable } from './cost/price-table.js';
export { type LoadedPrices, loadPrices } from './cost/prices-file.js';
export {
  AccessDeniedError,
  CeapHomeError,
  ConfigFileError,
  ExecutionAlreadyExistsError,
  ExecutionFailedError,
  type ExecutionFailure,
  ExecutionInputTooLargeError,
  ExecutionNotFoundError,
  InputFileError,
  PricesFileError,
  RunnerUsageError,
  StateMachineNotFoundError,
  ThrottledError,
  UnknownWorkflowError,
  UsageNotRecordedError,
} from './errors.js';
export type {
  ExecutionAttempt,
  ExecutionDescription,
  ExecutionFilter,
  ExecutionHandle,
  RedriveRequest,
  StageSummary,
  StartRequest,
} from './execution-types.js';
export {
  type LatencyPercentiles,
  LOAD_LIMITS,
  type LoadReport,
  type LoadRequest,
} from './load/load-types.js';
export { runLocalLoad } from './load/local-load.js';
export { runSqsLoad, type SqsLoadOptions } from './load/sqs-load.js';
export type { LocalStageBindings } from './local/local-engine-options.js';
export type { DetachedWorkerCommand, LocalTargetOptions } from './local/local-target-options.js';
