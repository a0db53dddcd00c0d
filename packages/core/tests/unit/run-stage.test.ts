import {
  ConfigurationError,
  defineStage,
  FatalStageError,
  InvalidExecutionIdError,
  RetryableStageError,
  readManifest,
  readStageLog,
  runStage,
  StageErrorName,
  StageLog,
  stepRuns,
} from '../../src/index.js';
import {
  collect,
  parseLines,
  startTestS3,
  TEST_BUCKET,
  type TestS3,
} from '../helpers/embedded-s3.js';
import { evenStage, quietLogger, stageDeps } from '../helpers/test-stages.js';

describe('runStage', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  const input = async (key: string, lines: string) => {
    await s3.put(key, lines);
    return { bucket: TEST_BUCKET, key, logicalDate: '2026-11-21', executionPrefix: 'executions/x' };
  };

  it('streams input to output, rejects and filters, and balances the counts', async () => {
    // Arrange
    const pointer = await input('in/a.json', '{"n":2}\n{"n":3}\n{"n":"x"}\nnot json\n{"n":4}\n');
    // Act
    const result = await runStage(
      evenStage,
      { executionId: 'run-a', workflow: 'test', input: pointer },
      stageDeps(s3),
    );
    // Assert
    expect(result).toMatchObject({
      bucket: TEST_BUCKET,
      key: 'executions/run-a/EvenStage/output.json',
      rejectsKey: 'executions/run-a/EvenStage/rejects.json',
      executionPrefix: 'executions/run-a',
      logicalDate: '2026-11-21',
      received: 5,
      records: 2,
      rejected: 2,
      filtered: 1,
      filteredBy: { odd: 1 },
      rejectedBy: { 'n-not-a-number': 1, 'invalid-json': 1 },
    });
    expect(result.received).toBe(result.records + result.rejected + result.filtered);
    expect(parseLines(await s3.getText(result.key))).toEqual([
      { n: 2, even: true },
      { n: 4, even: true },
    ]);
    const rejects = parseLines(await s3.getText(result.rejectsKey));
    expect(rejects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: 'invalid-json', line: 4, raw: 'not json' }),
        expect.objectContaining({ reason: 'n-not-a-number', field: 'n', record: { n: 'x' } }),
      ]),
    );
    expect(result.bytes).toBe(Buffer.byteLength(await s3.getText(result.key)));
  });

  it('records the stage in the run manifest', async () => {
    // Arrange
    const pointer = await input('in/m.json', '{"n":2}\n');
    // Act
    const result = await runStage(
      evenStage,
      { executionId: 'run-m', workflow: 'test', input: pointer },
      stageDeps(s3),
    );
    const manifest = await readManifest(s3.client, TEST_BUCKET, 'run-m');
    // Assert
    expect(manifest).toMatchObject({
      executionId: 'run-m',
      workflow: 'test',
      order: ['EvenStage'],
    });
    expect(manifest?.stages.EvenStage).toEqual(result);
  });

  it('replaces its output, rejects and manifest entry on a rerun', async () => {
    // Arrange
    const first = await input('in/r1.json', '{"n":2}\n{"n":"bad"}\n');
    const second = await input('in/r2.json', '{"n":6}\n');
    const event = { executionId: 'run-r', workflow: 'test' };
    // Act
    await runStage(evenStage, { ...event, input: first }, stageDeps(s3));
    const rerun = await runStage(evenStage, { ...event, input: second }, stageDeps(s3));
    // Assert
    expect(parseLines(await s3.getText(rerun.key))).toEqual([{ n: 6, even: true }]);
    const manifest = await readManifest(s3.client, TEST_BUCKET, 'run-r');
    expect(manifest?.order).toEqual(['EvenStage']);
    expect(manifest?.stages.EvenStage?.records).toBe(1);
    // The first run's rejects stay at the key, but the entry counts none: none are read.
    expect(manifest?.stages.EvenStage?.rejected).toBe(0);
    const runs = stepRuns(manifest, 'EvenStage');
    expect(await collect(readStageLog(s3.client, runs, StageLog.Rejects))).toEqual([]);
  });

  it('writes an empty output for an empty input', async () => {
    // Arrange
    const pointer = await input('in/empty.json', '');
    // Act
    const result = await runStage(
      evenStage,
      { executionId: 'run-e', input: pointer },
      stageDeps(s3),
    );
    // Assert
    expect(result).toMatchObject({
      received: 0,
      records: 0,
      rejected: 0,
      filtered: 0,
      workflow: 'standalone',
    });
    expect(await s3.exists(result.key)).toBe(true);
  });

  it.each([['../x'], ['a/b'], [''], ['x'.repeat(81)], ['naïve']])(
    'refuses the executionId %j before anything reaches S3',
    async (executionId) => {
      // Arrange
      const pointer = await input('in/id.json', '{"n":2}\n');
      const send = jest.spyOn(s3.client, 'send');
      // Act
      const attempt = runStage(evenStage, { executionId, input: pointer }, stageDeps(s3));
      // Assert
      await expect(attempt).rejects.toThrow(FatalStageError);
      await expect(
        runStage(evenStage, { executionId, input: pointer }, stageDeps(s3)),
      ).rejects.toMatchObject({
        cause: expect.any(InvalidExecutionIdError),
      });
      expect(send).not.toHaveBeenCalled();
      send.mockRestore();
    },
  );

  it.each([
    ['no input', undefined, /input must be a pointer/],
    ['a pointer with no key', { bucket: TEST_BUCKET }, /input must be a pointer/],
    [
      'a logicalDate that is not a date',
      { bucket: TEST_BUCKET, key: 'k', logicalDate: '2026-02-30' },
      /logicalDate "2026-02-30"/,
    ],
  ])('fails with a fatal error on %s', async (_label, stageInput, message) => {
    // Arrange / Act
    const attempt = runStage(
      evenStage,
      { executionId: 'run-bad', input: stageInput },
      stageDeps(s3),
    );
    // Assert
    await expect(attempt).rejects.toThrow(message);
    await expect(
      runStage(evenStage, { executionId: 'run-bad', input: stageInput }, stageDeps(s3)),
    ).rejects.toHaveProperty('name', StageErrorName.Fatal);
  });

  it('fails with a fatal error naming the missing input object', async () => {
    // Arrange
    const pointer = { bucket: TEST_BUCKET, key: 'in/nothing-here.json' };
    // Act
    const attempt = runStage(
      evenStage,
      { executionId: 'run-missing', input: pointer },
      stageDeps(s3),
    );
    // Assert
    await expect(attempt).rejects.toThrow(
      `EvenStage: input s3://${TEST_BUCKET}/in/nothing-here.json does not exist`,
    );
  });

  it('reads configuration on every run, so a fixed environment takes effect on redrive', async () => {
    // Arrange
    const configured = defineStage({
      name: 'ConfiguredStage',
      loadConfig: (env) => {
        if (!env.FACTOR) throw new ConfigurationError('FACTOR must be set');
        return { factor: Number(env.FACTOR) };
      },
      async *transform(records, ctx) {
        for await (const record of records) yield { n: (record.n as number) * ctx.config.factor };
      },
    });
    const pointer = await input('in/c.json', '{"n":2}\n');
    const event = { executionId: 'run-c', input: pointer };
    // Act
    const failed = runStage(configured, event, stageDeps(s3, { env: {} }));
    await expect(failed).rejects.toThrow('FACTOR must be set');
    const fixed = await runStage(configured, event, stageDeps(s3, { env: { FACTOR: '5' } }));
    // Assert
    await expect(runStage(configured, event, stageDeps(s3, { env: {} }))).rejects.toHaveProperty(
      'name',
      StageErrorName.Configuration,
    );
    expect(parseLines(await s3.getText(fixed.key))).toEqual([{ n: 10 }]);
  });

  it('fails a stage that loses records instead of reporting them', async () => {
    // Arrange
    const leaky = defineStage({
      name: 'LeakyStage',
      async *transform(records) {
        for await (const record of records) if (record.keep) yield record;
      },
    });
    const pointer = await input('in/leak.json', '{"keep":true}\n{"keep":false}\n');
    // Act
    const attempt = runStage(leaky, { executionId: 'run-leak', input: pointer }, stageDeps(s3));
    // Assert
    await expect(attempt).rejects.toThrow(
      'LeakyStage lost track of records: 2 in, but 1 out + 0 rejected + 0 filtered = 1',
    );
  });

  it.each([
    ['a retryable error as it is', new RetryableStageError('try later'), StageErrorName.Retryable],
    [
      'throttling as retryable',
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
      StageErrorName.Retryable,
    ],
    [
      'a socket reset as retryable',
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      StageErrorName.Retryable,
    ],
    [
      'a 503 as retryable',
      Object.assign(new Error('unavailable'), { $metadata: { httpStatusCode: 503 } }),
      StageErrorName.Retryable,
    ],
    ['a TypeError as fatal', new TypeError('x is undefined'), StageErrorName.Fatal],
    [
      'a configuration error as it is',
      new ConfigurationError('MODEL must be set'),
      StageErrorName.Configuration,
    ],
  ])('throws %s', async (_label, thrown, expectedName) => {
    // Arrange
    const failing = defineStage({
      name: 'FailingStage',
      // biome-ignore lint/correctness/useYield: the stage fails before producing anything
      async *transform() {
        throw thrown;
      },
    });
    const pointer = await input('in/f.json', '{"n":1}\n');
    // Act
    const attempt = runStage(failing, { executionId: 'run-f', input: pointer }, stageDeps(s3));
    // Assert
    await expect(attempt).rejects.toHaveProperty('name', expectedName);
    expect(await s3.exists('executions/run-f/FailingStage/output.json')).toBe(false);
  });

  it('uses a custom source, side outputs, metrics and finalize', async () => {
    // Arrange
    const emitting = defineStage({
      name: 'EmittingStage',
      async *source(ctx) {
        const items = (ctx.event.input as { items: unknown[] }).items;
        for (const item of items) {
          if (typeof item === 'object' && item !== null) yield item as Record<string, unknown>;
          else ctx.reject('not-an-object', { record: item });
        }
      },
      async *transform(records, ctx) {
        for await (const record of records) {
          ctx.sideOutput('events.json').write({ event: 'seen', id: record.id });
          yield record;
        }
        ctx.metric('emitted', 2);
      },
      finalize: async (result) => ({ finalizedRecords: result.records }),
    });
    // Act
    const result = await runStage(
      emitting,
      {
        executionId: 'run-s',
        executionStartTime: '2026-11-22T01:02:03.000Z',
        input: { items: [{ id: 1 }, 7, { id: 2 }] },
      },
      stageDeps(s3, { logger: quietLogger }),
    );
    // Assert
    expect(result).toMatchObject({
      received: 3,
      records: 2,
      rejected: 1,
      logicalDate: '2026-11-22',
      metrics: { emitted: 2, 'events.json.records': 2, finalizedRecords: 2 },
    });
    expect(parseLines(await s3.getText('executions/run-s/EmittingStage/events.json'))).toEqual([
      { event: 'seen', id: 1 },
      { event: 'seen', id: 2 },
    ]);
  });

  it('writes under the configured key prefix', async () => {
    // Arrange
    const pointer = await input('in/p.json', '{"n":2}\n');
    // Act
    const result = await runStage(
      evenStage,
      { executionId: 'run-p', input: pointer },
      stageDeps(s3, { location: { bucket: TEST_BUCKET, keyPrefix: 'team-a/' } }),
    );
    // Assert
    expect(result.key).toBe('team-a/executions/run-p/EvenStage/output.json');
    expect(await s3.exists('team-a/executions/run-p/_manifest/EvenStage.json')).toBe(true);
  });
});

