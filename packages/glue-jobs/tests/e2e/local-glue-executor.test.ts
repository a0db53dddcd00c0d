import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest } from '@ceap/core';
import {
  createLocalGlueExecutor,
  GLUE_JOB_FAILED,
  GlueJobArgumentError,
  GlueJobRunError,
  HEAVY_ETL_JOB_NAME,
  type LocalGlueExecutor,
  type LocalGlueExecutorDependencies,
  PythonNotFoundError,
} from '../../src/index.js';
import { silentLogger, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { jobArguments } from '../helpers/job-arguments.js';

const good = (id: string, updatedAt = '2024-04-30T00:00:00Z') => ({
  customerId: id,
  updatedAt,
  orderCount: 1,
});

describe('createLocalGlueExecutor', () => {
  let s3: TestS3;
  let scratch: string;
  let glue: LocalGlueExecutor;
  const executor = (overrides: Partial<LocalGlueExecutorDependencies> = {}) =>
    createLocalGlueExecutor({
      s3: s3.client,
      location: { bucket: TEST_BUCKET },
      logger: silentLogger,
      ...overrides,
    });

  beforeAll(async () => {
    s3 = await startTestS3();
    scratch = mkdtempSync(join(tmpdir(), 'ceap-glue-'));
    glue = executor();
  });

  afterAll(async () => {
    await s3.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('writes the Spark layout, records the manifest and returns a job run', async () => {
    // Arrange
    const args = jobArguments('layout');
    await s3.put(
      args['--inputKey'],
      `${JSON.stringify(good('C0000002'))}\n{not json\n${JSON.stringify(good('C0000001'))}\n${JSON.stringify(good('C0000001', '2024-01-01T00:00:00Z'))}\n`,
    );

    // Act
    const run = await glue.run(args);

    // Assert
    expect(await s3.keys('executions/layout/HeavyETLStage/')).toEqual([
      'executions/layout/HeavyETLStage/output.json/_SUCCESS',
      'executions/layout/HeavyETLStage/output.json/part-00000.json',
      'executions/layout/HeavyETLStage/rejects.json/part-00000.json',
    ]);
    expect((await s3.readRecords(args['--outputKey'])).map((r) => r.customerId)).toEqual([
      'C0000001',
      'C0000002',
    ]);
    expect(await s3.readRecords('executions/layout/HeavyETLStage/rejects.json')).toEqual([
      expect.objectContaining({ reason: 'invalid-json', line: 2, raw: '{not json' }),
    ]);
    expect(run).toMatchObject({ JobName: HEAVY_ETL_JOB_NAME, JobRunState: 'SUCCEEDED' });
    expect(run.Id).toMatch(/^jr_[0-9a-f]{64}$/);
    expect(run.result).toMatchObject({
      bucket: TEST_BUCKET,
      key: args['--outputKey'],
      stage: 'HeavyETLStage',
      workflow: 'batch',
      executionPrefix: 'executions/layout',
      rejectsKey: 'executions/layout/HeavyETLStage/rejects.json',
      logicalDate: '2024-05-01',
      received: 4,
      records: 2,
      rejected: 1,
      filtered: 1,
      filteredBy: { duplicate: 1 },
      rejectedBy: { 'invalid-json': 1 },
    });
    expect(run.result.metrics).toMatchObject({ segmentsLoaded: 9000, unassignedSegment: 0 });
    const manifest = await readManifest(s3.client, TEST_BUCKET, 'layout');
    expect(manifest?.order).toEqual(['HeavyETLStage']);
    expect(manifest?.stages.HeavyETLStage).toEqual(run.result);
  });

  it('reads a folder of part files and replaces what an earlier run left at the output', async () => {
    // Arrange
    const args = jobArguments('rerun', '2024-05-01', 'team-a/');
    const input = args['--inputKey'];
    await s3.putRecords(`${input}/part-00001.json`, [good('C0000002')]);
    await s3.putRecords(`${input}/part-00000.json`, [good('C0000001')]);
    await s3.put(`${input}/_SUCCESS`, '');
    await s3.putRecords(args['--outputKey'], [{ customerId: 'stale-object' }]);
    await s3.putRecords(`${args['--outputKey']}/part-00007-abc.json`, [
      { customerId: 'stale-part' },
    ]);
    const rerun = executor({ location: { bucket: TEST_BUCKET, keyPrefix: 'team-a/' } });

    // Act
    const run = await rerun.run(args);

    // Assert
    expect(await s3.keys(args['--outputKey'])).toEqual([
      `${args['--outputKey']}/_SUCCESS`,
      `${args['--outputKey']}/part-00000.json`,
    ]);
    expect((await s3.readRecords(args['--outputKey'])).map((r) => r.customerId)).toEqual([
      'C0000001',
      'C0000002',
    ]);
    expect(run.result).toMatchObject({
      received: 2,
      records: 2,
      executionPrefix: 'team-a/executions/rerun',
    });
  });

  it('fails as States.TaskFailed naming python3 when it is missing', async () => {
    // Arrange
    const args = jobArguments('no-python');
    await s3.putRecords(args['--inputKey'], [good('C0000001')]);
    const missing = executor({ python: 'python3-not-installed-ceap' });

    // Act
    const failure = await missing.run(args).catch((error: unknown) => error);

    // Assert
    expect(failure).toBeInstanceOf(GlueJobRunError);
    expect((failure as Error).name).toBe(GLUE_JOB_FAILED);
    expect((failure as Error).message).toContain('python3-not-installed-ceap was not found');
    expect((failure as Error).cause).toBeInstanceOf(PythonNotFoundError);
    expect(await s3.keys('executions/no-python/HeavyETLStage/')).toEqual([]);
  });

  it('fails as States.TaskFailed with the Python traceback in cause when Python raises', async () => {
    // Arrange
    const args = jobArguments('python-raises');
    await s3.putRecords(args['--inputKey'], [good('C0000001')]);
    const segmentsPath = join(scratch, 'bad-segments.csv');
    writeFileSync(segmentsPath, 'id,group\nC0000001,loyal\n');
    const broken = executor({ segmentsPath });

    // Act
    const failure = await broken.run(args).catch((error: unknown) => error);

    // Assert
    expect((failure as Error).name).toBe('States.TaskFailed');
    expect((failure as Error).message).toContain('ValueError');
    expect((failure as Error).message).toContain('the header must be customerId,segment');
    expect(typeof (failure as Error).cause).toBe('string');
    expect((failure as Error).cause).toContain('Traceback (most recent call last)');
    expect(await readManifest(s3.client, TEST_BUCKET, 'python-raises')).toBeUndefined();
  });

  it('fails as States.TaskFailed when the input does not exist', async () => {
    // Arrange
    const args = jobArguments('no-input');

    // Act
    const failure = await glue.run(args).catch((error: unknown) => error);

    // Assert
    expect((failure as Error).name).toBe('States.TaskFailed');
    expect((failure as Error).message).toContain(
      `input s3://${TEST_BUCKET}/${args['--inputKey']} does not exist`,
    );
  });

  it.each([
    ['--executionId', { '--executionId': '../x' }],
    ['--executionId', { '--executionId': 'a/b' }],
    ['--executionId', { '--executionId': '' }],
    ['--executionId', { '--executionId': 'x'.repeat(81) }],
    ['--outputKey', { '--outputKey': 'executions/other/HeavyETLStage/output.json' }],
    ['--outputKey', { '--outputKey': 'executions/args/HeavyETLStage/../../other/output.json' }],
    ['--outputKey', { '--outputKey': 'executions/args/output.json' }],
    ['--outputKey', { '--outputKey': 'executions/args/HeavyETLStage/rejects.json' }],
    ['--outputKey', { '--outputKey': 'executions/args/HeavyETLStage/data.json' }],
    ['--outputKey', { '--outputKey': 'executions/args/1Stage/output.json' }],
    ['--workflow', { '--workflow': undefined }],
    ['--workflow', { '--workflow': '' }],
    ['--inputKey', { '--inputKey': 'executions/args/HeavyETLStage/output.json' }],
    ['--bucket', { '--bucket': 'another-bucket' }],
    ['--logicalDate', { '--logicalDate': '2024-02-30' }],
    ['--logicalDate', { '--logicalDate': undefined }],
    ['--runKey', { '--runKey': '' }],
    ['--runKey', { '--runKey': 'BAB0D406F09E313FD701676342AF29BE' }],
  ])('refuses a bad %s before anything reaches S3 (%j)', async (argument, override) => {
    // Arrange
    const send = jest.fn();
    const noS3 = createLocalGlueExecutor({
      s3: { send } as unknown as LocalGlueExecutorDependencies['s3'],
      location: { bucket: TEST_BUCKET },
      logger: silentLogger,
    });
    const args = { ...jobArguments('args'), ...override } as ReturnType<typeof jobArguments>;

    // Act
    const failure = await noS3.run(args).catch((error: unknown) => error);

    // Assert
    expect((failure as Error).name).toBe('States.TaskFailed');
    expect((failure as Error).cause).toBeInstanceOf(GlueJobArgumentError);
    expect((failure as Error).message).toContain(argument);
    expect(send).not.toHaveBeenCalled();
  });

  it('names the execution id rule for a bad --executionId', async () => {
    // Arrange
    const args = { ...jobArguments('args'), '--executionId': '../x' };

    // Act
    const failure = await glue.run(args).catch((error: unknown) => error);

    // Assert
    expect((failure as Error).message).toContain(
      '--executionId "../x" must be 1-80 characters of A-Z a-z 0-9 _ -',
    );
    expect((failure as Error).cause).toBeInstanceOf(GlueJobArgumentError);
  });
});
