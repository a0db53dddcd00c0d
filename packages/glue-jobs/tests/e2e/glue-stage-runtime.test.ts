import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest, readStageLog, StageLog } from '@ceap/core';
import {
  createLocalGlueExecutor,
  GLUE_JOB_FAILED,
  type LocalGlueExecutorDependencies,
  PythonSummaryError,
} from '../../src/index.js';
import { silentLogger, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { jobArguments } from '../helpers/job-arguments.js';

const good = (id: string, updatedAt = '2023-12-30T00:00:00Z') => ({
  customerId: id,
  updatedAt,
  orderCount: 1,
});

/** The tagged lines local_runner.py writes: a record, then a summary. */
const tagged = (summary: object | undefined) =>
  [
    `r${JSON.stringify(good('C0000001'))}`,
    ...(summary ? [`s${JSON.stringify(summary)}`] : []),
  ].join('\n');

describe('the local Glue executor runs the job as a stage (runStage)', () => {
  let s3: TestS3;
  let scratch: string;
  const executor = (overrides: Partial<LocalGlueExecutorDependencies> = {}) =>
    createLocalGlueExecutor({
      s3: s3.client,
      location: { bucket: TEST_BUCKET },
      logger: silentLogger,
      ...overrides,
    });

  /** An executable standing in for python3: a shell script with this body. */
  const fakePython = (name: string, body: string): string => {
    const path = join(scratch, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };

  beforeAll(async () => {
    s3 = await startTestS3();
    scratch = mkdtempSync(join(tmpdir(), 'ceap-glue-stage-'));
  });

  afterAll(async () => {
    await s3.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('records --workflow, --logicalDate and the output folder as the stage, with finalize metrics', async () => {
    // Arrange
    const args = jobArguments('from-arguments', '2023-12-31', '', 'nightly', 'SegmentStage');
    await s3.putRecords(args['--inputKey'], [good('C0000001'), good('C0000002')]);

    // Act
    const run = await executor().run(args);

    // Assert
    expect(run.result).toMatchObject({
      stage: 'SegmentStage',
      workflow: 'nightly',
      logicalDate: '2023-12-31',
      key: 'executions/from-arguments/SegmentStage/output.json',
      rejectsKey: 'executions/from-arguments/SegmentStage/rejects.json',
      received: 2,
      records: 2,
    });
    // Python's summary metrics arrive through the stage's finalize.
    expect(run.result.metrics).toMatchObject({ segmentsLoaded: 9000, unassignedSegment: 0 });
    const manifest = await readManifest(s3.client, TEST_BUCKET, 'from-arguments');
    expect(manifest).toMatchObject({ workflow: 'nightly', logicalDate: '2023-12-31' });
    expect(manifest?.order).toEqual(['SegmentStage']);
    expect(manifest?.stages.SegmentStage).toEqual(run.result);
    expect(await s3.keys('executions/from-arguments/SegmentStage/')).toEqual([
      'executions/from-arguments/SegmentStage/output.json/_SUCCESS',
      'executions/from-arguments/SegmentStage/output.json/part-00000.json',
    ]);
  });

  it('replaces the single output an earlier run left with the parts layout, and never reads its stale rejects', async () => {
    // Arrange
    const args = jobArguments('stale-object');
    const rejectsKey = 'executions/stale-object/HeavyETLStage/rejects.json';
    await s3.putRecords(args['--inputKey'], [good('C0000001')]);
    await s3.putRecords(args['--outputKey'], [{ customerId: 'stale-object' }]);
    await s3.putRecords(rejectsKey, [{ reason: 'stale-reject' }]);

    // Act
    const run = await executor().run(args);

    // Assert
    expect(await s3.keys('executions/stale-object/HeavyETLStage/')).toEqual([
      `${args['--outputKey']}/_SUCCESS`,
      `${args['--outputKey']}/part-00000.json`,
      rejectsKey,
    ]);
    expect((await s3.readRecords(args['--outputKey'])).map((r) => r.customerId)).toEqual([
      'C0000001',
    ]);
    // The run rejected nothing, so it left the stale rejects alone, and they are never read.
    expect(run.result).toMatchObject({ rejected: 0, rejectsKey });
    const rejects = readStageLog(s3.client, [run.result], StageLog.Rejects);
    expect(await rejects.next()).toEqual({ done: true, value: undefined });
  });

  it('fails in finalize with PythonSummaryError when Python counted differently', async () => {
    // Arrange
    const args = jobArguments('summary-disagrees');
    await s3.putRecords(args['--inputKey'], [good('C0000001')]);
    const summary = { received: 2, records: 1, rejected: 0, filtered: {}, metrics: {} };
    const python = fakePython(
      'lying-python',
      `cat >/dev/null\ncat <<'EOF'\n${tagged(summary)}\nEOF`,
    );

    // Act
    const failure = await executor({ python })
      .run(args)
      .catch((error: unknown) => error);

    // Assert
    expect((failure as Error).name).toBe(GLUE_JOB_FAILED);
    expect((failure as Error).cause).toBeInstanceOf(PythonSummaryError);
    expect((failure as Error).message).toContain(
      'HeavyETLStage lost track of records: runStage counted 1 in (1 sent to Python)',
    );
    expect(await readManifest(s3.client, TEST_BUCKET, 'summary-disagrees')).toBeUndefined();
  });

  it('fails with PythonSummaryError when Python ends without its summary line', async () => {
    // Arrange
    const args = jobArguments('no-summary');
    await s3.putRecords(args['--inputKey'], [good('C0000001')]);
    const python = fakePython(
      'silent-python',
      `cat >/dev/null\ncat <<'EOF'\n${tagged(undefined)}\nEOF`,
    );

    // Act
    const failure = await executor({ python })
      .run(args)
      .catch((error: unknown) => error);

    // Assert
    expect((failure as Error).cause).toBeInstanceOf(PythonSummaryError);
    expect((failure as Error).message).toContain('without its summary line');
  });

  it('leaves no python3 behind when reading the input fails mid-way', async () => {
    // Arrange
    const args = jobArguments('read-fails');
    await s3.putRecords(`${args['--inputKey']}/part-00000.json`, [good('C0000001')]);
    await s3.putRecords(`${args['--inputKey']}/part-00001.json`, [good('C0000002')]);
    const pidFile = join(scratch, 'python.pid');
    const python = fakePython('pid-python', `echo $$ > '${pidFile}'\nexec python3 "$@"`);
    const client = new Proxy(s3.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return (command: { constructor: { name: string }; input: { Key?: string } }) => {
          if (
            command.constructor.name === 'GetObjectCommand' &&
            command.input.Key?.endsWith('part-00001.json')
          )
            return Promise.reject(new Error('part-00001.json is unreadable (test)'));
          return target.send(command as never);
        };
      },
    });

    // Act
    const failure = await executor({ python, s3: client })
      .run(args)
      .catch((error: unknown) => error);

    // Assert
    expect((failure as Error).name).toBe(GLUE_JOB_FAILED);
    expect((failure as Error).message).toContain('part-00001.json is unreadable (test)');
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });
});