describe('runStage keeps what a stage filters', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('writes each filtered record with its rule to filtered.json, and a rerun with none shows none', async () => {
    // Arrange
    await s3.put('in/odd.json', '{"n":1}\n{"n":2}\n{"n":3}\n');
    await s3.put('in/even.json', '{"n":2}\n');
    const event = (key: string) => ({
      executionId: 'run-filtered',
      workflow: 'test',
      input: { bucket: TEST_BUCKET, key },
    });
    // Act
    const first = await runStage(evenStage, event('in/odd.json'), stageDeps(s3));
    const filtered = parseLines(
      await s3.getText('executions/run-filtered/EvenStage/filtered.json'),
    );
    const rerun = await runStage(evenStage, event('in/even.json'), stageDeps(s3));
    // Assert
    expect(first.filteredBy).toEqual({ odd: 2 });
    expect(filtered).toEqual([
      { reason: 'odd', record: { n: 1 } },
      { reason: 'odd', record: { n: 3 } },
    ]);
    expect(filtered).toHaveLength(first.filtered);
    expect(first.metrics).toMatchObject({ 'filtered.json.records': 2 });
    expect(rerun.filtered).toBe(0);
    expect(await collect(readStageLog(s3.client, [rerun], StageLog.Filtered))).toEqual([]);
  });
});
