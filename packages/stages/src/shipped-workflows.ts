import { GLUE_STEP_RETRY, type Workflow } from '@ceap/core/workflow';
import { StageName } from './stage-names.js';

/** ETL → Filter → Score → Store → Reactive, synchronously, for an SQS message of records. */
export const realtimeWorkflow: Workflow = {
  name: 'realtime',
  type: 'EXPRESS',
  description: 'Scores a small batch of candidates synchronously and fires actions for the best',
  timeoutSeconds: 300,
  defaultTaskTimeoutSeconds: 120,
  steps: [
    { kind: 'lambda', stage: StageName.ETL },
    { kind: 'lambda', stage: StageName.Filter },
    { kind: 'lambda', stage: StageName.Score },
    { kind: 'lambda', stage: StageName.Store },
    { kind: 'lambda', stage: StageName.Reactive },
  ],
};

/** ETL → Filter → HeavyETL (Glue) → Score → Store → Reactive, nightly, asynchronously. */
export const batchWorkflow: Workflow = {
  name: 'batch',
  type: 'STANDARD',
  description: 'The nightly batch: heavy ETL on Glue between filtering and scoring',
  timeoutSeconds: 6 * 60 * 60,
  defaultTaskTimeoutSeconds: 900,
  steps: [
    { kind: 'lambda', stage: StageName.ETL },
    { kind: 'lambda', stage: StageName.Filter },
    { kind: 'glue', stage: StageName.HeavyETL, timeoutSeconds: 120 * 60, retry: [GLUE_STEP_RETRY] },
    { kind: 'lambda', stage: StageName.Score },
    { kind: 'lambda', stage: StageName.Store },
    { kind: 'lambda', stage: StageName.Reactive },
  ],
  schedule: { expression: 'cron(0 2 * * ? *)', timeZone: 'UTC' },
};

/** The workflows ceap ships, by name: what the runner and the CDK app use by default. */
export const SHIPPED_WORKFLOWS: Readonly<Record<string, Workflow>> = {
  realtime: realtimeWorkflow,
  batch: batchWorkflow,
};
