import { guardedBatchWorkflow, realtimeWorkflow } from '@ceap/stages';
import type { Benchmark } from '../harness.js';
import { noOpRuns } from './no-op-runs.js';

/** The realtime chain with no-op stages: what ceap adds to each step. */
export const engineOverhead: Benchmark = {
  name: 'engineOverhead',
  run: ({ quick, rounds }) =>
    noOpRuns(realtimeWorkflow, quick ? 5 : 20, rounds, {
      name: 'engineOverhead',
      description: 'the realtime workflow (5 steps) with no-op stages',
    }),
};

/** The example DAG (sensor, short-circuit, parallel branches, join) with no-op stages. */
export const dagOverhead: Benchmark = {
  name: 'dagOverhead',
  run: ({ quick, rounds }) =>
    noOpRuns(guardedBatchWorkflow, quick ? 3 : 20, rounds, {
      name: 'dagOverhead',
      description: 'the guarded-batch DAG (8 steps) with no-op stages',
    }),
};
