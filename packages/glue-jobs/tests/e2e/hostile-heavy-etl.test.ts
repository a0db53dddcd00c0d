import { createLocalGlueExecutor, type LocalGlueExecutor } from '../../src/index.js';
import { silentLogger, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { jobArguments } from '../helpers/job-arguments.js';

/**
 * HeavyETLStage fed hostile lines through the local Glue executor (core's reader, then the
 * job's Python core): every line is a record out, a reject with its reason, or a duplicate, and
 * received = records + rejected + filtered.
 */

const AT = '2024-04-30T00:00:00Z';
const good = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ customerId: id, updatedAt: AT, orderCount: 1, ...extra });

/** [line, what becomes of it]: a kept id, a reject reason, or `duplicate`. */
const LINES: readonly (readonly [string | Buffer, string])[] = [
  [good('C-good-1'), 'C-good-1'],
  [`{"customerId":"C-good-2","updatedAt":"${AT}","__proto__":{"polluted":"yes"}}`, 'C-good-2'],
  [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'not-an-object'],
  [`{"customerId":"C-dup","updatedAt":"2024-01-01T00:00:00Z"}`, 'duplicate'],
  [`{"customerId":"C-dup","updatedAt":"${AT}","customerId":"C-dup"}`, 'C-dup'],
  ['{not json', 'invalid-json'],
  ['{"customerId":"C-nan","updatedAt":"2024-04-30T00:00:00Z","orderCount":NaN}', 'invalid-json'],
  ['[1, 2, 3]', 'not-an-object'],
  ['"just a string"', 'not-an-object'],
  ['null', 'not-an-object'],
  [Buffer.from([0xff, 0xfe, 0xfd]), 'invalid-utf8'],
  [
    Buffer.from('{"customerId":"Zo\xeb","updatedAt":"2024-04-30T00:00:00Z"}', 'latin1'),
    'invalid-utf8',
  ],
  [JSON.stringify({ updatedAt: AT }), 'missing-field'],
  [JSON.stringify({ customerId: '   ', updatedAt: AT }), 'missing-field'],
  [JSON.stringify({ customerId: 'C-no-date' }), 'missing-field'],
  [JSON.stringify({ customerId: 7, updatedAt: AT }), 'invalid-type'],
  [JSON.stringify({ customerId: { $oid: 'x' }, updatedAt: AT }), 'invalid-type'],
  [JSON.stringify({ customerId: 'C-d1', updatedAt: '2024-02-30T00:00:00Z' }), 'invalid-date'],
  [JSON.stringify({ customerId: 'C-d2', updatedAt: 'yesterday' }), 'invalid-date'],
  [JSON.stringify({ customerId: 'C-d3', updatedAt: 1714435200 }), 'invalid-type'],
  [good('C-neg', { orderCount: -3 }), 'negative-value'],
  [good('C-neg-spend', { totalSpend: -0.5 }), 'negative-value'],
  [good('C-frac', { orderCount: 2.5 }), 'invalid-type'],
  [good('C-str', { sessions30d: '12' }), 'invalid-type'],
  [good('C-bool', { orderCount: true }), 'invalid-type'],
  [good('C-huge', { notes: 'x'.repeat(2 * 1024 * 1024) }), 'C-huge'],
  [good('C-unicode-\u202Eevil'), 'C-unicode-\u202Eevil'],
  [`${good('C-crlf')}\r`, 'C-crlf'],
];

describe('HeavyETLStage on hostile lines, through the local Glue executor', () => {
  let s3: TestS3;
  let glue: LocalGlueExecutor;

  beforeAll(async () => {
    s3 = await startTestS3();
    glue = createLocalGlueExecutor({
      s3: s3.client,
      location: { bucket: TEST_BUCKET },
      logger: silentLogger,
    });
  });

  afterAll(async () => {
    await s3.stop();
  });

  it('accounts for every line: kept, rejected with its reason, or a duplicate', async () => {
    // Arrange
    const args = jobArguments('hostile-heavy');
    const body = Buffer.concat(
      LINES.flatMap(([line]) => [Buffer.from(line), Buffer.from('\n')]).concat(Buffer.from('\n')),
    );
    await s3.put(args['--inputKey'], body);
    const expectedKept = LINES.map(([, fate]) => fate).filter((f) => /^C-/.test(f));
    const expectedRejects: Record<string, number> = {};
    for (const [, fate] of LINES)
      if (!/^C-/.test(fate) && fate !== 'duplicate')
        expectedRejects[fate] = (expectedRejects[fate] ?? 0) + 1;

    // Act
    const run = await glue.run(args);

    // Assert
    const { result } = run;
    const kept = await s3.readRecords(args['--outputKey']);
    const rejects = await s3.readRecords('executions/hostile-heavy/HeavyETLStage/rejects.json');
    expect(kept.map((r) => r.customerId).sort()).toEqual([...expectedKept].sort());
    expect(result).toMatchObject({
      received: LINES.length,
      records: expectedKept.length,
      rejected: LINES.length - expectedKept.length - 1,
      filtered: 1,
      filteredBy: { duplicate: 1 },
      rejectedBy: expectedRejects,
    });
    expect(result.received).toBe(result.records + result.rejected + result.filtered);
    expect(rejects).toHaveLength(result.rejected);
    expect(rejects.every((r) => typeof r.reason === 'string' && r.reason !== '')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a line too deep to re-serialize, with its reason, and runs the rest', async () => {
    // Arrange: JSON.parse reads 5,000 levels, JSON.stringify (feeding Python) overflows the stack.
    const args = jobArguments('hostile-deep');
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    await s3.put(
      args['--inputKey'],
      `${good('C-1')}\n{"customerId":"C-deep","updatedAt":"${AT}","x":${deep}}\n`,
    );

    // Act
    const { result } = await glue.run(args);

    // Assert
    expect(result).toMatchObject({
      received: 2,
      records: 1,
      rejected: 1,
      rejectedBy: { unserializable: 1 },
    });
    expect(result.received).toBe(result.records + result.rejected + result.filtered);
  });

  it.each([
    ['an empty object', ''],
    ['only blank lines', '\n\n\r\n'],
  ])(
    'succeeds with 0 records for %s (an empty upstream output is a valid input)',
    async (_label, body) => {
      // Arrange
      const args = jobArguments(`hostile-empty-${body.length}`);
      await s3.put(args['--inputKey'], body);

      // Act
      const run = await glue.run(args);

      // Assert
      expect(run.result).toMatchObject({ received: 0, records: 0, rejected: 0, filtered: 0 });
    },
  );
});
