import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import {
  createS3Client,
  runStage,
  StageErrorName,
  type StageResult,
  writeJsonLines,
} from '../../src/index.js';
import { type FaultProxy, type FaultRule, startFaultProxy } from '../../src/testing/index.js';
import { startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { evenStage, stageDeps } from '../helpers/test-stages.js';

/** 400 even records: the upstream output every scenario reads or writes through faults. */
const LINES = Array.from({ length: 400 }, (_, i) => `{"n":${i * 2},"pad":"${'x'.repeat(i % 50)}"}`);

/** Faults by kind, each with what must happen: retried and exact, or a named failure. */
const SCENARIOS: [string, Omit<FaultRule, 'key'> & { on: 'input' | 'output' }][] = [
  [
    '500 on the GET of the input',
    { on: 'input', method: 'GET', fault: { kind: 'status', status: 500 } },
  ],
  [
    '503 on the GET of the input, twice',
    { on: 'input', method: 'GET', fault: { kind: 'status', status: 503 }, times: 2 },
  ],
  [
    '503 on the PUT of the output',
    { on: 'output', method: 'PUT', fault: { kind: 'status', status: 503 } },
  ],
  [
    'a reset before the reply to the GET',
    { on: 'input', method: 'GET', fault: { kind: 'reset-before-reply' } },
  ],
  [
    'a reset before the reply to the PUT',
    { on: 'output', method: 'PUT', fault: { kind: 'reset-before-reply' } },
  ],
  [
    'a reset mid-body (length kept, body short)',
    { on: 'input', method: 'GET', fault: { kind: 'reset-mid-body' } },
  ],
  [
    'a truncated body with its length rewritten',
    { on: 'input', method: 'GET', fault: { kind: 'truncate', fraction: 0.5 } },
  ],
  [
    'a body truncated at a line break, length rewritten',
    { on: 'input', method: 'GET', fault: { kind: 'truncate', fraction: 0.5, atLineBreak: true } },
  ],
  ['a stall before the reply', { on: 'input', method: 'GET', fault: { kind: 'stall', ms: 1_500 } }],
  ['a stall with no reply', { on: 'input', method: 'GET', fault: { kind: 'stall-forever' } }],
];

describe('a stage against an S3 endpoint that misbehaves', () => {
  let s3: TestS3;
  let proxy: FaultProxy;
  let upstream: StageResult;
  let reference: StageResult;
  beforeAll(async () => {
    s3 = await startTestS3();
    proxy = await startFaultProxy(s3.endpoint);
  });
  afterAll(async () => {
    await proxy.stop();
    await s3.stop();
  });
  beforeEach(async () => {
    proxy.clear();
    await s3.put('in/source.json', `${LINES.join('\n')}\n`);
    upstream = await runStage(
      evenStage,
      {
        executionId: 'faults',
        step: 'Upstream',
        input: { bucket: TEST_BUCKET, key: 'in/source.json' },
      },
      stageDeps(s3),
    );
    // What the downstream step writes when nothing goes wrong.
    reference = await runStage(
      evenStage,
      { executionId: 'faults', step: 'Reference', input: upstream },
      stageDeps(s3),
    );
  });

  const faultyClient = () =>
    createS3Client({
      endpoint: proxy.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      timeouts: { connectionTimeoutMs: 1_000, socketIdleTimeoutMs: 500 },
      clientConfig: { maxAttempts: 3 },
    });

  /** One attempt of the downstream step, as one Step Functions attempt would run it. */
  const attempt = (client: ReturnType<typeof createS3Client>) =>
    runStage(
      evenStage,
      { executionId: 'faults', step: 'Downstream', input: upstream },
      stageDeps(s3, { s3: client }),
    ).then(
      (result) => ({ result }),
      (error: Error) => ({ error }),
    );

  it.each(SCENARIOS)(
    '%s: retried and exact, or a retryable failure, never wrong data',
    async (_label, scenario) => {
      // Arrange
      const { on, ...rule } = scenario;
      const key = new RegExp(
        on === 'input' ? 'Upstream/output\\.json$' : 'Downstream/output\\.json$',
      );
      proxy.inject({ ...rule, key });
      const client = faultyClient();
      // Act: the first attempt meets the fault; Step Functions would retry a retryable failure.
      const first = await attempt(client);
      const second = 'error' in first ? await attempt(client) : first;
      client.destroy();
      // Assert
      expect(proxy.injected).toBeGreaterThan(0);
      if ('error' in first) expect(first.error.name).toBe(StageErrorName.Retryable);
      expect('result' in second).toBe(true);
      const { result } = second as { result: StageResult };
      expect(result).toMatchObject({ received: upstream.records, records: upstream.records });
      expect(result.checksum).toBe(reference.checksum);
      expect(await s3.readRecords(result.key)).toHaveLength(upstream.records);
    },
  );

  it('fails with a retryable error, and writes nothing, when the endpoint never answers', async () => {
    // Arrange: no output from an earlier scenario.
    await s3.client.send(
      new DeleteObjectCommand({
        Bucket: TEST_BUCKET,
        Key: 'executions/faults/Downstream/output.json',
      }),
    );
    proxy.inject({
      method: 'GET',
      key: /Upstream\/output\.json$/,
      fault: { kind: 'stall-forever' },
      times: 99,
    });
    const client = faultyClient();
    // Act
    const outcome = await attempt(client);
    client.destroy();
    // Assert
    expect('error' in outcome && outcome.error.name).toBe(StageErrorName.Retryable);
    expect(await s3.exists('executions/faults/Downstream/output.json')).toBe(false);
  });

  it('retries a 503 on one part of a multipart upload and stores the whole object', async () => {
    // Arrange: about 11 MB in 5 MB parts.
    proxy.inject({ method: 'PUT', multipartPart: true, fault: { kind: 'status', status: 503 } });
    const client = faultyClient();
    const records = (async function* () {
      for (let i = 0; i < 22_000; i++) yield { i, pad: 'y'.repeat(500) };
    })();
    // Act
    const written = await writeJsonLines(
      client,
      { bucket: TEST_BUCKET, key: 'big/parts.json' },
      records,
      {
        partSize: 5 * 1024 * 1024,
      },
    );
    client.destroy();
    // Assert
    expect(proxy.injected).toBe(1);
    expect(written.records).toBe(22_000);
    expect(await s3.readRecords('big/parts.json')).toHaveLength(22_000);
  });
});
