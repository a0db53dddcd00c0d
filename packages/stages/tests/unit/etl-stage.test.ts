import { ConfigurationError, StageErrorName } from '@ceap/core';
import { createEtlStage, DEFAULT_MAX_RECORD_BYTES, etlStage } from '../../src/index.js';
import { startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { expectBalanced, nextExecutionId, runAndRead } from '../helpers/stage-runner.js';

const VALID = { customer_id: 'c-1', email: 'A@Example.com', updated_at: '2026-03-10T10:00:00Z' };

describe('ETLStage', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('normalizes inline records: aliases, trimmed strings, lower-cased emails, ISO dates and numbers', async () => {
    // Arrange
    const input = {
      records: [
        {
          cust_id: ' c-1 ',
          email_address: ' Jane.Doe@Example.COM ',
          marketing_opt_in: 'YES',
          country_code: 'us',
          event_time: '03/11/2026 14:30',
          last_seen: 1772928000000,
          order_count: '12',
          lifetime_value: '345.60',
          sessions: 7,
          first_name: ' Jane ',
          last_name: 'Doe',
          ignored_column: 'x',
        },
        {
          customerID: 42,
          mail: 'b@example.org',
          optin: 0,
          country: 'GB',
          updated_at: '2026-03-10',
          orders: 0,
        },
      ],
    };

    // Act
    const { result, records } = await runAndRead(s3, etlStage, { input });

    // Assert
    expect(records).toEqual([
      {
        customerId: 'c-1',
        email: 'jane.doe@example.com',
        optIn: true,
        country: 'US',
        updatedAt: '2026-03-11T14:30:00.000Z',
        lastActivityAt: '2026-03-08T00:00:00.000Z',
        orderCount: 12,
        totalSpend: 345.6,
        sessions30d: 7,
        firstName: 'Jane',
        lastName: 'Doe',
      },
      {
        customerId: '42',
        email: 'b@example.org',
        optIn: false,
        country: 'GB',
        updatedAt: '2026-03-10T00:00:00.000Z',
        lastActivityAt: null,
        orderCount: 0,
        totalSpend: null,
        sessions30d: null,
      },
    ]);
    expect(result).toMatchObject({ received: 2, records: 2, rejected: 0, filtered: 0 });
    expect(result.metrics.inputMode).toBe('inline');
    expectBalanced(result);
  });

  it('reads every CSV and JSON Lines object under the default incoming prefix for the logical date', async () => {
    // Arrange
    const csv =
      '\uFEFFcustomer_id,email,first_name,updated_at\r\nc-1,a@example.com,"Smith, Jr.",2026-03-10\r\nc-2,b@example.com,"Mary\nAnn",1773100800000\r\n';
    const jsonl = `${JSON.stringify({ customerId: 'c-3', email: 'c@example.com', updatedAt: '2026-03-10T08:00:00+02:00' })}\n`;
    await s3.put('incoming/dt=2026-03-10/a.csv', csv);
    await s3.put('incoming/dt=2026-03-10/b.jsonl', jsonl);
    await s3.put('incoming/dt=2026-03-10/_SUCCESS', '');

    // Act
    const { result, records } = await runAndRead(s3, etlStage, {
      input: { logicalDate: '2026-03-10' },
    });

    // Assert
    expect(records.map((r) => [r.customerId, r.firstName ?? null, r.updatedAt])).toEqual([
      ['c-1', 'Smith, Jr.', '2026-03-10T00:00:00.000Z'],
      ['c-2', 'Mary\nAnn', '2026-03-10T00:00:00.000Z'],
      ['c-3', null, '2026-03-10T06:00:00.000Z'],
    ]);
    expect(result.metrics).toMatchObject({ inputMode: 'prefix', inputObjects: 2 });
    expectBalanced(result);
  });

  it('reads one object named by input.source.key, in another bucket position', async () => {
    // Arrange
    await s3.put('drops/one.ndjson', `${JSON.stringify(VALID)}\n\n`);

    // Act
    const { result, records } = await runAndRead(s3, etlStage, {
      input: {
        logicalDate: '2026-03-11',
        source: { bucket: TEST_BUCKET, key: 'drops/one.ndjson' },
      },
    });

    // Assert
    expect(records).toHaveLength(1);
    expect(result.metrics).toMatchObject({ inputMode: 'object', inputObjects: 1 });
    expectBalanced(result);
  });

  it('reads an EventBridge Pipe batch message by message, inline records and files alike', async () => {
    // Arrange
    await s3.put(
      'incoming/dt=2019-07-04/drop.ndjson',
      `${JSON.stringify({ ...VALID, customer_id: 'c-9' })}\n`,
    );
    const input = [
      { records: [VALID, { ...VALID, customer_id: 'c-2' }], logicalDate: '2019-07-04' },
      { logicalDate: '2019-07-04' },
      { records: [{ ...VALID, customer_id: 'c-3' }] },
    ];

    // Act
    const { result, records } = await runAndRead(s3, etlStage, { input });

    // Assert
    expect(records.map((r) => r.customerId)).toEqual(['c-1', 'c-2', 'c-9', 'c-3']);
    expect(result.logicalDate).toBe('2019-07-04');
    expect(result.metrics).toMatchObject({ inputMode: 'inline+prefix', inputObjects: 1 });
    expect(result).toMatchObject({ received: 4, records: 4, rejected: 0 });
    expectBalanced(result);
  });

  it.each<[string, unknown[]]>([
    ['a batch input sent through the pipe', [{ logicalDate: '2026-03-11' }]],
    ['a file source sent through the pipe', [{ source: { key: 'drops/pipe.ndjson' } }]],
  ])('reads %s as files, not as a malformed message', async (_label, input) => {
    // Arrange
    await s3.put('drops/pipe.ndjson', `${JSON.stringify(VALID)}\n`);
    await s3.put('incoming/dt=2026-03-11/pipe.ndjson', `${JSON.stringify(VALID)}\n`);

    // Act
    const { result } = await runAndRead(s3, etlStage, { input });

    // Assert
    expect(result.records).toBeGreaterThan(0);
    expect(result.rejected).toBe(0);
  });

  it.each([
    [
      'a misspelled key',
      { Records: [VALID] },
      'ETLStage input has keys [Records]: expected "records"',
    ],
    ['an empty object', {}, 'ETLStage input has no keys: expected "records"'],
    ['a pipe message that is not JSON', ['not json'], 'ETLStage input[0] must be an object'],
    [
      'a pipe message without records',
      [{ records: [VALID] }, { note: 'x' }],
      'ETLStage input[1] has keys [note]',
    ],
    ['an empty pipe batch', [], 'ETLStage input is an empty batch of messages'],
  ])(
    'fails the run on %s, naming it, rather than succeed with nothing read',
    async (_label, input, message) => {
      // Arrange / Act
      const run = runAndRead(s3, etlStage, { input });

      // Assert
      await expect(run).rejects.toMatchObject({ name: 'FatalStageError' });
      await expect(run).rejects.toThrow(message);
    },
  );

  it.each([
    ['not-an-object', [null], undefined],
    ['record-too-large', [{ ...VALID, notes: 'x'.repeat(DEFAULT_MAX_RECORD_BYTES) }], undefined],
    ['invalid-utf8', [{ ...VALID, first_name: 'bad \ud800 surrogate' }], 'firstName'],
    ['invalid-type', [{ ...VALID, country: { code: 'US' } }], 'country'],
    ['invalid-number', [{ ...VALID, orders: '2.5' }], 'orderCount'],
    ['invalid-date', [{ ...VALID, last_activity: '2026-02-30' }], 'lastActivityAt'],
    ['invalid-boolean', [{ ...VALID, opt_in: 'maybe' }], 'optIn'],
    ['invalid-country', [{ ...VALID, country: 'USA' }], 'country'],
    ['field-too-long', [{ ...VALID, customer_id: 'c'.repeat(129) }], 'customerId'],
    ['missing-field', [{ customer_id: 'c-1', email: 'a@example.com' }], 'updatedAt'],
  ])('rejects with reason %s and names the field', async (reason, records, field) => {
    // Arrange
    const input = { records: [VALID, ...records] };

    // Act
    const { result, rejects } = await runAndRead(s3, etlStage, { input });

    // Assert
    expect(result.rejectedBy).toEqual({ [reason]: 1 });
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ reason, source: 'input.records', line: 2 });
    expect(rejects[0]?.field).toBe(field);
    expect(result.records).toBe(1);
    expectBalanced(result);
  });

  it.each([
    ['csv-column-count', 'customer_id,updated_at\nc-1,2026-03-10\nc-2,2026-03-10,extra\n', 3],
    [
      'csv-parse-error',
      'customer_id,updated_at\nc-1,2026-03-10\n"c-2,2026-03-10\nc-3,2026-03-10\n',
      3,
    ],
    [
      'invalid-utf8',
      Buffer.concat([
        Buffer.from('customer_id,updated_at\nc-1,2026-03-10\nc-'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(',2026-03-10\n'),
      ]),
      3,
    ],
  ])('rejects a CSV row with reason %s and its line, and goes on', async (reason, body, line) => {
    // Arrange
    const key = `csv/${reason}.csv`;
    await s3.put(key, body);

    // Act
    const { result, rejects, records } = await runAndRead(s3, etlStage, {
      input: { source: { key } },
    });

    // Assert
    expect(records.map((r) => r.customerId)).toEqual(['c-1']);
    expect(result.rejectedBy).toEqual({ [reason]: 1 });
    expect(rejects[0]).toMatchObject({ reason, line, source: `s3://${TEST_BUCKET}/${key}` });
    expectBalanced(result);
  });

  it('rejects an object under the prefix whose format it cannot read', async () => {
    // Arrange
    await s3.put('incoming/dt=2026-01-02/notes.txt', 'hello');
    await s3.put('incoming/dt=2026-01-02/a.json', `${JSON.stringify(VALID)}\n`);

    // Act
    const { result, rejects } = await runAndRead(s3, etlStage, {
      input: { logicalDate: '2026-01-02' },
    });

    // Assert
    expect(result).toMatchObject({
      received: 2,
      records: 1,
      rejectedBy: { 'unsupported-format': 1 },
    });
    expect(String(rejects[0]?.source)).toMatch(/notes\.txt$/);
    expectBalanced(result);
  });

  describe('bad data', () => {
    it('succeeds on an empty input and still writes an empty output', async () => {
      // Arrange
      const input = { records: [] };

      // Act
      const { result, records } = await runAndRead(s3, etlStage, { input });

      // Assert
      expect(await s3.exists(result.key)).toBe(true);
      expect(records).toEqual([]);
      expect(result).toMatchObject({ received: 0, records: 0, rejected: 0 });
    });

    it('succeeds with 0 records when the incoming prefix has no objects', async () => {
      // Arrange
      const input = { logicalDate: '1999-12-31' };

      // Act
      const { result } = await runAndRead(s3, etlStage, { input });

      // Assert
      expect(result).toMatchObject({ received: 0, records: 0, metrics: { inputObjects: 0 } });
    });

    it('succeeds on an input of only rejects', async () => {
      // Arrange
      const input = { records: [1, 'two', null, [3], { customer_id: 'c-1' }] };

      // Act
      const { result, records, rejects } = await runAndRead(s3, etlStage, { input });

      // Assert
      expect(records).toEqual([]);
      expect(result.rejectedBy).toEqual({ 'not-an-object': 4, 'missing-field': 1 });
      expect(rejects).toHaveLength(5);
      expectBalanced(result);
    });

    it.each([
      ['an inline record', 'inline'],
      ['a JSON Lines line', 'jsonl'],
      ['a CSV row', 'csv'],
    ])('rejects a 1 MB single record (%s) as record-too-large', async (_label, format) => {
      // Arrange
      const big = { ...VALID, notes: 'n'.repeat(1024 * 1024) };
      let input: unknown;
      // Inline, a 1 MB record is over Step Functions' 256 KiB: only a direct call gets this far.
      const stage = createEtlStage({ maxInlineInputBytes: 4 * 1024 * 1024 });
      if (format === 'inline') input = { records: [big] };
      else if (format === 'jsonl') {
        await s3.put('big/one.jsonl', `${JSON.stringify(big)}\n`);
        input = { source: { key: 'big/one.jsonl' } };
      } else {
        await s3.put('big/one.csv', `customer_id,updated_at,notes\nc-1,2026-03-10,${big.notes}\n`);
        input = { source: { key: 'big/one.csv' } };
      }

      // Act
      const { result, rejects } = await runAndRead(s3, stage, { input });

      // Assert
      expect(result.rejectedBy).toEqual({ 'record-too-large': 1 });
      expect(String(rejects[0]?.message)).toMatch(/the limit is 65536/);
      expectBalanced(result);
    });

    it('accepts a 1 MB record when maxRecordBytes allows it, keeping only known fields', async () => {
      // Arrange
      const stage = createEtlStage({
        maxRecordBytes: 2 * 1024 * 1024,
        maxInlineInputBytes: 4 * 1024 * 1024,
      });
      const input = { records: [{ ...VALID, notes: 'n'.repeat(1024 * 1024) }] };

      // Act
      const { result, records } = await runAndRead(s3, stage, { input });

      // Assert
      expect(result.records).toBe(1);
      expect(records[0]).not.toHaveProperty('notes');
    });

    it.each([
      [
        'a JSON Lines line',
        'bytes/bad.jsonl',
        Buffer.concat([
          Buffer.from(`${JSON.stringify(VALID)}\n{"customer_id":"`),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('","updated_at":"2026-03-10"}\n'),
        ]),
        2,
      ],
      [
        'a CSV field',
        'bytes/bad.csv',
        Buffer.concat([
          Buffer.from('customer_id,updated_at\nc-1,2026-03-10\n'),
          Buffer.from([0xff, 0xfe]),
          Buffer.from(',2026-03-10\n'),
        ]),
        3,
      ],
    ])(
      'rejects non-UTF-8 bytes in %s as invalid-utf8 and keeps the rest',
      async (_label, key, body, line) => {
        // Arrange
        await s3.put(key, body);

        // Act
        const { result, rejects } = await runAndRead(s3, etlStage, { input: { source: { key } } });

        // Assert
        expect(result).toMatchObject({ records: 1, rejectedBy: { 'invalid-utf8': 1 } });
        expect(rejects[0]).toMatchObject({ reason: 'invalid-utf8', line });
        expectBalanced(result);
      },
    );

    it('ignores __proto__, constructor and prototype keys and pollutes no prototype', async () => {
      // Arrange
      const records = JSON.parse(
        `[{"__proto__":{"polluted":"yes","customerId":"evil"},"constructor":{"prototype":{"polluted":"yes"}},"customer_id":"c-1","updated_at":"2026-03-10"},
          {"customer_id":"c-2","updated_at":"2026-03-10","__proto__":"x"}]`,
      ) as unknown[];
      await s3.put(
        'proto/rows.csv',
        'customer_id,__proto__,constructor,updated_at\nc-3,polluted,polluted,2026-03-10\n',
      );

      // Act
      const inline = await runAndRead(s3, etlStage, { input: { records } });
      const csv = await runAndRead(s3, etlStage, { input: { source: { key: 'proto/rows.csv' } } });

      // Assert
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
      expect(inline.records.map((r) => r.customerId)).toEqual(['c-1', 'c-2']);
      expect(csv.records.map((r) => r.customerId)).toEqual(['c-3']);
      for (const record of [...inline.records, ...csv.records]) {
        expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
        expect(Object.keys(record)).not.toContain('__proto__');
      }
    });

    it.each([
      ['orders', '17', 'orderCount', 17],
      ['total_spend', ' 99.50 ', 'totalSpend', 99.5],
      ['sessions', '3e1', 'sessions30d', 30],
      ['opt_in', 'true', 'optIn', true],
      ['updated_at', '1773100800', 'updatedAt', '2026-03-10T00:00:00.000Z'],
    ])('coerces a number written as a string (%s=%j)', async (key, value, field, expected) => {
      // Arrange
      const input = { records: [{ ...VALID, [key]: value }] };

      // Act
      const { records } = await runAndRead(s3, etlStage, { input });

      // Assert
      expect(records[0]?.[field]).toEqual(expected);
    });

    it.each([
      ['NaN', { orders: Number.NaN }, 'orderCount'],
      ['Infinity', { total_spend: Number.POSITIVE_INFINITY }, 'totalSpend'],
      ['"NaN"', { orders: 'NaN' }, 'orderCount'],
      ['"Infinity"', { sessions: 'Infinity' }, 'sessions30d'],
      ['"1e999"', { total_spend: '1e999' }, 'totalSpend'],
      ['-Infinity as a date', { updated_at: Number.NEGATIVE_INFINITY }, 'updatedAt'],
    ])('rejects %s with the field', async (_label, patch, field) => {
      // Arrange
      const input = { records: [{ ...VALID, ...patch }] };

      // Act
      const { result, rejects } = await runAndRead(s3, etlStage, { input });

      // Assert
      expect(result.rejected).toBe(1);
      expect(rejects[0]?.field).toBe(field);
      expect(['invalid-number', 'invalid-date']).toContain(rejects[0]?.reason);
      expectBalanced(result);
    });

    it.each([
      ['an object', { email: { value: 'a@example.com' } }, 'email'],
      ['an array', { orders: [1, 2] }, 'orderCount'],
      ['an object for a date', { updated_at: { $date: '2026-03-10' } }, 'updatedAt'],
      ['an array for a flag', { opt_in: [true] }, 'optIn'],
    ])('rejects %s where a scalar is expected as invalid-type', async (_label, patch, field) => {
      // Arrange
      const input = { records: [{ ...VALID, ...patch }] };

      // Act
      const { result, rejects } = await runAndRead(s3, etlStage, { input });

      // Assert
      expect(result.rejectedBy).toEqual({ 'invalid-type': 1 });
      expect(rejects[0]?.field).toBe(field);
      expectBalanced(result);
    });
  });

  describe('input and configuration errors', () => {
    it.each([
      [{ records: 'nope' }, /input\.records must be an array/],
      [{ source: { key: 'x.parquet' } }, /input\.source\.key must name a \.csv/],
      [{ source: { key: 'a.csv', prefix: 'b/' } }, /either key or prefix/],
      [{ source: { bucket: 'Bad_Bucket' } }, /input\.source\.bucket/],
      ['a string', /must be an object/],
    ])('fails non-retryably on an unreadable input %j', async (input, message) => {
      // Arrange
      const event = { input };

      // Act
      const run = runAndRead(s3, etlStage, event);

      // Assert
      await expect(run).rejects.toMatchObject({
        name: StageErrorName.Fatal,
        message: expect.stringMatching(message),
      });
    });

    it('fails with a ConfigurationError naming CEAP_ETL_MAX_RECORD_BYTES when it is not a number', async () => {
      // Arrange
      const env = { CEAP_ETL_MAX_RECORD_BYTES: 'lots' };

      // Act
      const run = runAndRead(s3, etlStage, { input: { records: [] } }, env);

      // Assert
      await expect(run).rejects.toThrow(ConfigurationError);
      await expect(run).rejects.toThrow(/CEAP_ETL_MAX_RECORD_BYTES must be a whole number/);
    });

    it('reads CEAP_ETL_MAX_RECORD_BYTES per invocation', async () => {
      // Arrange
      const input = { records: [VALID] };
      const executionId = nextExecutionId('etl-env');

      // Act
      const tight = await runAndRead(
        s3,
        etlStage,
        { executionId, input },
        { CEAP_ETL_MAX_RECORD_BYTES: '10' },
      );
      const loose = await runAndRead(s3, etlStage, { executionId, input }, {});

      // Assert
      expect(tight.result.rejectedBy).toEqual({ 'record-too-large': 1 });
      expect(loose.result.records).toBe(1);
    });
  });
});
