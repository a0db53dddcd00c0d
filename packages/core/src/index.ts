/**
 * @ceap/core: the stage contract (S3 in, S3 out, keyed by executionId) and what a stage author
 * or a pipeline needs around it: record streams over S3, the run manifest, the logical date,
 * named errors, the logger, and the names that infra and the runner share.
 *
 * The workflow model and its compiler are in `@ceap/core/workflow`; the embedded S3 server in
 * `@ceap/core/embedded-s3`; test helpers in `@ceap/core/testing`.
 */
export {
  DEFAULT_DEPLOYMENT_PREFIX,
  dataStackName,
  WorkflowStackOutput,
  workflowStackName,
} from './contracts/deployment-names.js';
export {
  GLUE_JOB_ARGUMENT_NAMES,
  GlueJobArgument,
  type GlueJobArgumentName,
  type GlueJobArguments,
} from './contracts/glue-job-arguments.js';
export {
  GLUE_LOG_ROOT,
  type GlueJobLogSettings,
  GlueLogArgument,
  GlueLogGroup,
  glueDriverLogFolder,
  glueJobLogFolder,
} from './contracts/glue-log-groups.js';
export type { StageAccess } from './contracts/stage-access.js';
export {
  STAGE_FUNCTION_ARCHITECTURE,
  STAGE_FUNCTION_MEMORY_MB,
} from './contracts/stage-function-sizing.js';
export {
  CeapError,
  ConfigurationError,
  describeValue,
  FatalStageError,
  InvalidExecutionIdError,
  InvalidWorkflowError,
  RetryableStageError,
  StageAbortedError,
  StageErrorName,
} from './errors.js';
export {
  EXECUTION_ID_RULE,
  type ExecutionId,
  isExecutionId,
  parseExecutionId,
} from './execution-id.js';
export { createLogger, type Logger } from './logger.js';
export { ensurePromiseWithResolvers } from './node-compat.js';
export { type DecodeOptions, decodeJsonLines, readJsonLines } from './records/jsonl-reader.js';
export { writeJsonLines } from './records/jsonl-writer.js';
export type {
  FilteredRecord,
  JsonRecord,
  RecordReject,
  RecordSizeSink,
  S3Pointer,
} from './records/record-types.js';
export { createBucketIfMissing } from './records/s3-objects.js';
export { createS3Client, type S3ConnectionOptions } from './s3-client.js';
export {
  assertStageName,
  type DataLocation,
  executionPrefix,
  normalizeKeyPrefix,
  stageFilteredKey,
  stageOutputKey,
  testRunFolder,
  toS3Uri,
} from './s3-keys.js';
export { createStageHandler, StageEnv } from './stage/lambda-handler.js';
export { isLogicalDate, logicalDateOfKey, resolveLogicalDate } from './stage/logical-date.js';
export { type RunManifest, readManifest } from './stage/manifest.js';
export { logicalInputKey } from './stage/run-key.js';
export { runStage, type StageDependencies } from './stage/run-stage.js';
export {
  defineStage,
  type FilterDetail,
  OutputLayout,
  type RejectDetail,
  type SideOutput,
  STAGE_RESULT_FIELDS,
  type StageContext,
  type StageDefinition,
  type StageEvent,
  type StageOptions,
  type StageResult,
  type StageTransform,
  summarizeStageResult,
} from './stage/stage-contract.js';
export {
  FILTERED_KEPT_METRIC,
  readStageLog,
  StageLog,
  stageLogObjects,
  stepRuns,
} from './stage/stage-logs.js';
