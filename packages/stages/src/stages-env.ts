import { StageEnv } from '@ceap/core';

/**
 * Environment variables the stages read. Each stage reads its own on every invocation, so a
 * corrected environment takes effect on redrive. `CEAP_DATA_BUCKET`, `CEAP_KEY_PREFIX` and
 * `CEAP_S3_ENDPOINT` are read by every stage's Lambda handler (see `StageEnv` in `@ceap/core`).
 */
export const StagesEnv = {
  ...StageEnv,
  /** ETLStage: the largest raw record accepted, in bytes. @default 65536 */
  EtlMaxRecordBytes: 'CEAP_ETL_MAX_RECORD_BYTES',
  /** FilterStage: eligibility rules, a path to a JSON file or inline JSON. @default built-in rules */
  FilterRules: 'CEAP_FILTER_RULES',
  /** ScoreStage: the logistic model, a path to a JSON file or inline JSON. @default built-in model */
  ScoreModel: 'CEAP_SCORE_MODEL',
  /** ReactiveStage: the lowest score that emits an event, 0..1. @default 0.7 */
  ReactiveThreshold: 'CEAP_REACTIVE_THRESHOLD',
  /** ReactiveStage: the EventBridge bus. When unset (and no endpoint), events go to `events.json`. */
  EventBusName: 'CEAP_EVENT_BUS_NAME',
  /** ReactiveStage: an EventBridge-compatible endpoint (e.g. LocalStack). Unset on AWS. */
  EventBridgeEndpoint: 'CEAP_EVENTBRIDGE_ENDPOINT',
  /** QualityStage: the least share, 0..1, of records that must carry each field. @default 0.9 */
  QualityMinCompleteness: 'CEAP_QUALITY_MIN_COMPLETENESS',
  /** ReactiveStage: the `Source` of the events. @default 'ceap.candidates' */
  EventSource: 'CEAP_EVENT_SOURCE',
} as const;
