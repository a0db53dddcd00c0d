/**
 * @ceap/core: the stage contract (S3 in, S3 out, keyed by executionId), record streams over
 * S3, and the workflow to Amazon States Language compiler.
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
export type { StageAccess } from './contracts/stage-access.js';
export {
  CeapError,
  ConfigurationError,
  describeValue,
  FatalStageError,
  InvalidExecutionIdError,
  InvalidWorkflowError,
  LAMBDA_TRANSIENT_ERRORS,
  RetryableStageError,
  StageErrorName,
} from './errors.js';
export {
  EXECUTION_ID_RULE,
  type ExecutionId,
  isExecutionId,
  parseExecutionId,
} from './execution-id.js';
export {
  createLogger,
  type LogBindings,
  type Logger,
  type LoggerFactoryOptions,
} from './logger.js';
export { ensurePromiseWithResolvers } from './node-compat.js';
export { AsyncQueue } from './records/async-queue.js';
export { JsonLinesDecoder } from './records/jsonl-decoder.js';
export {
  DEFAULT_MAX_LINE_BYTES,
  type ReadRecordsOptions,
  readJsonLines,
} from './records/jsonl-reader.js';
export {
  type WriteRecordsOptions,
  type WriteSummary,
  writeJsonLines,
} from './records/jsonl-writer.js';
export {
  LineRejectReason,
  type ParsedLine,
  parseJsonLine,
  parseJsonText,
} from './records/line-parser.js';
export { LineSplitter, type RawLine, splitLines } from './records/line-splitter.js';
export type { JsonRecord, RecordReject, RejectSink, S3Pointer } from './records/record-types.js';
export {
  createBucketIfMissing,
  deleteObjectsUnder,
  InputNotFoundError,
  listObjects,
  type ObjectSummary,
  openObjectStream,
  resolveRecordObjects,
} from './records/s3-objects.js';
export { createS3Client, type S3ConnectionOptions } from './s3-client.js';
export {
  assertStageName,
  type DataLocation,
  executionPrefix,
  manifestKey,
  normalizeKeyPrefix,
  StageObject,
  stageObjectKey,
  stageOutputKey,
  stageRejectsKey,
  toS3Uri,
} from './s3-keys.js';
export { classifyStageError, isTransientError } from './stage/error-classification.js';
export { createStageHandler, StageEnv, type StageHandlerOptions } from './stage/lambda-handler.js';
export { isLogicalDate, resolveLogicalDate } from './stage/logical-date.js';
export { type RunManifest, readManifest, recordStageInManifest } from './stage/manifest.js';
export { runStage, type StageDependencies } from './stage/run-stage.js';
export {
  defineStage,
  OutputLayout,
  type RejectDetail,
  type SideOutput,
  type StageContext,
  type StageDefinition,
  type StageEvent,
  type StageOptions,
  type StageResult,
  type StageSource,
  type StageTransform,
  summarizeStageResult,
} from './stage/stage-contract.js';
export { createStageIO, type StageIO } from './stage/stage-io.js';
