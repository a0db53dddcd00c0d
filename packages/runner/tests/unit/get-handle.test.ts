import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import {
  ExecutionFailedError,
  ExecutionNotFoundError,
  RunnerUsageError,
} from '../../src/errors.js';
import { ExecutionIndex, type ExecutionRecord } from '../../src/index-store/execution-index.js';
import type { LocalTargetOptions } from '../../src/local/local-target-options.js';
import { tempDir } from '../helpers/temp-dir.js';
import {
  gatedGlueExecutor,
  sampleRecords,
  TEST_WORKFLOWS,
  testBindings,
} from '../helpers/test-stages.js';

describe('getHandle and the detached start (local target)', () => {
  let home: ReturnType<typeof tempDir>;
  const clients: RunnerClient[] = [];

  function makeClient(local: LocalTargetOptions = {}): RunnerClient {
    const client = createRunnerClient({
      workflows: TEST_WORKFLOWS,
      local: { home: home.path, bindings: testBindings, logLevel: 'silent', env: {}, ...local },
    });
    clients.push(client);
    return client;
  }

  function index(): ExecutionIndex {
    return new ExecutionIndex(join(home.path, 'executions'), join(home.path, 'inputs'));
  }

  beforeEach(() => {
    home = tempDir('ceap-handle-');
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    home.remove();
  });

  it('reattaches from another client: result() waits for the end, stop() is refused', async () => {
    // Arrange
    const glue = gatedGlueExecutor();
    const runner = makeClient({ bindings: glue.bindings });
    const started = await runner.start({
      workflow: 'test-batch',
      executionId: 'watched',
      input: { records: sampleRecords() },
    });
    await glue.reached;

    // Act
    const watched = await makeClient().getHandle('watched');
    const whileRunning = await watched.describe();
    const refused = await watched.stop().catch((error: unknown) => error);
    const ended = watched.result();
    glue.open();

    // Assert
    expect(whileRunning.status).toBe('RUNNING');
    expect(refused).toBeInstanceOf(RunnerUsageError);
    expect((refused as Error).message).toContain(
      `execution "watched" is run by process ${process.pid} on ${hostname()}, not by this one`,
    );
    const result = await ended;
    expect(result).toEqual(await started.result());
    expect(result.stages.map((stage) => [stage.name, stage.status])).toEqual([
      ['SourceStage', 'SUCCEEDED'],
      ['HeavyStage', 'SUCCEEDED'],
      ['UpperStage', 'SUCCEEDED'],
    ]);
  });

  it('gives the live handle of a run this client runs: stop() aborts it', async () => {
    // Arrange
    const glue = gatedGlueExecutor();
    const runner = makeClient({ bindings: glue.bindings });
    await runner.start({ workflow: 'test-batch', executionId: 'own', input: { records: [] } });
    await glue.reached;

    // Act
    const handle = await runner.getHandle('own');
    await handle.stop();

    // Assert
    await expect(handle.result()).rejects.toThrow('execution "own" ABORTED');
    expect((await makeClient().describe('own')).status).toBe('ABORTED');
    glue.abandon();
  });

  it('reports a run whose process has gone as ABORTED, naming the process', async () => {
    // Arrange
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const record: ExecutionRecord = {
      executionId: 'orphan',
      workflow: 'test-realtime',
      target: 'local',
      status: 'RUNNING',
      startedAt: '2026-01-01T00:00:00.000Z',
      stages: [],
      inputFile: join(home.path, 'inputs', 'orphan.json'),
      pid: gone,
      hostname: hostname(),
      updatedAt: '2026-01-01T00:00:01.000Z',
    };
    await index().reserve(record);

    // Act
    const failure = await (await makeClient().getHandle('orphan'))
      .result()
      .catch((error: unknown) => error);

    // Assert
    expect(failure).toBeInstanceOf(ExecutionFailedError);
    expect((failure as ExecutionFailedError).cause).toMatchObject({
      status: 'ABORTED',
      error: 'States.Aborted',
      cause: `the runner process ${gone} ended before the execution finished`,
    });
  });

  it('throws ExecutionNotFoundError naming the id and the index', async () => {
    // Arrange
    const client = makeClient();

    // Act
    const found = client.getHandle('never-started');

    // Assert
    await expect(found).rejects.toBeInstanceOf(ExecutionNotFoundError);
    await expect(found).rejects.toThrow(
      `execution "never-started" was not found in the local index ${join(home.path, 'executions')}`,
    );
  });

  it('hands a detached start to its worker, which runs it with getHandle', async () => {
    // Arrange: a worker that exits at once stands in for the CLI's `__run`.
    const starter = makeClient({ worker: { command: process.execPath, args: ['-e', ''] } });
    const detached = await starter.start({
      workflow: 'test-realtime',
      executionId: 'handed',
      input: { records: sampleRecords() },
      logicalDate: '2026-02-03',
      detach: true,
    });
    const reserved = (await index().get('handed')) as ExecutionRecord;
    // This process plays the worker the record was handed to.
    await index().update({ ...reserved, pid: process.pid });

    // Act
    const worker = await makeClient().getHandle('handed');
    const result = await worker.result();

    // Assert
    expect(reserved).toMatchObject({ status: 'RUNNING', awaitingWorker: true });
    expect(reserved.pid).not.toBe(process.pid);
    expect(result).toMatchObject({ status: 'SUCCEEDED', logicalDate: '2026-02-03' });
    expect(result.stages.map((stage) => stage.records)).toEqual([2, 2]);
    expect(await detached.result()).toEqual(result);
    expect(await index().get('handed')).not.toHaveProperty('awaitingWorker');
  });
});
