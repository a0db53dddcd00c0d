import {
  defineStage,
  OutputLayout,
  readManifest,
  readStageLog,
  runStage,
  type StageEvent,
  StageLog,
  type StageResult,
  stepRuns,
} from '../../src/index.js';
import { collect, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { evenStage, stageDeps } from '../helpers/test-stages.js';

/** What a stage's rejects and filtered records read as, through the reader the runner uses. */
async function logsOf(s3: TestS3, runs: readonly StageResult[]) {
  return {
    rejects: await collect(readStageLog(s3.client, runs, StageLog.Rejects)),
    filtered: await collect(readStageLog(s3.client, runs, StageLog.Filtered)),
  };
}

describe('the S3 requests one stage run makes', () => {
  let s3: TestS3;
  const requests: string[] = [];
  beforeAll(async () => {
    s3 = await startTestS3();
    s3.client.middlewareStack.add(
      (next, context) => async (args) => {
        requests.push(context.commandName as string);
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
  });
  afterAll(async () => {
    await s3.stop();
  });
  beforeEach(() => {
    requests.length = 0;
  });

  const GET = 'GetObjectCommand';
  const PUT = 'PutObjectCommand';
  const input = { bucket: TEST_BUCKET, key: 'in/empty.json' };

  it.each<[string, Partial<StageEvent>, string[]]>([
    ['a step: output and manifest entry', {}, [GET, PUT, PUT]],
    ['a Map iteration: its part and its entry', { part: 3 }, [GET, PUT, PUT]],
    ['a test run: its output only', { testRun: 2 }, [GET, PUT]],
  ])(
    'with empty input and no rejects, reads its input with one GET and then makes %s',
    async (_, extra, expected) => {
      // Arrange
      const executionId = `noop-${extra.part ?? ''}${extra.testRun ?? ''}`;
      // What an earlier attempt left at every key this run could write: none of it is touched.
      for (const name of ['rejects.json', 'filtered.json', 'output.json/part-00000.json']) {
        await s3.putRecords(`executions/${executionId}/EvenStage/${name}`, [{ stale: true }]);
      }
      await s3.put(input.key, '');
      requests.length = 0;
      // Act
      await runStage(evenStage, { executionId, input, ...extra }, stageDeps(s3));
      // Assert
      expect(requests.sort()).toEqual(expected);
    },
  );

  it('reads nothing with a source of its own, and writes output and manifest entry', async () => {
    // Arrange
    const sourced = defineStage({
      name: 'SourcedStage',
      async *source() {
        yield { n: 1 };
      },
      async *transform(records) {
        yield* records;
      },
    });
    // Act
    await runStage(sourced, { executionId: 'requests-sourced' }, stageDeps(s3));
    // Assert
    expect(requests).toEqual([PUT, PUT]);
  });

  it('writes rejects only once a record is rejected, and deletes nothing', async () => {
    // Arrange
    await s3.put('in/one-bad.json', '{"n":"x"}\n');
    requests.length = 0;
    // Act
    await runStage(
      evenStage,
      { executionId: 'requests-2', input: { bucket: TEST_BUCKET, key: 'in/one-bad.json' } },
      stageDeps(s3),
    );
    // Assert
    expect(requests.sort()).toEqual([GET, PUT, PUT, PUT]);
  });

  it('clears a parts-layout log only once its first record arrives', async () => {
    // Arrange
    const partsStage = defineStage({ ...evenStage, outputLayout: OutputLayout.Parts });
    const event = (key: string) => ({
      executionId: 'requests-parts',
      input: { bucket: TEST_BUCKET, key },
    });
    await s3.put('in/parts-empty.json', '');
    await s3.put('in/parts-bad.json', '{"n":"x"}\n');
    requests.length = 0;
    // Act
    await runStage(partsStage, event('in/parts-empty.json'), stageDeps(s3));
    const quiet = requests.splice(0);
    await runStage(partsStage, event('in/parts-bad.json'), stageDeps(s3));
    // Assert
    // The output folder is cleared (a DELETE of the single object, a LIST of parts) and written
    // with its _SUCCESS marker; with no rejects, that is all.
    expect(quiet.sort()).toEqual([
      'DeleteObjectCommand',
      GET,
      'ListObjectsV2Command',
      PUT,
      PUT,
      PUT,
    ]);
    // The output folder again, now with the first run's parts to delete; then one reject
    // clears the rejects' layout the same way before writing its part.
    expect(requests.filter((r) => r !== GET && r !== PUT).sort()).toEqual([
      'DeleteObjectCommand',
      'DeleteObjectCommand',
      'DeleteObjectsCommand',
      'ListObjectsV2Command',
      'ListObjectsV2Command',
    ]);
  });
});

describe('a retry that sets nothing aside, after an attempt that did', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  /** The same stage on a retry that counts what it drops without keeping it. */
  const bulkEvenStage = defineStage({
    name: 'EvenStage',
    async *transform(records, ctx) {
      for await (const record of records) {
        if (typeof record.n === 'number' && record.n % 2 === 0) yield record;
        else ctx.filter('odd', { count: 1 });
      }
    },
  });

  it.each<[string, Partial<StageEvent>]>([
    ['a step (a Retry, a redrive)', {}],
    ['a Map iteration', { part: 1 }],
  ])('shows no rejects and no filtered records for %s', async (_, extra) => {
    // Arrange
    const executionId = `retry-${extra.part ?? 'step'}`;
    await s3.put('in/mixed.json', '{"n":"x"}\n{"n":1}\n{"n":2}\n');
    await s3.put('in/clean.json', '{"n":2}\n{"n":3}\n');
    const event = (key: string) => ({ executionId, input: { bucket: TEST_BUCKET, key }, ...extra });
    const first = await runStage(evenStage, event('in/mixed.json'), stageDeps(s3));
    // Another iteration of the same Map step rejects for real, and keeps its own rejects.
    const other = extra.part === undefined ? [] : [{ reason: 'n-not-a-number', field: 'n' }];
    if (extra.part !== undefined) {
      await runStage(evenStage, { ...event('in/mixed.json'), part: 0 }, stageDeps(s3));
    }
    // Act
    const retry = await runStage(bulkEvenStage, event('in/clean.json'), stageDeps(s3));
    const manifest = await readManifest(s3.client, TEST_BUCKET, executionId);
    const logs = await logsOf(s3, stepRuns(manifest, 'EvenStage'));
    // Assert
    expect(first).toMatchObject({ rejected: 1, filtered: 1 });
    expect(retry).toMatchObject({ rejected: 0, filtered: 1, rejectsKey: first.rejectsKey });
    // The first attempt's logs are still there, unread.
    expect(await s3.exists(first.rejectsKey)).toBe(true);
    expect(logs.rejects).toMatchObject(other);
    expect(logs.filtered).toEqual(other.length > 0 ? [{ reason: 'odd', record: { n: 1 } }] : []);
  });

  it('shows a test run only its own rejects when its number is used again', async () => {
    // Arrange
    await s3.put('in/test-run-bad.json', '{"n":"x"}\n');
    await s3.put('in/test-run-good.json', '{"n":2}\n');
    const event = (key: string) => ({
      executionId: 'retry-test-run',
      testRun: 1,
      input: { bucket: TEST_BUCKET, key },
    });
    const first = await runStage(evenStage, event('in/test-run-bad.json'), stageDeps(s3));
    // Act
    const again = await runStage(evenStage, event('in/test-run-good.json'), stageDeps(s3));
    // Assert
    expect((await logsOf(s3, [first])).rejects).toHaveLength(1);
    expect(await logsOf(s3, [again])).toEqual({ rejects: [], filtered: [] });
  });
});
