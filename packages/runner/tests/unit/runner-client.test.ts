import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import {
  ExecutionAlreadyExistsError,
  ExecutionFailedError,
  RunnerUsageError,
  UnknownWorkflowError,
} from '../../src/errors.js';
import type { ExecutionDescription } from '../../src/execution-types.js';
import { collect } from '../helpers/embedded-s3.js';
import { tempDir } from '../helpers/temp-dir.js';
import {
  gatedGlueExecutor,
  sampleRecords,
  TEST_WORKFLOWS,
  testBindings,
} from '../helpers/test-stages.js';

describe('runner client (local target)', () => {
  let home: ReturnType<typeof tempDir>;
  let client: RunnerClient;

  function makeClient(env: NodeJS.ProcessEnv = {}): RunnerClient {
    return createRunnerClient({
      workflows: TEST_WORKFLOWS,
      local: { home: home.path, bindings: testBindings, env, logLevel: 'silent' },
    });
  }

  beforeEach(() => {
    home = tempDir('ceap-home-');
    client = makeClient();
  });

  afterEach(async () => {
    await client.close();
    home.remove();
  });

  it('starts an execution, reports progress and returns the result with each stage', async () => {
    // Arrange
    const progress: ExecutionDescription[] = [];

    // Act
    const handle = await client.start({
      workflow: 'test-realtime',
      executionId: 'client-ok',
      input: { records: sampleRecords() },
      logicalDate: '2026-01-05',
      onProgress: (description) => progress.push(description),
    });
    const result = await handle.result();

    // Assert
    expect(result).toMatchObject({
      executionId: 'client-ok',
      workflow: 'test-realtime',
      target: 'local',
      status: 'SUCCEEDED',
      logicalDate: '2026-01-05',
      output: 's3://ceap-local-data/executions/client-ok/UpperStage/output.json',
      stages: [
        {
          name: 'SourceStage',
          status: 'SUCCEEDED',
          received: 3,
          records: 2,
          rejected: 1,
          retries: 0,
        },
        {
          name: 'UpperStage',
          status: 'SUCCEEDED',
          received: 2,
          records: 2,
          rejected: 0,
          retries: 0,
        },
      ],
    });
    expect(result.stoppedAt).toBeDefined();
    expect(progress.some((p) => p.stages[0]?.status === 'RUNNING')).toBe(true);
    expect(await client.describe('client-ok')).toEqual(result);
  });

  it('lists executions and streams any stage output', async () => {
    // Arrange
    await client.execute({
      workflow: 'test-realtime',
      executionId: 'client-out',
      input: { records: sampleRecords() },
    });

    // Act
    const listed = await client.list({ workflow: 'test-realtime' });
    const last = await collect(client.output('client-out'));
    const first = await collect(client.output('client-out', 'SourceStage'));

    // Assert
    expect(listed.map((e) => e.executionId)).toEqual(['client-out']);
    expect(last.map((r) => r.name)).toEqual(['ADA', 'BOB']);
    expect(first.map((r) => r.name)).toEqual(['ada', 'bob']);
  });

  it('throws ExecutionFailedError whose cause carries the Error and Cause of the failed state', async () => {
    // Arrange
    await client.close();
    client = makeClient({ TEST_UPPER_BROKEN: '1' });

    // Act
    const handle = await client.start({
      workflow: 'test-realtime',
      executionId: 'client-fail',
      input: { records: [] },
    });
    const failure = await handle.result().catch((error: unknown) => error);

    // Assert
    expect(failure).toBeInstanceOf(ExecutionFailedError);
    expect((failure as ExecutionFailedError).cause).toMatchObject({
      executionId: 'client-fail',
      status: 'FAILED',
      error: 'ConfigurationError',
      cause: expect.stringContaining('TEST_UPPER_BROKEN'),
      state: 'UpperStage',
    });
    expect(await client.describe('client-fail')).toMatchObject({
      status: 'FAILED',
      error: 'ConfigurationError',
    });
  });

  it('never runs an id twice', async () => {
    // Arrange
    await client.execute({
      workflow: 'test-realtime',
      executionId: 'client-dup',
      input: { records: sampleRecords() },
    });

    // Act
    const again = client.start({
      workflow: 'test-realtime',
      executionId: 'client-dup',
      input: { records: [] },
    });

    // Assert
    await expect(again).rejects.toBeInstanceOf(ExecutionAlreadyExistsError);
    expect((await client.describe('client-dup')).stages[0]?.records).toBe(2);
  });

  it.each([
    [
      { workflow: 'nope' },
      UnknownWorkflowError,
      'workflow "nope" is not known; expected one of: test-realtime, test-batch',
    ],
    [
      { workflow: 'test-realtime', executionId: '../x' },
      RunnerUsageError,
      'must be 1-80 characters',
    ],
    [
      { workflow: 'test-batch', logicalDate: '2026-13-01' },
      RunnerUsageError,
      '--logical-date "2026-13-01"',
    ],
  ])('refuses %j before anything touches S3', async (request, type, message) => {
    // Arrange
    const start = client.start({ ...request, input: {} });

    // Act / Assert
    await expect(start).rejects.toBeInstanceOf(type);
    await expect(start).rejects.toThrow(message);
    expect(existsSync(join(home.path, 's3'))).toBe(false);
  });

  it('stops a running execution: ABORTED', async () => {
    // Arrange
    await client.close();
    const glue = gatedGlueExecutor();
    client = createRunnerClient({
      workflows: TEST_WORKFLOWS,
      local: { home: home.path, logLevel: 'silent', bindings: glue.bindings },
    });
    const handle = await client.start({
      workflow: 'test-batch',
      executionId: 'client-stop',
      input: { records: [] },
    });
    await glue.reached;

    // Act
    await handle.stop();

    // Assert
    await expect(handle.result()).rejects.toThrow('execution "client-stop" ABORTED');
    expect((await client.describe('client-stop')).status).toBe('ABORTED');
    glue.abandon();
  });

  it('graphs a workflow as Mermaid', () => {
    // Arrange / Act
    const graph = client.graph('test-batch');

    // Assert
    expect(graph).toContain('SourceStage --> HeavyStage');
  });
});
