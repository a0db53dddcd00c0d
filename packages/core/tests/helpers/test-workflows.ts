import {
  chain,
  defineWorkflow,
  GLUE_STEP_RETRY,
  glue,
  lambda,
  type Workflow,
} from '../../src/workflow/index.js';

/** A five-step Express chain, the shape of the shipped realtime workflow. */
export const realtimeWorkflow: Workflow = defineWorkflow({
  name: 'realtime',
  type: 'EXPRESS',
  timeoutSeconds: 300,
  defaultTaskTimeoutSeconds: 120,
  steps: chain(
    lambda('ETLStage'),
    lambda('FilterStage'),
    lambda('ScoreStage'),
    lambda('StoreStage'),
    lambda('ReactiveStage'),
  ),
});

/** A Standard chain with a Glue step in the middle, the shape of the shipped batch workflow. */
export const batchWorkflow: Workflow = defineWorkflow({
  name: 'batch',
  type: 'STANDARD',
  timeoutSeconds: 6 * 60 * 60,
  defaultTaskTimeoutSeconds: 900,
  steps: chain(
    lambda('ETLStage'),
    lambda('FilterStage'),
    glue('HeavyETLStage', { timeoutSeconds: 100 * 60, retry: [GLUE_STEP_RETRY] }),
    lambda('ScoreStage'),
    lambda('StoreStage'),
    lambda('ReactiveStage'),
  ),
  schedule: { expression: 'cron(0 2 * * ? *)', timeZone: 'UTC' },
});
