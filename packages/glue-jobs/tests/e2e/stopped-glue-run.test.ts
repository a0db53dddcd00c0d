import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StageAbortedError } from '@ceap/core';
import { createLocalGlueExecutor } from '../../src/index.js';
import { silentLogger, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { jobArguments } from '../helpers/job-arguments.js';

/**
 * A stopped local Glue run (the local engine's task timeout, a stopped execution) must stop
 * its python3 child rather than leave it running beside the retry.
 *
 * To know for certain that python3 is running, the job's segments file is a named pipe: the
 * real local_runner.py opens it first thing and waits there for its content, and the test's
 * open for writing returns exactly when Python has opened it. Once Python has exited, a write
 * to the pipe fails with EPIPE, which shows it is gone without any timing.
 */
describe('a stopped local Glue run', () => {
  let s3: TestS3;
  let scratch: string;
  let segmentsPipe: string;
  let writer: FileHandle | undefined;

  beforeAll(async () => {
    s3 = await startTestS3();
  });

  afterAll(async () => {
    await s3.stop();
  });

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'ceap-glue-stop-'));
    segmentsPipe = join(scratch, 'segments.csv');
    execFileSync('mkfifo', [segmentsPipe]);
  });

  afterEach(async () => {
    await writer?.close();
    writer = undefined;
    rmSync(scratch, { recursive: true, force: true });
  });

  it('kills python3 and fails with the abort, recording nothing', async () => {
    // Arrange
    const args = jobArguments('stopped');
    await s3.put(
      args['--inputKey'],
      '{"customerId":"C0000001","updatedAt":"2024-04-30T00:00:00Z"}\n',
    );
    const glue = createLocalGlueExecutor({
      s3: s3.client,
      location: { bucket: TEST_BUCKET },
      logger: silentLogger,
      segmentsPath: segmentsPipe,
    });
    const controller = new AbortController();
    const run = glue.run(args, { signal: controller.signal });
    const settled = run.catch((error: unknown) => error);
    writer = await open(segmentsPipe, 'w');

    // Act
    controller.abort(new Error('HeavyETLStage timed out after 7200 s'));
    const error = await settled;

    // Assert
    expect(error).toBeInstanceOf(StageAbortedError);
    expect((error as Error).message).toContain('timed out after 7200 s');
    await expect(writer.write('segment\n')).rejects.toMatchObject({ code: 'EPIPE' });
    expect(await s3.keys('executions/stopped/_manifest/')).toEqual([]);
    expect(await s3.exists(`${args['--outputKey']}/_SUCCESS`)).toBe(false);
  });

  it('fails with the abort when the signal aborted before the run began', async () => {
    // Arrange
    const args = jobArguments('stopped-early');
    await s3.put(
      args['--inputKey'],
      '{"customerId":"C0000001","updatedAt":"2024-04-30T00:00:00Z"}\n',
    );
    const glue = createLocalGlueExecutor({
      s3: s3.client,
      location: { bucket: TEST_BUCKET },
      logger: silentLogger,
      segmentsPath: segmentsPipe,
    });
    const controller = new AbortController();
    controller.abort(new Error('the execution was stopped'));

    // Act
    const error = await glue.run(args, { signal: controller.signal }).catch((e: unknown) => e);

    // Assert
    expect(error).toBeInstanceOf(StageAbortedError);
    expect((error as Error).message).toContain('the execution was stopped');
    expect(await s3.keys('executions/stopped-early/_manifest/')).toEqual([]);
  });
});
