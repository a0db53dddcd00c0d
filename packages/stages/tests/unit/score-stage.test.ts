import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, StageErrorName } from '@ceap/core';
import {
  createScoreStage,
  DEFAULT_SCORE_MODEL,
  daysSince,
  loadScoreModel,
  type ScoreModelInput,
  scoreFeatures,
  scoreStage,
} from '../../src/index.js';
import { startTestS3, type TestS3 } from '../helpers/embedded-s3.js';
import { expectBalanced, runOnUpstreamOutput } from '../helpers/stage-runner.js';

const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');

const LINEAR: ScoreModelInput = {
  version: 'linear-1',
  bias: 0,
  weights: { recency: 0, frequency: 1, monetary: 0, sessions: 0 },
};

function candidate(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customerId: 'c-1',
    email: 'a@example.com',
    optIn: true,
    country: 'US',
    updatedAt: '2026-03-10T10:00:00.000Z',
    lastActivityAt: '2026-03-09T18:00:00.000Z',
    orderCount: 5,
    totalSpend: 250,
    sessions30d: 6,
    ...overrides,
  };
}

describe('ScoreStage', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  async function score(
    records: Record<string, unknown>[],
    stage = scoreStage,
    env: NodeJS.ProcessEnv = {},
  ) {
    return runOnUpstreamOutput(s3, stage, 'FilterStage', records, env);
  }

  it('adds score (0..1, 6 decimals) and modelVersion with the shipped model, deterministically', async () => {
    // Arrange
    const records = [
      candidate(),
      candidate({
        customerId: 'c-2',
        lastActivityAt: null,
        orderCount: 0,
        totalSpend: 0,
        sessions30d: 0,
      }),
    ];

    // Act
    const first = await score(records);
    const second = await score(records);

    // Assert
    expect(first.records).toEqual(second.records);
    for (const record of first.records) {
      expect(record.modelVersion).toBe(DEFAULT_SCORE_MODEL.version);
      expect(record.score).toBeGreaterThanOrEqual(0);
      expect(record.score).toBeLessThanOrEqual(1);
      expect(Math.round((record.score as number) * 1e6) / 1e6).toBe(record.score);
    }
    expect(first.records[0]?.score as number).toBeGreaterThan(first.records[1]?.score as number);
    expect(first.records[0]).toMatchObject(records[0] as Record<string, unknown>);
    expect(first.result.metrics.modelVersion).toBe(DEFAULT_SCORE_MODEL.version);
    expectBalanced(first.result);
  });

  it('computes the logistic function of bias + weights x scaled features', () => {
    // Arrange
    const model = {
      ...DEFAULT_SCORE_MODEL,
      bias: 0.5,
      weights: { recency: -0.1, frequency: 0.2, monetary: 0.01, sessions: 0.3 },
      scaling: {},
    };
    const features = { recency: 10, frequency: 3, monetary: 100, sessions: 2 };

    // Act
    const value = scoreFeatures(model, features);

    // Assert
    const z = 0.5 - 0.1 * 10 + 0.2 * 3 + 0.01 * 100 + 0.3 * 2;
    expect(value).toBe(Math.round((1 / (1 + Math.exp(-z))) * 1e6) / 1e6);
  });

  it.each([
    ['2026-03-10T23:59:00.000Z', 1],
    ['2026-03-11T05:00:00.000Z', 0],
    ['2026-04-01T00:00:00.000Z', 0],
    ['2025-03-11T00:00:00.000Z', 365],
    [null, null],
  ])(
    'counts recency from lastActivityAt %s as %s whole days before the logical date',
    (lastActivityAt, days) => {
      // Arrange
      const logicalDate = '2026-03-11';

      // Act
      const recency = daysSince(lastActivityAt, logicalDate);

      // Assert
      expect(recency).toBe(days);
    },
  );

  it('uses recencyDays, frequency and monetary when HeavyETLStage provided them', async () => {
    // Arrange
    const stage = createScoreStage({
      model: { ...LINEAR, weights: { recency: 1, frequency: 0, monetary: 0, sessions: 0 } },
    });
    const records = [
      candidate({
        recencyDays: 0,
        lastActivityAt: '2020-01-01T00:00:00.000Z',
        frequency: 0,
        orderCount: 50,
      }),
    ];

    // Act
    const { records: scored } = await score(records, stage);

    // Assert
    expect(scored[0]?.score).toBe(0.5);
  });

  it.each([
    ['orderCount', -1],
    ['totalSpend', 'lots'],
    ['lastActivityAt', 'last week'],
    ['recencyDays', Number.MAX_VALUE * -1],
  ])('rejects a record whose feature field %s is %j as invalid-feature', async (field, value) => {
    // Arrange
    const records = [candidate({ customerId: 'ok' }), candidate({ [field]: value })];

    // Act
    const { result, rejects } = await score(records);

    // Assert
    expect(result.rejectedBy).toEqual({ 'invalid-feature': 1 });
    expect(rejects[0]).toMatchObject({ reason: 'invalid-feature', field });
    expectBalanced(result);
  });

  it('reads CEAP_SCORE_MODEL per invocation, so a corrected environment takes effect on redrive', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'ceap-model-'));
    const path = join(dir, 'model.json');
    writeFileSync(path, JSON.stringify({ ...LINEAR, version: 'from-file' }));
    const records = [candidate()];

    // Act
    const broken = score(records, scoreStage, { CEAP_SCORE_MODEL: join(dir, 'missing.json') });
    await expect(broken).rejects.toThrow(ConfigurationError);
    const fixed = await score(records, scoreStage, { CEAP_SCORE_MODEL: path });
    const inline = await score(records, scoreStage, {
      CEAP_SCORE_MODEL: JSON.stringify({ ...LINEAR, version: 'inline' }),
    });

    // Assert
    expect(fixed.records[0]).toMatchObject({ modelVersion: 'from-file', score: 0.993307 });
    expect(inline.records[0]?.modelVersion).toBe('inline');
  });

  it.each([
    [
      '{"version":"v","bias":0,"weights":{"recency":"high","frequency":1,"monetary":1,"sessions":1}}',
      'weights.recency must be a number',
    ],
    [
      '{"version":"v","bias":0,"weights":{"frequency":1,"monetary":1,"sessions":1}}',
      'weights.recency must be a number',
    ],
    [
      '{"bias":0,"weights":{"recency":1,"frequency":1,"monetary":1,"sessions":1}}',
      'version must be a string',
    ],
    [
      '{"version":"v","bias":0,"weights":{"recency":1,"frequency":1,"monetary":1,"sessions":1,"age":2}}',
      'weights has unknown key "age"',
    ],
    [
      '{"version":"v","bias":0,"weights":{"recency":1,"frequency":1,"monetary":1,"sessions":1},"scaling":{"recency":{"std":0}}}',
      'scaling.recency.std must be greater than 0',
    ],
    ['{"version":"v",', 'inline JSON is not valid JSON'],
    ['./no/such/model.json', 'cannot read file'],
  ])(
    'fails non-retryably with a ConfigurationError naming CEAP_SCORE_MODEL for %s',
    async (value, message) => {
      // Arrange
      const env = { CEAP_SCORE_MODEL: value };

      // Act
      const run = score([candidate()], scoreStage, env);

      // Assert
      await expect(run).rejects.toMatchObject({ name: StageErrorName.Configuration });
      await expect(run).rejects.toThrow(`CEAP_SCORE_MODEL: ${message}`);
    },
  );

  it('validates a model passed in code when the stage is created', () => {
    // Arrange
    const model = { ...LINEAR, bias: Number.NaN };

    // Act
    const create = () => createScoreStage({ model });

    // Assert
    expect(create).toThrow(/createScoreStage options\.model: bias/);
  });

  it('ships examples/score-model.json equal to the built-in model', () => {
    // Arrange
    const path = join(EXAMPLES, 'score-model.json');

    // Act
    const shipped = loadScoreModel({ CEAP_SCORE_MODEL: path });

    // Assert
    expect(shipped).toEqual(DEFAULT_SCORE_MODEL);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(DEFAULT_SCORE_MODEL);
    expect(loadScoreModel({ CEAP_SCORE_MODEL: '' })).toBe(DEFAULT_SCORE_MODEL);
  });
});
