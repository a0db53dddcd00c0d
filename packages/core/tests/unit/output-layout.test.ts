import { createHash } from 'node:crypto';
import {
  ConfigurationError,
  createS3Client,
  defineStage,
  FatalStageError,
  OutputLayout,
  runStage,
} from '../../src/index.js';
import { startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { evenStage, stageDeps } from '../helpers/test-stages.js';

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('runStage output layouts and bulk filters', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  const pointerTo = async (key: string, lines: string) => {
    await s3.put(key, lines);
    return { bucket: TEST_BUCKET, key, logicalDate: '2026-11-21' };
  };
  const partsStage = defineStage({ ...evenStage, outputLayout: OutputLayout.Parts });

  it('writes Spark-style part files and removes the single objects an earlier run left', async () => {
    // Arrange
    const input = await pointerTo('in/layout.json', '{"n":2}\n{"n":"x"}\n{"n":4}\n');
    const event = { executionId: 'layout-1', workflow: 'test', input };
    const first = await runStage(evenStage, event, stageDeps(s3));
    // Act
    const second = await runStage(partsStage, event, stageDeps(s3));
    // Assert
    expect(second.key).toBe(first.key);
    expect(await s3.keys('executions/layout-1/EvenStage/')).toEqual([
      'executions/layout-1/EvenStage/output.json/_SUCCESS',
      'executions/layout-1/EvenStage/output.json/part-00000.json',
      'executions/layout-1/EvenStage/rejects.json/part-00000.json',
    ]);
    expect(await s3.readRecords(second.key)).toEqual([
      { n: 2, even: true },
      { n: 4, even: true },
    ]);
    expect(second).toMatchObject({ received: 3, records: 2, rejected: 1 });
  });

  it.each([
    [5, ['_SUCCESS', 'part-00000.json', 'part-00001.json', 'part-00002.json']],
    [4, ['_SUCCESS', 'part-00000.json', 'part-00001.json']],
    [0, ['_SUCCESS', 'part-00000.json']],
  ])('rolls %p records into parts of at most 2: %p', async (count, parts) => {
    // Arrange
    const rolling = defineStage({ ...partsStage, name: 'RollStage', recordsPerPart: 2 });
    const lines = Array.from({ length: count }, (_, i) => `{"n":${i * 2}}\n`).join('');
    const input = await pointerTo(`in/roll-${count}.json`, lines);
    // Act
    const result = await runStage(
      rolling,
      { executionId: `roll-${count}`, workflow: 'test', input },
      stageDeps(s3),
    );
    // Assert
    const folder = `executions/roll-${count}/RollStage/output.json/`;
    expect((await s3.keys(folder)).map((key) => key.slice(folder.length))).toEqual(parts);
    expect((await s3.readRecords(result.key)).map((r) => r.n)).toEqual(
      Array.from({ length: count }, (_, i) => i * 2),
    );
    expect(result.records).toBe(count);
    const texts = await Promise.all(
      (await s3.keys(folder)).filter((k) => k.includes('part-')).map((k) => s3.getText(k)),
    );
    expect(result.checksum).toBe(sha256(texts.join('')));
  });

  it('refuses recordsPerPart without the parts layout', () => {
    // Arrange
    const define = () => defineStage({ ...evenStage, name: 'NoParts', recordsPerPart: 10 });
    // Act / Assert
    expect(define).toThrow(
      "NoParts.recordsPerPart must be a whole number of at least 1, with outputLayout 'parts'",
    );
  });

  it('writes one object again after a parts run, and reads only that object', async () => {
    // Arrange
    const input = await pointerTo('in/layout2.json', '{"n":2}\n');
    const event = { executionId: 'layout-2', workflow: 'test', input };
    await runStage(partsStage, event, stageDeps(s3));
    // Act
    const rerun = await runStage(evenStage, event, stageDeps(s3));
    // Assert
    expect(await s3.keys('executions/layout-2/EvenStage/')).toContain(
      'executions/layout-2/EvenStage/output.json',
    );
    expect(await s3.readRecords(rerun.key)).toEqual([{ n: 2, even: true }]);
    const downstream = await runStage(
      evenStage,
      { executionId: 'layout-2', step: 'Next', input: rerun },
      stageDeps(s3),
    );
    expect(downstream.received).toBe(1);
  });

  it('fails the stage, never hangs, when the rejects cannot be made room for', async () => {
    // Arrange
    // More rejects than a log may hold unsent: the stage would wait for an upload that never
    // starts if the failed preparation did not release it.
    const lines = '{"n":"x"}\n'.repeat(12_000);
    const input = await pointerTo('in/all-bad.json', lines);
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    const client = createS3Client({
      endpoint: s3.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const key = (args.input as { Key?: string }).Key ?? '';
        if (context.commandName === 'DeleteObjectCommand' && key.endsWith('rejects.json')) {
          throw denied;
        }
        return next(args);
      },
      { step: 'initialize', name: 'denyRejects' },
    );
    // Act
    const run = runStage(
      partsStage,
      { executionId: 'layout-denied', workflow: 'test', input },
      stageDeps(s3, { s3: client }),
    );
    // Assert
    await expect(run).rejects.toThrow('Access Denied');
  });

  it('counts records filtered in bulk, and keeps in = out + rejected + filtered', async () => {
    // Arrange
    const dropsPairs = defineStage({
      name: 'PairStage',
      async *transform(records, ctx) {
        let index = 0;
        for await (const record of records) {
          if (index++ % 2 === 0) yield record;
        }
        ctx.filter('second-of-pair', { count: Math.floor(index / 2) });
      },
    });
    const input = await pointerTo('in/pairs.json', '{"a":1}\n{"a":2}\n{"a":3}\n{"a":4}\n{"a":5}\n');
    // Act
    const result = await runStage(
      dropsPairs,
      { executionId: 'pairs-1', workflow: 'test', input },
      stageDeps(s3),
    );
    // Assert
    expect(result).toMatchObject({
      received: 5,
      records: 3,
      filtered: 2,
      filteredBy: { 'second-of-pair': 2 },
    });
  });

  it.each([-1, 1.5, Number.NaN])('refuses a bulk filter count of %p', async (count) => {
    // Arrange
    const badCount = defineStage({
      name: 'BadCountStage',
      async *transform(records, ctx) {
        for await (const record of records) yield record;
        ctx.filter('odd', { count });
      },
    });
    const input = await pointerTo('in/bad-count.json', '{"a":1}\n');
    // Act
    const run = runStage(badCount, { executionId: 'bad-1', input }, stageDeps(s3));
    // Assert
    await expect(run).rejects.toThrow(FatalStageError);
    await expect(run).rejects.toThrow(/count must be a whole number/);
  });
});

