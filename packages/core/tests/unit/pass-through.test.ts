import { createHash } from 'node:crypto';
import {
  ConfigurationError,
  defineStage,
  FatalStageError,
  type JsonRecord,
  readJsonLines,
  readManifest,
  runStage,
  StageAbortedError,
  writeJsonLines,
} from '../../src/index.js';
import { collect, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { stageDeps } from '../helpers/test-stages.js';

/** Lines no JSON.stringify would write (spaces, an escape, 1.50), so a copy is told apart. */
const ODD_LINES = ['{ "id": 1, "price": 1.50 }', '{"id":2,"name":"caf\\u00e9"}', '{"id":3}'];

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/** A pass-through stage that sees every record and keeps those `keep` accepts. */
function watchingStage(seen: JsonRecord[], keep: (record: JsonRecord) => boolean = () => true) {
  return defineStage({
    name: 'WatchStage',
    passThrough: true,
    async *transform(records, ctx) {
      for await (const record of records) {
        seen.push(record);
        if (keep(record)) yield record;
        else ctx.reject('not-kept', { record });
      }
    },
  });
}

describe('a pass-through stage', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  /** Puts raw text and returns the pointer an upstream stage would have returned for it. */
  const upstream = async (key: string, text: string, records: number) => {
    await s3.put(key, text);
    const bytes = Buffer.from(text, 'utf8');
    const checksum = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    return { bucket: TEST_BUCKET, key, records, bytes: bytes.length, checksum };
  };

  it('stores its input byte for byte, with the input’s counts and checksum, after seeing each record', async () => {
    // Arrange
    const text = `${ODD_LINES.join('\n')}\n`;
    const input = await upstream('pass/odd.json', text, 3);
    const seen: JsonRecord[] = [];
    // Act
    const result = await runStage(
      watchingStage(seen),
      { executionId: 'pass-all', workflow: 'test', input },
      stageDeps(s3),
    );
    // Assert
    expect(seen.map((record) => record.id)).toEqual([1, 2, 3]);
    expect(await s3.getText(result.key)).toBe(text);
    expect(result).toMatchObject({
      key: 'executions/pass-all/WatchStage/output.json',
      received: 3,
      records: 3,
      rejected: 0,
      bytes: input.bytes,
      checksum: input.checksum,
    });
    const manifest = await readManifest(s3.client, TEST_BUCKET, 'pass-all');
    expect(manifest?.stages.WatchStage).toMatchObject({ records: 3, checksum: input.checksum });
  });

  it('leaves an output the next stage reads and verifies against the result', async () => {
    // Arrange
    const records = Array.from({ length: 2_000 }, (_, n) => ({ n, tag: `t${n % 7}` }));
    const key = 'pass/many.json';
    const written = await writeJsonLines(s3.client, { bucket: TEST_BUCKET, key }, each(records));
    // Act
    const result = await runStage(
      watchingStage([]),
      {
        executionId: 'pass-many',
        workflow: 'test',
        input: { bucket: TEST_BUCKET, key, ...written },
      },
      stageDeps(s3),
    );
    const next = await runStage(
      defineStage({ name: 'NextStage', transform: (input) => input }),
      { executionId: 'pass-many', workflow: 'test', input: result },
      stageDeps(s3),
    );
    // Assert
    expect(result).toMatchObject({ records: 2_000, checksum: written.checksum });
    expect(next.records).toBe(2_000);
    expect(await s3.readRecords(next.key)).toEqual(records);
  });

  it('writes only the kept records when it rejects some, and the counts balance', async () => {
    // Arrange
    const input = await upstream('pass/some.json', `${ODD_LINES.join('\n')}\n`, 3);
    const seen: JsonRecord[] = [];
    // Act
    const result = await runStage(
      watchingStage(seen, (record) => record.id !== 2),
      { executionId: 'pass-some', workflow: 'test', input },
      stageDeps(s3),
    );
    // Assert
    expect(seen).toHaveLength(3);
    expect(result).toMatchObject({ received: 3, records: 2, rejected: 1 });
    expect(result.received).toBe(result.records + result.rejected + result.filtered);
    const read = await collect(
      readJsonLines(s3.client, result, { onReject: () => undefined, expected: result }),
    );
    expect(read).toEqual([{ id: 1, price: 1.5 }, { id: 3 }]);
    expect((await s3.readRecords(result.rejectsKey)).map((r) => r.reason)).toEqual(['not-kept']);
  });

  it('counts a line that is not a record as rejected and keeps the rest', async () => {
    // Arrange
    const input = await upstream('pass/bad-line.json', '{"id":1}\nnot json\n{"id":3}\n', 3);
    // Act
    const result = await runStage(
      watchingStage([]),
      { executionId: 'pass-bad', workflow: 'test', input },
      stageDeps(s3),
    );
    // Assert
    expect(result).toMatchObject({ received: 3, records: 2, rejected: 1 });
    expect(await s3.readRecords(result.key)).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it('reads a folder of parts, which it cannot copy, and writes its records', async () => {
    // Arrange
    await s3.putRecords('pass/folder.json/part-00000.json', [{ id: 1 }]);
    await s3.putRecords('pass/folder.json/part-00001.json', [{ id: 2 }]);
    const input = { bucket: TEST_BUCKET, key: 'pass/folder.json' };
    // Act
    const result = await runStage(
      watchingStage([]),
      { executionId: 'pass-folder', workflow: 'test', input },
      stageDeps(s3),
    );
    // Assert
    expect(result).toMatchObject({ received: 2, records: 2 });
    expect(await s3.readRecords(result.key)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('fails when it yields a record it did not receive', async () => {
    // Arrange
    const input = await upstream('pass/changed.json', '{"id":1}\n', 1);
    const changing = defineStage({
      name: 'ChangingStage',
      passThrough: true,
      async *transform(records) {
        for await (const record of records) yield { ...record, changed: true };
      },
    });
    // Act
    const running = runStage(
      changing,
      { executionId: 'pass-changed', workflow: 'test', input },
      stageDeps(s3),
    );
    // Assert
    await expect(running).rejects.toThrow(FatalStageError);
    await expect(running).rejects.toThrow('ChangingStage is a pass-through stage but yielded');
    expect(await s3.exists('executions/pass-changed/ChangingStage/output.json')).toBe(false);
  });

  it('stops when aborted mid-stream, copies nothing and records nothing', async () => {
    // Arrange
    const controller = new AbortController();
    const records = Array.from({ length: 1_000 }, (_, n) => ({ n }));
    const key = 'pass/abort.json';
    const written = await writeJsonLines(s3.client, { bucket: TEST_BUCKET, key }, each(records));
    const seen: JsonRecord[] = [];
    const stage = watchingStage(seen, () => {
      if (seen.length === 50) controller.abort(new Error('stopped by the host'));
      return true;
    });
    // Act
    const running = runStage(
      stage,
      {
        executionId: 'pass-abort',
        workflow: 'test',
        input: { bucket: TEST_BUCKET, key, ...written },
      },
      stageDeps(s3, { signal: controller.signal }),
    );
    // Assert
    await expect(running).rejects.toThrow(StageAbortedError);
    expect(seen).toHaveLength(50);
    expect(await s3.exists('executions/pass-abort/WatchStage/output.json')).toBe(false);
    expect(await readManifest(s3.client, TEST_BUCKET, 'pass-abort')).toBeUndefined();
  });

  it('cannot be declared with a source of its own', () => {
    // Arrange
    const options = {
      name: 'SourcedStage',
      passThrough: true,
      source: async function* () {},
      transform: (records: AsyncIterable<JsonRecord>) => records,
    };
    // Act
    const define = () => defineStage(options);
    // Assert
    expect(define).toThrow(ConfigurationError);
    expect(define).toThrow('SourcedStage.passThrough needs the default source');
  });
});
