import {
  chain,
  defineWorkflow,
  GLUE_STEP_RETRY,
  glue,
  lambda,
  map,
  s3Sensor,
  shortCircuit,
  type Workflow,
} from '@ceap/core/workflow';
import { StageName } from './stage-names.js';

/** ETL → Filter → Score → Store → Reactive, synchronously, for an SQS message of records. */
export const realtimeWorkflow: Workflow = defineWorkflow({
  name: 'realtime',
  type: 'EXPRESS',
  description: 'Scores a small batch of candidates synchronously and fires actions for the best',
  timeoutSeconds: 300,
  defaultTaskTimeoutSeconds: 120,
  steps: chain(
    lambda(StageName.ETL),
    lambda(StageName.Filter),
    lambda(StageName.Score),
    lambda(StageName.Store),
    lambda(StageName.Reactive),
  ),
});

/**
 * ETL → Filter → HeavyETL (Glue) → Score, mapped over the Glue job's part files → Store →
 * Reactive, nightly, asynchronously. Mapping Score keeps each Lambda's share of a large night
 * to one part file.
 */
export const batchWorkflow: Workflow = defineWorkflow({
  name: 'batch',
  type: 'STANDARD',
  description: 'The nightly batch: heavy ETL on Glue between filtering and scoring',
  timeoutSeconds: 6 * 60 * 60,
  defaultTaskTimeoutSeconds: 900,
  steps: [
    ...chain(
      lambda(StageName.ETL),
      lambda(StageName.Filter),
      glue(StageName.HeavyETL, { timeoutSeconds: 100 * 60, retry: [GLUE_STEP_RETRY] }),
    ),
    ...chain(
      map(StageName.Score, { over: StageName.HeavyETL, maxConcurrency: 10 }),
      lambda(StageName.Store),
      lambda(StageName.Reactive),
    ),
  ],
  schedule: { expression: 'cron(0 2 * * ? *)', timeZone: 'UTC' },
});

/** The short-circuit step of {@link guardedBatchWorkflow}. */
export const HAS_CANDIDATES_STEP = 'HasCandidates';
/** The sensor step of {@link guardedBatchWorkflow}. */
export const INPUT_READY_STEP = 'InputReady';

/**
 * The nightly batch as a DAG: wait for the producer's `_SUCCESS` marker, extract, stop early
 * when nothing came in, then score and check data quality side by side and store only when
 * both succeeded.
 *
 * ```
 * InputReady → ETL → HasCandidates ─┬→ Filter → Score ─┬→ Store → Reactive
 *                                   └→ Quality ────────┘
 * ```
 */
export const guardedBatchWorkflow: Workflow = defineWorkflow({
  name: 'guarded-batch',
  type: 'STANDARD',
  description: 'The nightly batch as a DAG: a sensor, a short-circuit and a data-quality gate',
  timeoutSeconds: 8 * 60 * 60,
  defaultTaskTimeoutSeconds: 900,
  steps: [
    s3Sensor(INPUT_READY_STEP, {
      prefix: 'incoming/dt={logicalDate}/_SUCCESS',
      intervalSeconds: 300,
      timeoutSeconds: 2 * 60 * 60,
    }),
    lambda(StageName.ETL, { after: [INPUT_READY_STEP] }),
    shortCircuit(HAS_CANDIDATES_STEP, {
      step: StageName.ETL,
      follow: [StageName.Filter, StageName.Quality],
    }),
    lambda(StageName.Filter, { after: [HAS_CANDIDATES_STEP] }),
    lambda(StageName.Score, { after: [StageName.Filter] }),
    lambda(StageName.Quality, { after: [HAS_CANDIDATES_STEP] }),
    lambda(StageName.Store, { after: [StageName.Score, StageName.Quality] }),
    lambda(StageName.Reactive, { after: [StageName.Store] }),
  ],
});

/** The workflows ceap ships, by name: what the runner and the CDK app use by default. */
export const SHIPPED_WORKFLOWS: Readonly<Record<string, Workflow>> = {
  realtime: realtimeWorkflow,
  batch: batchWorkflow,
  'guarded-batch': guardedBatchWorkflow,
};