describe('defineStage access and layout declarations', () => {
  it.each([
    [{ readPrefixes: ['executions/'] }, /other than executions/],
    [{ readWritePrefixes: [''] }, /other than executions/],
    [{ readPrefixes: ['../secrets/'] }, /keyPrefix/],
    [{ readPrefixes: ['incoming'] }, /keyPrefix/],
  ])('refuses the access declaration %p', (access, message) => {
    // Arrange
    const define = () =>
      defineStage({
        name: 'AccessStage',
        access,
        async *transform(records) {
          yield* records;
        },
      });
    // Act / Assert
    expect(define).toThrow(ConfigurationError);
    expect(define).toThrow(message);
  });

  it('refuses an unknown output layout, naming it', () => {
    // Arrange
    const define = () =>
      defineStage({
        name: 'LayoutStage',
        outputLayout: 'csv' as never,
        async *transform(records) {
          yield* records;
        },
      });
    // Act / Assert
    expect(define).toThrow(/LayoutStage.outputLayout must be one of object, parts, got "csv"/);
  });

  it('keeps a valid declaration on the stage', () => {
    // Arrange / Act
    const stage = defineStage({
      name: 'StoreLike',
      access: { readWritePrefixes: ['datasets/'], putEvents: true },
      async *transform(records) {
        yield* records;
      },
    });
    // Assert
    expect(stage.access).toEqual({ readWritePrefixes: ['datasets/'], putEvents: true });
  });
});
