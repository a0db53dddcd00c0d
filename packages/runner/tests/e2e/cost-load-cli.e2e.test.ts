import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onlyJson, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/*
 * `pnpm runner load --workflow realtime --messages 200 --concurrency 20` is the bounded load test
 * the README shows; here 20 messages keep the suite's time down, through the same path.
 */
const MESSAGES = 20;

interface CostLineJson {
  readonly service: string;
  readonly unit: string;
  readonly quantity: string;
  readonly amountNanoUsd: number;
}

describe('pnpm runner cost and load', () => {
  let home: ReturnType<typeof tempDir>;
  const cli = (args: string[]) => runCli(args, { home: home.path, cwd: home.path });

  beforeAll(() => {
    home = tempDir('ceap-e2e-cost-');
  });

  afterAll(() => home.remove());

  it(`load --workflow realtime --messages ${MESSAGES} accounts for every record: none lost`, async () => {
    // Act
    const result = await cli([
      'load',
      '--workflow',
      'realtime',
      '--messages',
      String(MESSAGES),
      '--concurrency',
      '5',
      '--json',
    ]);

    // Assert
    expect(result.code).toBe(0);
    const report = onlyJson(result);
    expect(report).toMatchObject({
      target: 'local',
      messages: MESSAGES,
      recordsSent: MESSAGES,
      recordsOut: MESSAGES,
      failures: 0,
      lostRecords: 0,
    });
    expect(report.latencyMs).toEqual({
      p50: expect.any(Number),
      p95: expect.any(Number),
      p99: expect.any(Number),
    });
    expect((report.estimatedCost as { totalNanoUsd: number }).totalNanoUsd).toBeGreaterThan(0);
  });

  it('cost ID prices a run line by line, and status shows the same total', async () => {
    // Arrange
    const started = onlyJson(await cli(['start', '--workflow', 'realtime', '--json']));
    const id = String(started.executionId);

    // Act
    const cost = onlyJson(await cli(['cost', id, '--json']));
    const status = onlyJson(await cli(['status', id, '--json']));

    // Assert
    const lines = cost.lines as CostLineJson[];
    expect(lines.map((line) => line.service)).toEqual([
      'Step Functions',
      'Step Functions',
      'Lambda',
      'Lambda',
      'Lambda',
      'Lambda',
      'Lambda',
      'Lambda',
    ]);
    expect(lines.reduce((sum, line) => sum + line.amountNanoUsd, 0)).toBe(cost.totalNanoUsd);
    expect(status.cost).toMatchObject({
      total: cost.total,
      totalNanoUsd: cost.totalNanoUsd,
      currency: 'USD',
    });
  });

  it('cost --workflow W --runs N projects the runs next to a month of MWAA', async () => {
    // Act
    const result = await cli(['cost', '--workflow', 'realtime', '--runs', '1000000', '--json']);

    // Assert
    expect(result.code).toBe(0);
    const projection = onlyJson(result) as {
      ceap: { lines: CostLineJson[] };
      mwaa: { total: string };
    };
    const requests = projection.ceap.lines.find((line) => line.unit === 'request');
    expect(requests).toMatchObject({
      service: 'Step Functions',
      quantity: '1000000',
      amountNanoUsd: 1_000_000_000,
    }); // $1 per million
    expect(projection.mwaa.total).toBe('357.70');
  });

  it.each([
    [['load', '--workflow', 'realtime', '--messages', '10001'], '--messages 10001'],
    [
      ['load', '--workflow', 'realtime', '--messages', '10', '--concurrency', '201'],
      '--concurrency 201',
    ],
    [['cost', '--workflow', 'realtime'], '--runs'],
    [['cost', 'no-such-run'], 'no-such-run'],
  ])('%j is a usage error (exit 2) naming %s', async (args, named) => {
    // Act
    const result = await cli(args);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(named);
  });

  it('refuses a prices file with a bad field, naming the file and the field (exit 2)', async () => {
    // Arrange
    const file = join(home.path, 'prices.json');
    writeFileSync(file, JSON.stringify({ lambda: { arm64: { perGbSecond: 'free' } } }));

    // Act
    const result = await cli(['cost', '--workflow', 'realtime', '--runs', '10', '--prices', file]);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`prices file ${file} field lambda.arm64.perGbSecond`);
  });
});
