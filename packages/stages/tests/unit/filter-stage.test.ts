import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, type StageResult } from '@ceap/core';
import {
  createFilterStage,
  DEFAULT_FILTER_RULES,
  filterStage,
  loadFilterRules,
} from '../../src/index.js';
import { startTestS3, type TestS3 } from '../helpers/embedded-s3.js';
import { expectBalanced, runOnUpstreamOutput } from '../helpers/stage-runner.js';

const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');

function candidate(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customerId: 'c-1',
    email: 'a@example.com',
    optIn: true,
    country: 'US',
    updatedAt: '2026-03-10T10:00:00.000Z',
    lastActivityAt: '2026-03-01T00:00:00.000Z',
    orderCount: 3,
    totalSpend: 120,
    sessions30d: 4,
    ...overrides,
  };
}

describe('FilterStage', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  /** Writes records as a previous stage's output and runs the filter on them. */
  async function filter(
    records: Record<string, unknown>[],
    stage = filterStage,
    env: NodeJS.ProcessEnv = {},
  ) {
    return runOnUpstreamOutput(s3, stage, 'ETLStage', records, env);
  }

  /** What the run kept in filtered.json: each dropped record with its rule. */
  async function filteredOf(result: StageResult) {
    const key = result.rejectsKey.replace(/rejects\.json$/, 'filtered.json');
    return (await s3.readRecords(key)) as { reason: string; record: Record<string, unknown> }[];
  }

  it('keeps eligible candidates unchanged', async () => {
    // Arrange
    const records = [candidate(), candidate({ customerId: 'c-2', country: 'CA' })];

    // Act
    const { result, records: kept } = await filter(records);

    // Assert
    expect(kept).toEqual(records);
    expect(result).toMatchObject({
      received: 2,
      records: 2,
      filtered: 0,
      metrics: { customers: 2 },
    });
    expectBalanced(result);
  });

  it.each([
    ['missing-customer-id', { customerId: null }],
    ['missing-customer-id', { customerId: '  ' }],
    ['invalid-email', { email: 'not-an-email' }],
    ['invalid-email', { email: null }],
    ['invalid-email', { email: 'a@b' }],
    ['not-opted-in', { optIn: false }],
    ['not-opted-in', { optIn: null }],
    ['country-not-allowed', { country: 'BR' }],
    ['country-not-allowed', { country: null }],
  ])('drops a record and counts it as %s (%j)', async (reason, overrides) => {
    // Arrange
    const records = [candidate({ customerId: 'keep' }), candidate(overrides)];

    // Act
    const { result, records: kept } = await filter(records);

    // Assert
    expect(kept.map((r) => r.customerId)).toEqual(['keep']);
    expect(result.filteredBy).toEqual({ [reason]: 1 });
    expectBalanced(result);
    expect(await filteredOf(result)).toEqual([{ reason, record: records[1] }]);
  });

  it('keeps the latest updatedAt per customer and counts each older snapshot as duplicate', async () => {
    // Arrange
    const records = [
      candidate({ customerId: 'a', updatedAt: '2026-03-10T10:00:00.000Z', orderCount: 1 }),
      candidate({ customerId: 'b', updatedAt: '2026-03-09T10:00:00.000Z' }),
      candidate({ customerId: 'a', updatedAt: '2026-03-10T12:00:00.000Z', orderCount: 2 }),
      candidate({ customerId: 'a', updatedAt: '2026-03-09T23:00:00.000Z', orderCount: 0 }),
    ];

    // Act
    const { result, records: kept } = await filter(records);

    // Assert
    expect(kept.map((r) => [r.customerId, r.orderCount])).toEqual([
      ['a', 2],
      ['b', 3],
    ]);
    expect(result.filteredBy).toEqual({ duplicate: 2 });
    expectBalanced(result);
    const dropped = (await filteredOf(result)).map((line) => line.record.orderCount);
    expect(dropped.sort()).toEqual([0, 1]);
  });

  it('rejects a record whose updatedAt cannot be compared', async () => {
    // Arrange
    const records = [candidate(), candidate({ customerId: 'c-2', updatedAt: 'yesterday' })];

    // Act
    const { result, rejects } = await filter(records);

    // Assert
    expect(result.rejectedBy).toEqual({ 'invalid-updated-at': 1 });
    expect(rejects[0]).toMatchObject({ field: 'updatedAt' });
    expectBalanced(result);
  });

  it('applies rules passed in code: any country, no opt-in needed, no dedupe', async () => {
    // Arrange
    const stage = createFilterStage({
      rules: { allowedCountries: null, requireOptIn: false, dedupeByCustomerId: false },
    });
    const records = [
      candidate({ country: 'JP', optIn: false }),
      candidate({ updatedAt: '2026-03-01T00:00:00.000Z' }),
    ];

    // Act
    const { result } = await filter(records, stage);

    // Assert
    expect(result).toMatchObject({ records: 2, filtered: 0 });
  });

  it('reads CEAP_FILTER_RULES per invocation, as inline JSON or a file path', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'ceap-rules-'));
    const path = join(dir, 'rules.json');
    writeFileSync(path, JSON.stringify({ allowedCountries: ['jp'] }));
    const records = [candidate({ country: 'JP' }), candidate({ customerId: 'c-2', country: 'US' })];

    // Act
    const inline = await filter(records, filterStage, {
      CEAP_FILTER_RULES: '{"allowedCountries":["us"]}',
    });
    const fromFile = await filter(records, filterStage, { CEAP_FILTER_RULES: path });

    // Assert
    expect(inline.records.map((r) => r.country)).toEqual(['US']);
    expect(fromFile.records.map((r) => r.country)).toEqual(['JP']);
  });

  it.each([
    ['{"allowedCountries":"US"}', /CEAP_FILTER_RULES: allowedCountries must be an array/],
    [
      '{"allowedCountries":["USA"]}',
      /CEAP_FILTER_RULES: allowedCountries\.0 must be a two-letter ISO-3166 code/,
    ],
    ['{"requireOptIn":"yes"}', /CEAP_FILTER_RULES: requireOptIn must be a boolean/],
    ['{"requireOptin":true}', /CEAP_FILTER_RULES: has unknown key "requireOptin"/],
    ['{not json', /CEAP_FILTER_RULES: inline JSON is not valid JSON/],
    [
      '/nonexistent/rules.json',
      /CEAP_FILTER_RULES: cannot read file "\/nonexistent\/rules\.json" \(ENOENT\)/,
    ],
  ])('fails with a ConfigurationError naming CEAP_FILTER_RULES for %s', async (value, message) => {
    // Arrange
    const env = { CEAP_FILTER_RULES: value };

    // Act
    const run = filter([candidate()], filterStage, env);

    // Assert
    await expect(run).rejects.toThrow(ConfigurationError);
    await expect(run).rejects.toThrow(message);
  });

  it('rejects invalid rules passed in code when the stage is created', () => {
    // Arrange
    const rules = { allowedCountries: [42] } as unknown as { allowedCountries: string[] };

    // Act
    const create = () => createFilterStage({ rules });

    // Assert
    expect(create).toThrow(
      /createFilterStage options\.rules: allowedCountries\.0 must be a string/,
    );
  });

  it('ships examples/filter-rules.json equal to the built-in rules', () => {
    // Arrange
    const path = join(EXAMPLES, 'filter-rules.json');

    // Act
    const shipped = loadFilterRules({ CEAP_FILTER_RULES: path });

    // Assert
    expect(shipped).toEqual(DEFAULT_FILTER_RULES);
    expect(loadFilterRules({})).toBe(DEFAULT_FILTER_RULES);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(DEFAULT_FILTER_RULES);
  });
});
