import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  defineStage,
  type JsonRecord,
  OutputLayout,
  RetryableStageError,
  readManifest,
  type StageDefinition,
} from '@ceap/core';
import type { ScratchS3 } from '@ceap/core/testing';
import type { Workflow } from '@ceap/core/workflow';
import {
  batchWorkflow,
  guardedBatchWorkflow,
  realtimeWorkflow,
  STAGES,
  StageName,
} from '@ceap/stages';
import { ExecutionStatus } from '../../src/constants.js';
import type { StageSummary } from '../../src/execution-types.js';
import { StageTracker } from '../../src/local/stage-tracker.js';
import { type CompiledRun, runCompiledWorkflow } from './compiled-run.js';
import { REPO_ROOT } from './run-cli.js';

/** Records the shipped batch runs on in these tests: the first dozen of the realtime sample. */
const SAMPLE_SIZE = 12;

/** Records per part file of the Glue stand-in's output, so the Map runs several iterations. */
export const STAND_IN_RECORDS_PER_PART = 3;

/**
 * Stands in for the HeavyETL Glue job: a stage under the Glue step's name, run by `runStage`
 * as the job's runtime does, so it writes its output (a folder of part files, as Spark does)
 * and its manifest entry under HeavyETLStage. It drops the first record (counted as
 * filtered), so its counts differ from FilterStage's.
 */
export const heavyEtlStandIn = defineStage({
  name: StageName.HeavyETL,
  outputLayout: OutputLayout.Parts,
  recordsPerPart: STAND_IN_RECORDS_PER_PART,
  async *transform(records, ctx) {
    let index = 0;
    for await (const record of records) {
      if (index++ === 0) ctx.filter('heavy-sample', { record });
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
  /** @default the sample's logical date and first records */
  readonly input?: JsonRecord;
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
    input: variant.input ?? sampleInput(),
    s3: s3.client,
    location: { bucket: s3.bucket },
    stages: { ...STAGES, [StageName.HeavyETL]: heavyEtlStandIn, ...variant.stages },
    env: variant.env,
  });
}

/** Runs the shipped realtime workflow's compiled ASL on the scratch S3. */
export function runRealtime(
  s3: ScratchS3,
  executionId: string,
  env?: NodeJS.ProcessEnv,
): Promise<CompiledRun> {
  return runCompiledWorkflow({
    workflow: realtimeWorkflow,
    executionId,
    input: sampleInput(),
    s3: s3.client,
    location: { bucket: s3.bucket },
    stages: STAGES,
    env,
  });
}

/**
 * The local target's rows for a run: its StageTracker fed the engine's live events and the
 * results the tasks returned, finished as the local target finishes it, then completed from
 * the run manifest for the Glue and Map steps, as the local run does.
 */
export async function localRows(
  s3: ScratchS3,
  run: CompiledRun,
  now: number = Date.now(),
): Promise<StageSummary[]> {
  const tracker = new StageTracker(run.workflow);
  for (const event of run.engineEvents) tracker.apply(event);
  for (const { step, result } of run.stageResults) tracker.recordResult(step, result);
  tracker.finish(
    run.engineEvents.at(-1)?.type === 'ExecutionSucceeded'
      ? ExecutionStatus.Succeeded
      : ExecutionStatus.Failed,
  );
  await tracker.completeFromManifest(() => readManifest(s3.client, s3.bucket, run.executionId));
  return tracker.summaries(now);
}

/** The marker the guarded batch's sensor waits for, for the sample's logical date. */
export async function placeIncomingMarker(s3: ScratchS3): Promise<void> {
  const { logicalDate } = sampleInput();
  await s3.client.send(
    new PutObjectCommand({
      Bucket: s3.bucket,
      Key: `incoming/dt=${logicalDate}/_SUCCESS`,
      Body: new Uint8Array(0),
      ContentLength: 0,
    }),
  );
}

/** Runs the shipped guarded batch's compiled ASL on the scratch S3 (place the marker first). */
export function runGuardedBatch(
  s3: ScratchS3,
  executionId: string,
  variant: BatchVariant = {},
): Promise<CompiledRun> {
  return runCompiledWorkflow({
    workflow: variant.workflow ?? guardedBatchWorkflow,
    executionId,
    input: variant.input ?? sampleInput(),
    s3: s3.client,
    location: { bucket: s3.bucket },
    stages: { ...STAGES, ...variant.stages },
    env: variant.env,
  });
}
