import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startEmbeddedS3 } from '@ceap/core/embedded-s3';
import { LOCAL_DATA_BUCKET } from '../../src/constants.js';
import { onlyJson, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const STEPS = [
  'InputReady',
  'ETLStage',
  'HasCandidates',
  'FilterStage',
  'ScoreStage',
  'QualityStage',
  'StoreStage',
  'ReactiveStage',
];
/** A day with a few dozen candidates and the producer's marker. */
const FULL_DAY = '2026-05-01';
/** A day whose producer left its marker but no file. */
const EMPTY_DAY = '2026-05-02';
const SAMPLE_LINES = 40;

interface Row {
  readonly name: string;
  readonly status: string;
  readonly received?: number;
  readonly records?: number;
  readonly rejected?: number;
  readonly filtered?: number;
}

/**
 * Places the days' files in the CLI's embedded S3 (its folder under the home), as a producer
 * would: the first lines of the batch sample and a `_SUCCESS` marker for one day, only the
 * marker for the other.
 */
async function stageIncoming(home: string): Promise<void> {
  const s3 = await startEmbeddedS3({ directory: join(home, 's3'), buckets: [LOCAL_DATA_BUCKET] });
  const put = (Key: string, text: string) => {
    const Body = Buffer.from(text, 'utf8');
    const object = { Bucket: LOCAL_DATA_BUCKET, Key, Body, ContentLength: Body.length };
    return s3.client.send(new PutObjectCommand(object));
  };
  try {
    const sample = readFileSync(join(REPO_ROOT, 'examples/batch/candidates-part-01.csv'), 'utf8');
    const lines = sample.split('\n').slice(0, SAMPLE_LINES + 1);
    await put(`incoming/dt=${FULL_DAY}/candidates.csv`, `${lines.join('\n')}\n`);
    await put(`incoming/dt=${FULL_DAY}/_SUCCESS`, '');
    await put(`incoming/dt=${EMPTY_DAY}/_SUCCESS`, '');
  } finally {
    await s3.stop();
  }
}

describe('pnpm runner, guarded-batch (spawned CLI, a small day staged in the embedded S3)', () => {
  let home: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    home = tempDir('ceap-e2e-guarded-');
    await stageIncoming(home.path);
    for (const day of [FULL_DAY, EMPTY_DAY]) {
      writeFileSync(join(home.path, `${day}.json`), JSON.stringify({ logicalDate: day }));
    }
  });

  afterAll(() => home.remove());

  const start = (day: string, executionId: string) =>
    runCli(
      [
        'start',
        '--workflow',
        'guarded-batch',
        '--input',
        join(home.path, `${day}.json`),
        '--execution-id',
        executionId,
        '--json',
      ],
      { home: home.path },
    );

  it('finds the marker, runs Filter → Score and Quality side by side, and joins them in Store', async () => {
    // Arrange / Act
    const result = await start(FULL_DAY, 'guarded-full');

    // Assert
    expect(result.code).toBe(0);
    const body = onlyJson(result);
    expect(body).toMatchObject({ status: 'SUCCEEDED', logicalDate: FULL_DAY });
    const rows = body.stages as Row[];
    expect(rows.map((row) => [row.name, row.status])).toEqual(
      STEPS.map((name) => [name, 'SUCCEEDED']),
    );
    const row = (name: string) => rows.find((r) => r.name === name) as Row;
    expect(row('ETLStage').received).toBe(SAMPLE_LINES);
    expect(row('QualityStage')).toMatchObject({ records: 0, filtered: row('ETLStage').records });
    expect(row('StoreStage').received).toBe(row('ScoreStage').records);
    for (const counted of rows.filter((r) => r.received !== undefined)) {
      const { received, records = 0, rejected = 0, filtered = 0 } = counted;
      expect([counted.name, received]).toEqual([counted.name, records + rejected + filtered]);
    }
    expect(body.output).toBe(
      `s3://${LOCAL_DATA_BUCKET}/executions/guarded-full/ReactiveStage/output.json`,
    );
  });

  it('short-circuits a day with a marker but no candidates: what follows is SKIPPED', async () => {
    // Arrange / Act
    const result = await start(EMPTY_DAY, 'guarded-empty');
    const status = await runCli(['status', 'guarded-empty'], { home: home.path });

    // Assert
    expect(result.code).toBe(0);
    const body = onlyJson(result);
    expect(body.status).toBe('SUCCEEDED');
    expect((body.stages as Row[]).map((row) => row.status)).toEqual([
      'SUCCEEDED',
      'SUCCEEDED',
      'SUCCEEDED',
      'SKIPPED',
      'SKIPPED',
      'SKIPPED',
      'SKIPPED',
      'SKIPPED',
    ]);
    expect((body.stages as Row[])[1]).toMatchObject({ received: 0, records: 0 });
    expect(body.output).toBe(
      `s3://${LOCAL_DATA_BUCKET}/executions/guarded-empty/ETLStage/output.json`,
    );
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/FilterStage\s+SKIPPED/);
    expect(status.stdout).not.toContain('FAILED');
  });
});
