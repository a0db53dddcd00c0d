import { readManifest } from '@ceap/core';
import { type ScratchS3, startScratchS3 } from '@ceap/core/testing';
import { batchWorkflow, StageName, scoreStage } from '@ceap/stages';
import { foldHistory } from '../../src/aws/execution-history.js';
import { ExecutionRows } from '../../src/aws/execution-rows.js';
import type { StageSummary } from '../../src/execution-types.js';
import type { CompiledRun } from '../helpers/compiled-run.js';
import {
  type BatchVariant,
  failingOnce,
  heavyEtlStandIn,
  localRows,
  runBatch,
} from '../helpers/shipped-runs.js';

/** The AWS target's fold: the generated history, and the run manifest for the Glue step. */
async function awsRows(s3: ScratchS3, run: CompiledRun, now: number): Promise<StageSummary[]> {
  const rows = new ExecutionRows(run.workflow, run.executionId, () => s3.client);
  return (await rows.fold(run.history, new Date(now))).stages;
}

const NOW = Date.UTC(2100, 0, 1);
const ALL_SUCCEEDED = [
  'SUCCEEDED',
  'SUCCEEDED',
  'SUCCEEDED',
  'SUCCEEDED',
  'SUCCEEDED',
  'SUCCEEDED',
];

describe('one fold of execution events into step rows', () => {
  let s3: ScratchS3;

  beforeAll(async () => {
    s3 = await startScratchS3({ bucket: 'ceap-fold-test' });
  });

  afterAll(async () => {
    await s3.stop();
  });

  it.each<[string, string, BatchVariant, string[], number[]]>([
    ['succeeds', 'fold-ok', {}, ALL_SUCCEEDED, [0, 0, 0, 0, 0, 0]],
    [
      'retries ScoreStage once',
      'fold-retry',
      { stages: { [StageName.Score]: failingOnce(scoreStage) } },
      ALL_SUCCEEDED,
      [0, 0, 0, 1, 0, 0],
    ],
    [
      'retries the Glue step once',
      'fold-glue-retry',
      { stages: { [StageName.HeavyETL]: failingOnce(heavyEtlStandIn) } },
      ALL_SUCCEEDED,
      [0, 0, 1, 0, 0, 0],
    ],
    [
      'fails at ScoreStage',
      'fold-fail',
      { env: { CEAP_SCORE_MODEL: '{ not json' } },
      ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'PENDING', 'PENDING'],
      [0, 0, 0, 0, 0, 0],
    ],
    [
      'fails at ScoreStage into a Catch',
      'fold-caught',
      {
        workflow: { ...batchWorkflow, catchToFailState: true },
        env: { CEAP_SCORE_MODEL: '{ not json' },
      },
      ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'PENDING', 'PENDING'],
      [0, 0, 0, 0, 0, 0],
    ],
  ])(
    'gives identical rows on both targets when the batch %s',
    async (_case, id, variant, statuses, retries) => {
      // Arrange
      const run = await runBatch(s3, id, variant);

      // Act
      const local = localRows(run, NOW);
      const aws = await awsRows(s3, run, NOW);

      // Assert
      expect(aws).toEqual(local);
      expect(aws.map((row) => row.status)).toEqual(statuses);
      expect(aws.map((row) => row.retries)).toEqual(retries);
      expect(aws.find((row) => row.name === StageName.HeavyETL)).toMatchObject({
        records: expect.any(Number),
        output: `s3://${s3.bucket}/executions/${id}/${StageName.HeavyETL}/output.json`,
      });
    },
  );

  it("shows the Glue step's own counts from the manifest, not the previous stage's", async () => {
    // Arrange
    const run = await runBatch(s3, 'fold-heavy');
    const manifest = await readManifest(s3.client, s3.bucket, 'fold-heavy');

    // Act
    const rows = await awsRows(s3, run, NOW);

    // Assert
    const heavy = manifest?.stages[StageName.HeavyETL];
    const filter = rows.find((row) => row.name === StageName.Filter);
    expect(rows.find((row) => row.name === StageName.HeavyETL)).toMatchObject({
      received: heavy?.received,
      records: heavy?.records,
      filtered: 1,
    });
    expect(heavy?.received).toBe(filter?.records);
    expect(heavy?.records).toBe((filter?.records ?? 0) - 1);
  });

  it('leaves the Glue row without counts when only the history is known', async () => {
    // Arrange
    const run = await runBatch(s3, 'fold-history-only');

    // Act
    const { stages } = foldHistory(run.workflow, run.history, new Date(NOW));

    // Assert
    const heavy = stages.find((row) => row.name === StageName.HeavyETL);
    expect(heavy).toMatchObject({
      status: 'SUCCEEDED',
      output: `s3://${s3.bucket}/executions/fold-history-only/${StageName.HeavyETL}/output.json`,
    });
    expect(heavy).not.toHaveProperty('records');
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
      'SUCCEEDED',
      'SUCCEEDED',
      'RUNNING',
      'PENDING',
      'PENDING',
      'PENDING',
    ]);
    expect(folded.stages[2]).toMatchObject({ durationMs: 5000, retries: 0 });
  });

  it('reports the failing state, its error and the message inside the Lambda error', async () => {
    // Arrange
    const run = await runBatch(s3, 'fold-failed', { env: { CEAP_SCORE_MODEL: '{ not json' } });

    // Act
    const folded = foldHistory(run.workflow, run.history, new Date(NOW));

    // Assert
    expect(folded.ending).toMatchObject({ status: 'FAILED', error: 'ConfigurationError' });
    expect(folded.failedState).toBe(StageName.Score);
    const score = folded.stages.find((row) => row.name === StageName.Score);
    expect(score?.error).toBe('ConfigurationError');
    expect(score?.cause).toContain('CEAP_SCORE_MODEL');
    expect(score?.cause).not.toContain('errorType');
  });
});
