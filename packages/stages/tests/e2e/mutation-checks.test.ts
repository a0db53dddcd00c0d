import type { StageDefinition } from '@ceap/core';
import {
  createEtlStage,
  createFilterStage,
  DEFAULT_FILTER_RULES,
  type FilterRulesInput,
  scoreStage,
} from '../../src/index.js';
import * as valueParsers from '../../src/value-parsers.js';
import { startTestS3, type TestS3 } from '../helpers/embedded-s3.js';
import { hostileViolations, runHostilePipeline } from '../helpers/hostile-expectations.js';
import { generateHostileRecords } from '../helpers/hostile-records.js';
import { seededRandom } from '../helpers/seeded-random.js';

/**
 * Mutation checks: each case weakens one validator, through the stage's own options or (for
 * ETL's value parsers, which have no option) a jest spy on the module, and runs the hostile
 * suite's expectations. A weakening the expectations did not notice would be a hole in the
 * suite, so each case asserts that the expectations now FAIL, naming the rule that caught it.
 */

const SEED = 4242;
const INPUTS = 600;
// The hostile batch is far over 256 KiB inline; runStage is called directly here.
const etl = createEtlStage({ maxInlineInputBytes: 64 * 1024 * 1024 });

const filterWith = (rules: FilterRulesInput) =>
  createFilterStage({ rules: { ...DEFAULT_FILTER_RULES, ...rules } });

/** A weakening: the stages to run, and what it patches (undone after the case). */
interface Weakening {
  // biome-ignore lint/suspicious/noExplicitAny: every stage's config type differs.
  readonly stages: () => StageDefinition<any>[];
}

const weakFilter = (rules: FilterRulesInput): Weakening => ({
  stages: () => [etl, filterWith(rules), scoreStage],
});

/** The parsers as shipped, taken before any spy replaces them. */
const ACTUAL_PARSERS = {
  parseAmount: valueParsers.parseAmount,
  parseCountry: valueParsers.parseCountry,
} as const;

const weakParser = (
  name: keyof typeof ACTUAL_PARSERS,
  weakened: (value: unknown, ...rest: never[]) => unknown,
): Weakening => ({
  stages: () => {
    const actual = ACTUAL_PARSERS[name] as (...args: unknown[]) => unknown;
    jest
      .spyOn(valueParsers, name)
      .mockImplementation(
        ((value: unknown, ...rest: never[]) =>
          weakened(value, ...rest) ?? actual(value, ...rest)) as never,
      );
    return [etl, filterWith({}), scoreStage];
  },
});

/** Accepts a negative number as it is; anything else goes to the real parser. */
const acceptNegative = (value: unknown) => {
  const number = typeof value === 'string' ? Number(value.trim()) : value;
  return typeof number === 'number' && number < 0 ? number : undefined;
};

/** Accepts any text as a country, skipping the two-letter check. */
const acceptAnyCountry = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase() : undefined;

describe('mutation checks: the hostile suite catches a weakened validator', () => {
  let s3: TestS3;
  const batch = generateHostileRecords(seededRandom(SEED), INPUTS);
  const input = { records: batch.items, logicalDate: '2026-03-11' };

  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('finds nothing wrong with the stages as shipped (the control)', async () => {
    // Arrange
    const stages = [etl, filterWith({}), scoreStage];

    // Act
    const runs = await runHostilePipeline(s3, stages, input);

    // Assert
    expect(hostileViolations(runs)).toEqual({});
  });

  it.each<[string, Weakening, RegExp]>([
    [
      'FilterStage skips the country allow-list',
      weakFilter({ allowedCountries: null }),
      /^FilterStage: country allowed$/,
    ],
    [
      'FilterStage accepts an invalid email',
      weakFilter({ requireValidEmail: false }),
      /^FilterStage: has a valid email$/,
    ],
    [
      'FilterStage keeps opted-out candidates',
      weakFilter({ requireOptIn: false }),
      /^FilterStage: opted in$/,
    ],
    [
      'FilterStage keeps every snapshot of a customer',
      weakFilter({ dedupeByCustomerId: false }),
      /^FilterStage: one record per customer$/,
    ],
    [
      'ETLStage accepts negative numbers',
      weakParser('parseAmount', acceptNegative),
      /^ETLStage: (orderCount|sessions30d|totalSpend) is a (whole )?number >= 0$/,
    ],
    [
      'ETLStage accepts any text as a country',
      weakParser('parseCountry', acceptAnyCountry),
      /^ETLStage: country$/,
    ],
  ])('fails when %s', async (_name, weakening, caughtBy) => {
    // Arrange
    const stages = weakening.stages();

    // Act
    const runs = await runHostilePipeline(s3, stages, input);

    // Assert
    const violations = hostileViolations(runs);
    const caught = Object.entries(violations).filter(([rule]) => caughtBy.test(rule));
    expect(caught.length).toBeGreaterThan(0);
    expect(caught.every(([, count]) => count > 0)).toBe(true);
  });
});
