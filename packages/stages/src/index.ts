/**
 * @ceap/stages: the five Lambda stages of the candidates pipeline (ETL, Filter, Score, Store,
 * Reactive), each a reusable stage object for `runStage`, the local engine and Lambda. The
 * Lambda handlers are under `@ceap/stages/handlers`.
 */
export {
  CANDIDATE_QUALIFIED,
  type CandidateEvent,
  type CandidateQualifiedDetail,
  DEFAULT_EVENT_SOURCE,
} from './candidate-event.js';
export {
  type NormalizeFailure,
  type NormalizeResult,
  normalizeCandidate,
} from './candidate-normalizer.js';
export type { CandidateRecord, ScoredCandidate } from './candidate-record.js';
export {
  EventPublishError,
  ExecutionInputTooLargeError,
  InvalidExecutionInputError,
} from './errors.js';
export { type EtlInput, type EtlUnit, parseEtlInput } from './etl-input.js';
export { MAX_STATE_PAYLOAD_BYTES } from './etl-source.js';
export {
  createEtlStage,
  DEFAULT_MAX_RECORD_BYTES,
  type EtlConfig,
  type EtlStageOptions,
  etlStage,
} from './etl-stage.js';
export {
  type EventBridgeSender,
  PUT_EVENTS_MAX_BYTES,
  PUT_EVENTS_MAX_ENTRIES,
  type PublishRetryOptions,
} from './event-publisher.js';
export { type CandidateField, FIELD_ALIASES } from './field-aliases.js';
export {
  DEFAULT_FILTER_RULES,
  type FilterRules,
  type FilterRulesInput,
  filterRulesSchema,
  loadFilterRules,
  parseFilterRules,
} from './filter-rules.js';
export { createFilterStage, type FilterStageOptions, filterStage } from './filter-stage.js';
export {
  createQualityStage,
  DataQualityError,
  DEFAULT_MIN_COMPLETENESS,
  DEFAULT_QUALITY_FIELDS,
  QUALITY_INSPECTED,
  QUALITY_REPORT_OBJECT,
  type QualityConfig,
  qualityStage,
} from './quality-stage.js';
export {
  createReactiveStage,
  DEFAULT_REACTIVE_THRESHOLD,
  EVENTS_OBJECT,
  loadReactiveConfig,
  type ReactiveConfig,
  type ReactiveStageOptions,
  reactiveStage,
} from './reactive-stage.js';
export {
  EtlRejectReason,
  FilterReason,
  FilterRejectReason,
  ScoredRecordRejectReason,
  ScoreRejectReason,
} from './reject-reasons.js';
export { daysSince, extractFeatures } from './score-features.js';
export {
  DEFAULT_SCORE_MODEL,
  loadScoreModel,
  parseScoreModel,
  SCORE_FEATURES,
  type ScoreFeature,
  type ScoreModel,
  type ScoreModelInput,
  scoreFeatures,
  scoreModelSchema,
} from './score-model.js';
export { createScoreStage, type ScoreStageOptions, scoreStage } from './score-stage.js';
export {
  batchWorkflow,
  guardedBatchWorkflow,
  HAS_CANDIDATES_STEP,
  INPUT_READY_STEP,
  realtimeWorkflow,
  SHIPPED_WORKFLOWS,
} from './shipped-workflows.js';
export { StageName } from './stage-names.js';
export { HANDLER_ENTRIES, STAGES } from './stage-registry.js';
export { StagesEnv } from './stages-env.js';
export { createStoreStage, datasetKey, type StoreStageOptions, storeStage } from './store-stage.js';
