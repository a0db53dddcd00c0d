import { join } from 'node:path';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import {
  ExecutionFailedError,
  ExecutionNotFoundError,
  RunnerUsageError,
} from '../../src/errors.js';
import type { ExecutionDescription } from '../../src/execution-types.js';
import {
  deleteLocalObject,
  readLocalData,
  redrivableWorkflow,
} from '../helpers/redrive-workflow.js';
import { tempDir } from '../helpers/temp-dir.js';
import { sampleRecords } from '../helpers/test-stages.js';

const ID = 'redrive-1';
/** What succeeded in the failed run: the source's parts, SideStage, GateStage's part 0. */
const OUTPUTS = [
  `executions/${ID}/PartsSourceStage/`,
  `executions/${ID}/SideStage/`,
  `executions/${ID}/GateStage/output.json/part-00000.json`,
];

describe('redrive on the local target', () => {
  let home: ReturnType<typeof tempDir>;
  let fixture: ReturnType<typeof redrivableWorkflow>;
  let client: RunnerClient | undefined;

  function open(): RunnerClient {
    if (client) throw new Error('close the open client first: its S3 server would be left running');
    client = createRunnerClient({
      workflows: { redrivable: fixture.workflow },
      local: { home: home.path, logLevel: 'silent', bindings: { stages: fixture.stages } },
    });
    return client;
  }

  async function closeClient(): Promise<void> {
    await client?.close();
    client = undefined;
  }

  /** Runs the workflow until GateStage's part 1 fails, with SideStage done by then. */
  async function failedRun(): Promise<ExecutionDescription> {
    let sideDone = (): void => undefined;
    fixture.gate.sideDone = new Promise((resolve) => {
      sideDone = resolve;
    });
    const handle = await open().start({
      workflow: 'redrivable',
      executionId: ID,
      input: { records: sampleRecords() },
      logicalDate: '2026-05-01',
      onProgress: (d) => {
        if (d.stages.some((s) => s.name === 'SideStage' && s.status === 'SUCCEEDED')) sideDone();
      },
    });
    await expect(handle.result()).rejects.toBeInstanceOf(ExecutionFailedError);
    const description = await handle.describe();
    await closeClient();
    return description;
  }

  beforeEach(() => {
    home = tempDir('ceap-home-redrive-');
    fixture = redrivableWorkflow();
  });

  afterEach(async () => {
    await closeClient();
    home.remove();
  });

  it('reruns only the failed Map iteration, across the Parallel branches, and leaves the rest untouched', async () => {
    // Arrange
    const failed = await failedRun();
    const s3Directory = join(home.path, 's3');
    const before = await readLocalData(s3Directory, ID, OUTPUTS);
    fixture.gate.broken = false;

    // Act
    const done = await (await open().redrive(ID)).result();
    await closeClient();
    const after = await readLocalData(s3Directory, ID, OUTPUTS);

    // Assert
    expect(failed).toMatchObject({ status: 'FAILED', error: 'ceap.MapToleranceExceeded' });
    expect(fixture.gate.runs).toEqual({
      PartsSourceStage: 1,
      SideStage: 1,
      'GateStage.0': 1,
      'GateStage.1': 2,
    });
    expect(Object.keys(before.stamps)).toHaveLength(6);
    expect(after.stamps).toEqual(before.stamps);
    for (const step of ['PartsSourceStage', 'SideStage']) {
      expect(after.manifest?.stages[step]?.startedAt).toBe(
        before.manifest?.stages[step]?.startedAt,
      );
    }
    expect(after.manifest?.parts?.GateStage?.[0]?.startedAt).toBe(
      before.manifest?.parts?.GateStage?.[0]?.startedAt,
    );
    expect(after.manifest?.parts?.GateStage).toHaveLength(2);
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      redriveCount: 1,
      startedAt: failed.startedAt,
    });
    expect(done.attempts).toMatchObject([
      {
        attempt: 1,
        status: 'FAILED',
        error: 'ceap.MapToleranceExceeded',
        startedAt: failed.startedAt,
      },
      { attempt: 2, status: 'SUCCEEDED' },
    ]);
    expect(done.stages.map((s) => [s.name, s.status, s.records])).toEqual([
      ['PartsSourceStage', 'SUCCEEDED', 2],
      ['SideStage', 'SUCCEEDED', 2],
      ['GateStage', 'SUCCEEDED', 2],
    ]);
  });

  it('runs a step again when its recorded output no longer matches its manifest entry', async () => {
    // Arrange
    await failedRun();
    fixture.gate.broken = false;
    await deleteLocalObject(join(home.path, 's3'), `executions/${ID}/SideStage/output.json`);

    // Act
    const done = await (await open().redrive(ID)).result();

    // Assert
    expect(done.status).toBe('SUCCEEDED');
    expect(fixture.gate.runs).toMatchObject({
      PartsSourceStage: 1,
      SideStage: 2,
      'GateStage.0': 1,
    });
  });

  it('refuses a SUCCEEDED execution, naming its status', async () => {
    // Arrange
    await failedRun();
    fixture.gate.broken = false;
    await (await open().redrive(ID)).result();
    await closeClient();

    // Act
    const refused = open().redrive(ID);

    // Assert
    await expect(refused).rejects.toBeInstanceOf(RunnerUsageError);
    await expect(refused).rejects.toThrow(
      `execution "${ID}" is SUCCEEDED; only a FAILED, TIMED_OUT or ABORTED execution can be redriven`,
    );
  });

  it('refuses a RUNNING execution, and one the index does not know', async () => {
    // Arrange
    let release = (): void => undefined;
    fixture.gate.sideDone = new Promise((resolve) => {
      release = resolve;
    });
    const running = await open().start({
      workflow: 'redrivable',
      executionId: ID,
      input: { records: sampleRecords() },
      logicalDate: '2026-05-01',
    });

    // Act
    const whileRunning = client?.redrive(ID);
    const unknown = client?.redrive('no-such-run');

    // Assert
    await expect(whileRunning).rejects.toThrow(
      `execution "${ID}" is RUNNING; only a FAILED, TIMED_OUT or ABORTED execution can be redriven`,
    );
    await expect(unknown).rejects.toBeInstanceOf(ExecutionNotFoundError);
    release();
    await expect(running.result()).rejects.toBeInstanceOf(ExecutionFailedError);
  });
});
