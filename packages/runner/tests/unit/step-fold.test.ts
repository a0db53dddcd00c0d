import { readManifest } from '@ceap/core';
import { type ScratchS3, startScratchS3 } from '@ceap/core/testing';
import { chain, defineWorkflow, lambda } from '@ceap/core/workflow';
import { StageName, scoreStage } from '@ceap/stages';
import { foldHistory } from '../../src/aws/execution-history.js';
import { ExecutionRows } from '../../src/aws/execution-rows.js';
import type { StageSummary } from '../../src/execution-types.js';
import { StepEventKind } from '../../src/progress/step-events.js';
import { StepFold } from '../../src/progress/step-fold.js';
import { type CompiledRun, runCompiledWorkflow } from '../helpers/compiled-run.js';
import {
  failingOnce,
  heavyEtlStandIn,
  localRows,
  placeIncomingMarker,
  runBatch,
  runGuardedBatch,
  runRealtime,
  sampleInput,
} from '../helpers/shipped-runs.js';
import { sourceStage, upperStage } from '../helpers/test-stages.js';

/** The AWS target's fold: the generated history, and the run manifest for Glue and Map steps. */
async function awsRows(s3: ScratchS3, run: CompiledRun, now: number): Promise<StageSummary[]> {
  const rows = new ExecutionRows(run.workflow, run.executionId, () => s3.client);
  return (await rows.fold(run.history, new Date(now))).stages;
}

const NOW = Date.UTC(2100, 0, 1);
const S = 'SUCCEEDED';
const BAD_MODEL = { CEAP_SCORE_MODEL: '{ not json' };

/**
 * Source → Upper → Again → Audit (all_done): Upper fails into a Catch, Again is
 * UPSTREAM_FAILED, Audit runs anyway, and the execution still fails.
 */
const cleanupWorkflow = defineWorkflow({
  name: 'fold-cleanup',
  type: 'STANDARD',
  steps: [
    ...chain(
      lambda(sourceStage),
      lambda(upperStage),
      lambda(sourceStage, { name: 'Again', after: [upperStage] }),
    ),
    lambda(sourceStage, { name: 'Audit', after: ['Again', sourceStage], triggerRule: 'all_done' }),
  ],
});

/** Records in = out + rejected + filtered, for each row with counts. */
function balanced(row: StageSummary): boolean {
  return row.received === (row.records ?? 0) + (row.rejected ?? 0) + (row.filtered ?? 0);
}

