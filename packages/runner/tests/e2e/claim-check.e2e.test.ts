import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logicalInputKey } from '@ceap/core';
import { CLAIM_CHECK_THRESHOLD_BYTES } from '../../src/client/claim-check.js';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import { ExecutionInputTooLargeError } from '../../src/errors.js';
import { collect } from '../helpers/embedded-s3.js';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The first `count` records of the shipped realtime sample, and a few that are not records. */
function records(count: number): unknown[] {
  const sample = JSON.parse(
    readFileSync(join(REPO_ROOT, 'examples/realtime-input.json'), 'utf8'),
  ) as { records: unknown[] };
  return [...sample.records.slice(0, count), 5, null, 'not a record', ['an', 'array']];
}

/** Where the records go: named by the SHA-256 of their JSON Lines. */
function expectedKey(items: unknown[]): string {
  const body = items.map((item) => `${JSON.stringify(item)}\n`).join('');
  return `incoming/claims/${createHash('sha256').update(body).digest('hex').slice(0, 32)}.jsonl`;
}

/** The objects of the serving dataset's partition for a date, in the embedded server's folder. */
function datasetObjects(home: string, logicalDate: string): string[] {
  const folder = join(home, 's3', 'ceap-local-data', 'datasets', 'candidates', `dt=${logicalDate}`);
  return readdirSync(folder).filter((name) => name.endsWith('._S3rver_object'));
}

function storedInput(home: string, executionId: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(home, 'inputs', `${executionId}.json`), 'utf8'));
}

describe('claim-check of large realtime inputs (local engine, shipped stages)', () => {
  let home: ReturnType<typeof tempDir>;
  let client: RunnerClient;

  beforeAll(() => {
    home = tempDir('ceap-e2e-claim-');
    client = createRunnerClient({ local: { home: home.path, logLevel: 'silent' } });
  });

  afterAll(async () => {
    await client.close();
    home.remove();
  });

  it('writes inline records over 64 KiB to the data bucket and starts with the pointer: in = out + rejected', async () => {
    // Arrange
    const input = { records: records(300), logicalDate: '2026-03-11' };
    expect(JSON.stringify(input).length).toBeGreaterThan(CLAIM_CHECK_THRESHOLD_BYTES);

    // Act
    const done = await client.execute({ workflow: 'realtime', executionId: 'claim-big', input });

    // Assert
    const key = expectedKey(input.records);
    expect(storedInput(home.path, 'claim-big')).toEqual({
      logicalDate: '2026-03-11',
      source: { key },
      // The run key of the inline input, which the pipe's delivery of it would get too.
      runKey: logicalInputKey(input, '2026-03-11'),
    });
    const etl = done.stages[0];
    expect(etl).toMatchObject({ name: 'ETLStage', status: 'SUCCEEDED', received: 304 });
    expect((etl?.records ?? 0) + (etl?.rejected ?? 0)).toBe(304);
    const rejects = await client.rejects('claim-big', {
      step: 'ETLStage',
      reason: 'not-an-object',
    });
    const notObjects = await collect(rejects.records);
    expect(notObjects).toHaveLength(4);
    expect(notObjects.map((reject) => reject.line)).toEqual([301, 302, 303, 304]);
    expect(JSON.stringify(notObjects[0])).toContain(key);
    expect(done.logicalDate).toBe('2026-03-11');
  });

  it('gives the same records the same pointer, so a rerun replaces its dataset object', async () => {
    // Arrange
    const input = { records: records(300), logicalDate: '2026-03-12' };

    // Act
    await client.execute({ workflow: 'realtime', executionId: 'claim-first', input });
    await client.execute({ workflow: 'realtime', executionId: 'claim-again', input });

    // Assert
    expect(storedInput(home.path, 'claim-again')).toEqual(storedInput(home.path, 'claim-first'));
    expect(datasetObjects(home.path, '2026-03-12')).toEqual([
      `${logicalInputKey(input, '2026-03-12')}.json._S3rver_object`,
    ]);
  });

  it('keeps a small input inline', async () => {
    // Arrange
    const input = { records: records(20) };

    // Act
    const done = await client.execute({ workflow: 'realtime', executionId: 'claim-small', input });

    // Assert
    expect(storedInput(home.path, 'claim-small').records).toHaveLength(24);
    expect(done.stages[0]).toMatchObject({ received: 24 });
  });

  it('refuses an input that is over 256 KiB even without its records, reserving nothing', async () => {
    // Arrange
    const input = { records: records(10), note: 'n'.repeat(300_000) };

    // Act
    const started = client.start({ workflow: 'realtime', executionId: 'claim-huge', input });

    // Assert
    await expect(started).rejects.toThrow(ExecutionInputTooLargeError);
    await expect(client.describe('claim-huge')).rejects.toThrow(/was not found/);
  });

  it('the CLI exits 2 naming the input file and its size against the limit', async () => {
    // Arrange
    const file = join(home.path, 'huge.json');
    writeFileSync(file, JSON.stringify({ logicalDate: '2026-03-11', note: 'n'.repeat(270_000) }));

    // Act
    const result = await runCli(['start', '--workflow', 'realtime', '--input', file], {
      home: home.path,
    });

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`input file ${file} is too large to start with`);
    expect(result.stderr).toMatch(
      /270,0\d\d bytes of JSON; Step Functions accepts at most 262,144/,
    );
  });

  it('clean deletes a claim once no kept execution points to it', async () => {
    // Arrange: two executions of the same records share one claim.
    const cleanHome = tempDir('ceap-e2e-claim-clean-');
    const own = createRunnerClient({ local: { home: cleanHome.path, logLevel: 'silent' } });
    const input = { records: records(300), logicalDate: '2026-03-13' };
    const claimFile = join(
      cleanHome.path,
      's3',
      'ceap-local-data',
      `${expectedKey(input.records)}._S3rver_object`,
    );
    try {
      await own.execute({ workflow: 'realtime', executionId: 'claim-old', input });
      await own.execute({ workflow: 'realtime', executionId: 'claim-new', input });

      // Act
      const first = await own.clean({ keep: 1 });
      const claimAfterFirst = existsSync(claimFile);
      const second = await own.clean({ keep: 0 });

      // Assert
      expect(first.executions).toEqual(['claim-old']);
      expect(claimAfterFirst).toBe(true);
      expect(second.executions).toEqual(['claim-new']);
      expect(existsSync(claimFile)).toBe(false);
    } finally {
      await own.close();
      cleanHome.remove();
    }
  });
});
