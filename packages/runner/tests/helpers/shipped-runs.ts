import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defineStage,
  type JsonRecord,
  RetryableStageError,
  type StageDefinition,
} from '@ceap/core';
import type { ScratchS3 } from '@ceap/core/testing';
import type { Workflow } from '@ceap/core/workflow';
import { batchWorkflow, realtimeWorkflow, STAGES, StageName } from '@ceap/stages';
import type { StageSummary } from '../../src/execution-types.js';
import { StageTracker } from '../../src/local/stage-tracker.js';
import { type CompiledRun, runCompiledWorkflow } from './compiled-run.js';
import { REPO_ROOT } from './run-cli.js';

/** Records the shipped batch runs on in these tests: the first dozen of the realtime sample. */
const SAMPLE_SIZE = 12;

/**
 * Stands in for the HeavyETL Glue job: a stage under the Glue step's name, run by `runStage`
 * as the job's runtime does, so it writes its output and its manifest entry under
 * HeavyETLStage. It drops the first record (counted as filtered), so its counts differ from
 * FilterStage's.
 */
export const heavyEtlStandIn = defineStage({
  name: StageName.HeavyETL,
  async *transform(records, ctx) {
    let index = 0;
    for await (const record of records) {
      if (index++ === 0) ctx.filter('heavy-sample');
      else yield record;
    }
  },
});

/** The same stage, failing its first run with RetryableStageError. */
// biome-ignore lint/suspicious/noExplicitAny: stages have different config types
export function failingOnce<Config>(stage: StageDefinition<Config>): StageDefinition<any> {
  let runs = 0;
  return {
    ...stage,
    async *transform(records, ctx) {
      runs++;
      if (runs === 1) throw new RetryableStageError(`${stage.name} run ${runs} hit a slow S3`);
      yield* stage.transform(records, ctx);
    },
  };
}

/** The input of both shipped workflows here: a logical date and the sample's first records. */
export function sampleInput(): JsonRecord {
  const sample = JSON.parse(
    readFileSync(join(REPO_ROOT, 'examples/realtime-input.json'), 'utf8'),
  ) as { logicalDate: string; records: JsonRecord[] };
  return { logicalDate: sample.logicalDate, records: sample.records.slice(0, SAMPLE_SIZE) };
}

/** What to change in a batch run: the workflow, stages replaced by name, their environment. */
export interface BatchVariant {
  /** @default the shipped batch workflow */
  readonly workflow?: Workflow;
  // biome-ignore lint/suspicious/noExplicitAny: stages have different config types
  readonly stages?: Readonly<Record<string, StageDefinition<any>>>;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs the shipped batch workflow's compiled ASL on the scratch S3, Glue job stood in. */
export function runBatch(
  s3: ScratchS3,
  executionId: string,
  variant: BatchVariant = {},
): Promise<CompiledRun> {
  return runCompiledWorkflow({
    workflow: variant.workflow ?? batchWorkflow,
    executionId,
    input: sampleInput(),
    s3: s3.client,
    location: { bucket: s3.bucket },
    stages: { ...STAGES, [StageName.HeavyETL]: heavyEtlStandIn, ...variant.stages },
    env: variant.env,
  });
}

/** Runs the shipped realtime workflow's compiled ASL on the scratch S3. */
export function runRealtime(s3: ScratchS3, executionId: string): Promise<CompiledRun> {
  return runCompiledWorkflow({
    workflow: realtimeWorkflow,
    executionId,
    input: sampleInput(),
    s3: s3.client,
    location: { bucket: s3.bucket },
    stages: STAGES,
  });
}

/**
 * The local target's rows for a run: its StageTracker fed the engine's live events and the
 * results the tasks returned, then finished as the local target finishes it.
 */
export function localRows(run: CompiledRun, now: number = Date.now()): StageSummary[] {
  const tracker = new StageTracker(run.workflow);
  for (const event of run.engineEvents) tracker.apply(event);
  for (const { step, result } of run.stageResults) tracker.recordResult(step, result);
  tracker.finish(run.engineEvents.at(-1)?.type !== 'ExecutionSucceeded');
  return tracker.summaries(now);
}