describe('one fold of execution events into step rows', () => {
  let s3: ScratchS3;

  beforeAll(async () => {
    s3 = await startScratchS3({ bucket: 'ceap-fold-test' });
    await placeIncomingMarker(s3);
  });

  afterAll(async () => {
    await s3.stop();
  });

  it.each<[string, string, () => Promise<CompiledRun>, string[], number[]]>([
    ['the batch succeeds', 'fold-ok', () => runBatch(s3, 'fold-ok'), [S, S, S, S, S, S], []],
    [
      'the batch retries a ScoreStage iteration once',
      'fold-retry',
      () => runBatch(s3, 'fold-retry', { stages: { [StageName.Score]: failingOnce(scoreStage) } }),
      [S, S, S, S, S, S],
      [0, 0, 0, 1, 0, 0],
    ],
    [
      'the batch retries the Glue step once',
      'fold-glue-retry',
      () =>
        runBatch(s3, 'fold-glue-retry', {
          stages: { [StageName.HeavyETL]: failingOnce(heavyEtlStandIn) },
        }),
      [S, S, S, S, S, S],
      [0, 0, 1, 0, 0, 0],
    ],
    [
      'every ScoreStage iteration of the batch fails',
      'fold-fail',
      () => runBatch(s3, 'fold-fail', { env: BAD_MODEL }),
      [S, S, S, 'FAILED', 'PENDING', 'PENDING'],
      [],
    ],
    [
      'the guarded batch runs both branches',
      'fold-guarded',
      () => runGuardedBatch(s3, 'fold-guarded'),
      [S, S, S, S, S, S, S, S],
      [],
    ],
    [
      'the guarded batch short-circuits',
      'fold-short',
      () =>
        runGuardedBatch(s3, 'fold-short', {
          input: { logicalDate: sampleInput().logicalDate, records: [] },
        }),
      [S, S, S, 'SKIPPED', 'SKIPPED', 'SKIPPED', 'SKIPPED', 'SKIPPED'],
      [],
    ],
    [
      'a caught failure leaves an all_done step to run',
      'fold-caught',
      () =>
        runCompiledWorkflow({
          workflow: cleanupWorkflow,
          executionId: 'fold-caught',
          input: { records: [{ id: 'a', name: 'ada' }] },
          s3: s3.client,
          location: { bucket: s3.bucket },
          stages: { SourceStage: sourceStage, UpperStage: upperStage },
          env: { TEST_UPPER_BROKEN: '1' },
        }),
      [S, 'FAILED', 'UPSTREAM_FAILED', S],
      [],
    ],
  ])(
    'gives identical rows on both targets when %s',
    async (_case, _id, execute, statuses, retries) => {
      // Arrange
      const run = await execute();

      // Act
      const local = await localRows(s3, run, NOW);
      const aws = await awsRows(s3, run, NOW);

      // Assert
      expect(aws).toEqual(local);
      expect(aws.map((row) => row.status)).toEqual(statuses);
      expect(aws.map((row) => row.retries)).toEqual(
        retries.length > 0 ? retries : statuses.map(() => 0),
      );
      for (const row of aws.filter((r) => r.received !== undefined))
        expect(balanced(row)).toBe(true);
    },
  );

  it("sums the Map's iterations from the manifest and counts the Glue step's own records", async () => {
    // Arrange
    const run = await runBatch(s3, 'fold-map');
    const manifest = await readManifest(s3.client, s3.bucket, 'fold-map');

    // Act
    const rows = await awsRows(s3, run, NOW);

    // Assert
    const row = (name: string) => rows.find((r) => r.name === name);
    const heavy = manifest?.stages[StageName.HeavyETL];
    const parts = manifest?.parts?.[StageName.Score] ?? [];
    expect(parts.length).toBeGreaterThan(1);
    expect(row(StageName.HeavyETL)).toMatchObject({
      received: row(StageName.Filter)?.records,
      records: heavy?.records,
      filtered: 1,
      output: `s3://${s3.bucket}/executions/fold-map/${StageName.HeavyETL}/output.json`,
    });
    expect(row(StageName.Score)).toMatchObject({
      received: heavy?.records,
      records: parts.reduce((sum, part) => sum + part.records, 0),
      iterations: parts.length,
      failedIterations: 0,
      output: `s3://${s3.bucket}/executions/fold-map/${StageName.Score}/output.json`,
    });
  });

  it('leaves the Glue and Map rows without counts when only the history is known', async () => {
    // Arrange
    const run = await runBatch(s3, 'fold-history-only');

    // Act
    const { stages } = foldHistory(run.workflow, run.history, new Date(NOW));

    // Assert
    const heavy = stages.find((row) => row.name === StageName.HeavyETL);
    const score = stages.find((row) => row.name === StageName.Score);
    expect(heavy).toMatchObject({
      status: 'SUCCEEDED',
      output: `s3://${s3.bucket}/executions/fold-history-only/${StageName.HeavyETL}/output.json`,
    });
    expect(heavy).not.toHaveProperty('records');
    expect(score).toMatchObject({ status: 'SUCCEEDED', iterations: expect.any(Number) });
    expect(score).not.toHaveProperty('records');
  });

  it('folds a running history: the entered step runs until now, later ones are pending', async () => {
    // Arrange
    const run = await runBatch(s3, 'fold-running');
    const entered = run.history.findIndex(
      (event) => event.stateEnteredEventDetails?.name === StageName.HeavyETL,
    );
    const prefix = run.history.slice(0, entered + 1);
    const enteredAt = prefix.at(-1)?.timestamp?.getTime() ?? 0;

    // Act
    const folded = foldHistory(run.workflow, prefix, new Date(enteredAt + 5000));

    // Assert
    expect(folded.ending).toBeUndefined();
    expect(folded.stages.map((row) => row.status)).toEqual([
      S,
      S,
      'RUNNING',
      'PENDING',
      'PENDING',
      'PENDING',
    ]);
    expect(folded.stages[2]).toMatchObject({ durationMs: 5000, retries: 0 });
  });

  it.each([
    [
      'a Lambda step',
      () => runRealtime(s3, 'fold-failed', BAD_MODEL),
      StageName.Score,
      'ConfigurationError',
    ],
    [
      'a Map whose iterations all failed',
      () => runBatch(s3, 'fold-map-failed', { env: BAD_MODEL }),
      `${StageName.Score}.tooManyFailures`,
      'ceap.MapToleranceExceeded',
    ],
    [
      'a caught failure that ends the run',
      () =>
        runCompiledWorkflow({
          workflow: cleanupWorkflow,
          executionId: 'fold-failed-run',
          input: { records: [] },
          s3: s3.client,
          location: { bucket: s3.bucket },
          stages: { SourceStage: sourceStage, UpperStage: upperStage },
          env: { TEST_UPPER_BROKEN: '1' },
        }),
      'UpperStage.failedRun',
      'ConfigurationError',
    ],
  ])(
    'reports the state that failed %s, its error and a readable cause',
    async (_case, execute, state, error) => {
      // Arrange
      const run = await execute();

      // Act
      const folded = foldHistory(run.workflow, run.history, new Date(NOW));

      // Assert
      expect(folded.ending).toMatchObject({ status: 'FAILED', error });
      expect(folded.failedState).toBe(state);
      const row = folded.stages.find((r) => r.name === state.split('.')[0]);
      expect(row).toMatchObject({ status: 'FAILED', error });
      expect(row?.cause).not.toContain('errorType');
    },
  );

  it("settles, from a successful execution's output, a row whose own last event never came", () => {
    // Arrange: the local engine drops what a branch forwards after the execution has ended.
    const fold = new StepFold(cleanupWorkflow);
    fold.apply({ kind: StepEventKind.Entered, state: 'SourceStage', at: 1 });
    fold.apply({ kind: StepEventKind.Entered, state: 'UpperStage', at: 2 });
    const output = {
      SourceStage: { status: 'SUCCEEDED' },
      UpperStage: { status: 'SKIPPED' },
      Again: { status: 'SKIPPED' },
      Audit: { status: 'SUCCEEDED' },
    };

    // Act
    fold.apply({ kind: StepEventKind.Ended, at: 3, status: 'SUCCEEDED', output });

    // Assert
    expect(fold.summaries(4).map((row) => row.status)).toEqual([S, 'SKIPPED', 'SKIPPED', S]);
  });
});
