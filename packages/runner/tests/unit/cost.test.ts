import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileWorkflow } from '@ceap/core/workflow';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import { transitionsPerRun } from '../../src/cost/definition-walk.js';
import { loadPrices } from '../../src/cost/prices-file.js';
import { PricesFileError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp-dir.js';
import { sampleRecords, TEST_WORKFLOWS, testBindings } from '../helpers/test-stages.js';

/*
 * The built-in prices, in nano-dollars (10^-9 $), as documented in src/cost/price-table.ts:
 * $0.025 per 1,000 transitions, $0.20 per million Lambda requests, $0.0000133334 per GB-second
 * on Arm, $0.44 per DPU-hour.
 */
const NANO_PER_TRANSITION = 25_000; // 0.000025 $
const NANO_PER_LAMBDA_REQUEST = 200; // 0.0000002 $

describe('ceap cost of a local execution', () => {
  let home: ReturnType<typeof tempDir>;
  let client: RunnerClient;

  beforeAll(async () => {
    home = tempDir('ceap-cost-');
    client = createRunnerClient({
      workflows: TEST_WORKFLOWS,
      local: { home: home.path, bindings: testBindings, logLevel: 'silent' },
    });
    await client.execute({
      workflow: 'test-batch',
      executionId: 'cost-batch',
      input: { records: sampleRecords() },
      logicalDate: '2026-01-05',
    });
  });

  afterAll(async () => {
    await client.close();
    home.remove();
  });

  it('prices a finished batch run: its lines add up to the total, which matches the arithmetic by hand', async () => {
    // Arrange
    const { usage } = await client.usage('cost-batch');
    const source = usage.tasks.SourceStage;
    const upper = usage.tasks.UpperStage;
    const heavy = usage.tasks.HeavyStage;

    // Act
    const cost = await client.cost('cost-batch');

    // Assert
    const lambdaMs = (ms: number) => Math.floor((ms * 133_334 + 5_000) / 10_000); // ms/1000 GB-s × 13,333.4 n$, half up
    const glueSeconds = Math.ceil((heavy?.minuteMinimumMs ?? 0) / 1000); // at least 60 per run
    const expected =
      usage.transitions * NANO_PER_TRANSITION +
      ((source?.attempts ?? 0) + (upper?.attempts ?? 0)) * NANO_PER_LAMBDA_REQUEST +
      lambdaMs(source?.durationMs ?? 0) +
      lambdaMs(upper?.durationMs ?? 0) +
      // 2 DPU (G.1X × 2) × seconds × $0.44 per 3,600 DPU-seconds, in n$ half up
      Math.floor((2 * glueSeconds * 440_000_000 + 1_800) / 3_600);
    expect(cost.totalNanoUsd).toBe(expected);
    expect(cost.lines.reduce((sum, line) => sum + line.amountNanoUsd, 0)).toBe(cost.totalNanoUsd);
    expect(cost.lines.map((line) => `${line.service}: ${line.unit}`)).toEqual([
      'Step Functions: transition',
      'Lambda: request',
      'Lambda: GB-second',
      'Lambda: GB-second',
      'Glue: DPU-second',
    ]);
    expect(glueSeconds).toBeGreaterThanOrEqual(60);
  });

  it('prices an Express run: one request and its duration in 64 MB × 100 ms units, plus Lambda', async () => {
    // Arrange
    const done = await client.execute({
      workflow: 'test-realtime',
      executionId: 'cost-express',
      input: { records: sampleRecords() },
    });
    const { usage } = await client.usage('cost-express');

    // Act
    const cost = await client.cost('cost-express');

    // Assert
    const units = Math.ceil((Date.parse(done.stoppedAt ?? '') - Date.parse(done.startedAt)) / 100);
    const lambdaMs = (ms: number) => Math.floor((ms * 133_334 + 5_000) / 10_000);
    const expected =
      1_000 + // $1 per million requests
      Math.floor((units * 1_041_875 + 5_000) / 10_000) + // 0.00001667 $/GB-s × 0.0625 GB × 0.1 s = 104.1875 n$ a unit
      2 * NANO_PER_LAMBDA_REQUEST +
      lambdaMs(usage.tasks.SourceStage?.durationMs ?? 0) +
      lambdaMs(usage.tasks.UpperStage?.durationMs ?? 0);
    expect(cost.totalNanoUsd).toBe(expected);
    expect(cost.lines[1]).toMatchObject({ item: 'Express duration', quantity: String(units) });
  });

  it('counts one transition per state entered, the same as the definition walked once', async () => {
    // Arrange
    const definition = compileWorkflow(TEST_WORKFLOWS['test-batch']);

    // Act
    const { usage } = await client.usage('cost-batch');

    // Assert
    expect(usage.transitions).toBe(transitionsPerRun(definition, () => 1));
    expect(usage.tasks.SourceStage?.attempts).toBe(1);
  });

  it('projects N runs from the last local run, next to a month of MWAA', async () => {
    // Act
    const projection = await client.projectCost({ workflow: 'test-batch', runs: 1000 });

    // Assert
    expect(projection.measuredFrom).toBe('cost-batch');
    const transitions = projection.ceap.lines.find((line) => line.unit === 'transition');
    const { usage } = await client.usage('cost-batch');
    expect(transitions?.quantity).toBe(String(usage.transitions * 1000));
    expect(projection.mwaa.total).toBe('357.70'); // 730 h × $0.49
    const sum = projection.ceap.lines.reduce((total, line) => total + line.amountNanoUsd, 0);
    expect(sum).toBe(projection.ceap.totalNanoUsd);
  });
});

describe('prices files', () => {
  const dir = tempDir('ceap-prices-');
  afterAll(() => dir.remove());

  it('applies a partial file over the built-in table', async () => {
    // Arrange
    const file = join(dir.path, 'eu.json');
    writeFileSync(
      file,
      JSON.stringify({
        region: 'eu-west-1',
        glue: { perDpuHour: '0.44' },
        lambda: { arm64: { perGbSecond: 0.0000133334 } },
      }),
    );

    // Act
    const prices = await loadPrices(file, {});

    // Assert
    expect(prices.table.region).toBe('eu-west-1');
    expect(prices.table.lambda.arm64).toEqual({
      perRequest: '0.0000002',
      perGbSecond: '0.0000133334',
    });
    expect(prices.files).toEqual([file]);
  });

  it.each([
    ['a negative price', { glue: { perDpuHour: '-1' } }, 'glue.perDpuHour'],
    [
      'a price that is not a number',
      { stepFunctions: { expressPerRequest: 'cheap' } },
      'stepFunctions.expressPerRequest',
    ],
    ['an unknown field', { lambda: { arm64: { perGBSecond: '1' } } }, 'lambda.arm64.perGBSecond'],
  ])('refuses %s, naming the file and the field', async (_case, content, field) => {
    // Arrange
    const file = join(dir.path, `${field}.json`);
    writeFileSync(file, JSON.stringify(content));

    // Act
    const loading = loadPrices(undefined, { CEAP_PRICES: file });

    // Assert
    await expect(loading).rejects.toThrow(PricesFileError);
    await expect(loading).rejects.toThrow(`prices file ${file} field ${field}`);
  });
});
