import { GLUE_STEP_RETRY, type Workflow } from '../../src/workflow/index.js';

/** A five-step Express chain, the shape of the shipped realtime workflow. */
export const realtimeWorkflow: Workflow = {
  name: 'realtime',
  type: 'EXPRESS',
  timeoutSeconds: 300,
  defaultTaskTimeoutSeconds: 120,
  steps: [
    { kind: 'lambda', stage: 'ETLStage' },
    { kind: 'lambda', stage: 'FilterStage' },
    { kind: 'lambda', stage: 'ScoreStage' },
    { kind: 'lambda', stage: 'StoreStage' },
    { kind: 'lambda', stage: 'ReactiveStage' },
  ],
};

/** A Standard chain with a Glue step in the middle, the shape of the shipped batch workflow. */
export const batchWorkflow: Workflow = {
  name: 'batch',
  type: 'STANDARD',
  timeoutSeconds: 6 * 60 * 60,
  defaultTaskTimeoutSeconds: 900,
  steps: [
    { kind: 'lambda', stage: 'ETLStage' },
    { kind: 'lambda', stage: 'FilterStage' },
    { kind: 'glue', stage: 'HeavyETLStage', timeoutSeconds: 120 * 60, retry: [GLUE_STEP_RETRY] },
    { kind: 'lambda', stage: 'ScoreStage' },
    { kind: 'lambda', stage: 'StoreStage' },
    { kind: 'lambda', stage: 'ReactiveStage' },
  ],
  schedule: { expression: 'cron(0 2 * * ? *)', timeZone: 'UTC' },
};
