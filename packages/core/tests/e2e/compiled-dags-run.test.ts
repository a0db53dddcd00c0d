import { ExecutionError } from 'aws-local-stepfunctions';
import { FatalStageError, StageErrorName } from '../../src/index.js';
import {
  compileWorkflowWithReport,
  MAP_TOLERANCE_EXCEEDED,
  MAP_TOO_MANY_PARTS,
  SENSOR_TIMED_OUT,
} from '../../src/workflow/index.js';
import {
  cleanup,
  fanOut,
  gated,
  mapped,
  nShape,
  paced,
  routed,
  sensed,
} from '../helpers/example-dags.js';
import { type Json, payloadOf, type RunOptions, runCompiled } from '../helpers/run-compiled.js';

async function failureOf(result: Promise<unknown>): Promise<{ error: string; cause: string }> {
  try {
    await result;
  } catch (error) {
    expect(error).toBeInstanceOf(ExecutionError);
    const stateError = (error as Error).cause as Error;
    return { error: stateError.name, cause: stateError.message };
  }
  throw new Error('expected the execution to fail');
}

const called = (calls: { state: string }[]) => calls.map((c) => c.state);
const fatal = (message: string) => async () => {
  throw new FatalStageError(message);
};

describe('compiled DAGs run on aws-local-stepfunctions', () => {
  it('fans out in a Parallel state and joins with each upstream pointer by name', async () => {
    // Arrange / Act
    const { definition, result, calls } = runCompiled(fanOut, { logicalDate: '2026-11-21' });
    const output = await result;
    // Assert
    expect(JSON.stringify(definition)).toContain('"Type":"Parallel"');
    expect(called(calls)[0]).toBe('Extract');
    expect(called(calls).at(-1)).toBe('Store');
    expect(called(calls).indexOf('Score')).toBeGreaterThan(called(calls).indexOf('Clean'));
    const store = payloadOf(calls.at(-1));
    expect(store.input).toBeUndefined();
    expect(store.inputs).toEqual({
      Score: expect.objectContaining({ key: 'executions/exec-1/Score/output.json' }),
      Quality: expect.objectContaining({ key: 'executions/exec-1/Quality/output.json' }),
    });
    expect(Object.keys(output).sort()).toEqual(['Clean', 'Extract', 'Quality', 'Score', 'Store']);
  });

  describe('a short-circuit', () => {
    it('skips what follows when the upstream wrote no records', async () => {
      // Arrange / Act
      const { result, calls } = runCompiled(gated, {}, { records: { Extract: 0 } });
      const output = await result;
      // Assert
      expect(called(calls)).toEqual(['Extract']);
      expect(output.Score).toEqual({ status: 'SKIPPED' });
      expect(output.Store).toEqual({ status: 'SKIPPED' });
      expect(output.HasRecords).toMatchObject({ route: 'otherwise', follow: { Score: false } });
    });

    it('runs what follows when there are records', async () => {
      // Arrange / Act
      const { result, calls } = runCompiled(gated, {}, { records: { Extract: 5 } });
      const output = await result;
      // Assert
      expect(called(calls)).toEqual(['Extract', 'Score', 'Store']);
      expect(output.Store).toMatchObject({ status: 'SUCCEEDED' });
    });
  });

  describe('a branch with routes and a join', () => {
    it.each([
      [500, 'Big', 'Small'],
      [3, 'Small', 'Big'],
    ])('with %p records follows %s and skips %s', async (records, taken, skipped) => {
      // Arrange / Act
      const { result, calls } = runCompiled(
        routed('all_done'),
        {},
        { records: { Extract: records } },
      );
      const output = await result;
      // Assert
      expect(called(calls)).toEqual(['Extract', taken, 'Join']);
      expect(output[skipped]).toEqual({ status: 'SKIPPED' });
      expect(payloadOf(calls.at(-1)).inputs).toMatchObject({
        [taken]: { status: 'SUCCEEDED' },
        [skipped]: { status: 'SKIPPED' },
      });
    });

    it('skips an all_success join when one of its upstreams was skipped', async () => {
      // Arrange / Act
      const { result, calls } = runCompiled(routed('all_success'), {}, { records: { Extract: 3 } });
      const output = await result;
      // Assert
      expect(called(calls)).toEqual(['Extract', 'Small']);
      expect(output.Join).toEqual({ status: 'SKIPPED' });
    });
  });

  describe('trigger rule all_done', () => {
    it('runs after a failure with each upstream status, then fails the execution', async () => {
      // Arrange / Act
      const { result, calls } = runCompiled(
        cleanup,
        {},
        {
          handlers: { Load: fatal('Load lost its input') },
        },
      );
      // Assert
      expect(await failureOf(result)).toEqual({
        error: StageErrorName.Fatal,
        cause: 'Load lost its input',
      });
      expect(called(calls)).toContain('Cleanup');
      expect(called(calls)).not.toContain('Publish');
      expect(payloadOf(calls.find((c) => c.state === 'Cleanup')).inputs).toMatchObject({
        Publish: { status: 'UPSTREAM_FAILED' },
        Audit: { status: 'SUCCEEDED' },
      });
    });

    it('succeeds when nothing failed', async () => {
      // Arrange / Act
      const { result, calls } = runCompiled(cleanup, {});
      const output = await result;
      // Assert
      expect(called(calls)).toHaveLength(5);
      expect(output.Cleanup).toMatchObject({ status: 'SUCCEEDED' });
    });
  });

  describe('a map over part files', () => {
    const failPart = (failing: number[]) => async (params: Json) => {
      const part = (params.Payload as Json).part as number;
      if (failing.includes(part)) throw new FatalStageError(`part ${part} is corrupt`);
      return undefined;
    };

    it('runs the stage once per part file and hands on the folder', async () => {
      // Arrange / Act
      const { result, calls } = runCompiled(
        mapped(0),
        { logicalDate: '2026-11-21' },
        {
          parts: { Heavy: 4 },
        },
      );
      const output = await result;
      // Assert
      const iterations = calls.filter((c) => c.state === 'ScoreEach.iteration').map(payloadOf);
      expect(iterations.map((p) => p.part).sort()).toEqual([0, 1, 2, 3]);
      expect(iterations.map((p) => (p.input as Json).key).sort()).toEqual(
        [0, 1, 2, 3].map((i) => `executions/exec-1/Heavy/output.json/part-0000${i}.json`),
      );
      expect(iterations[0]).toMatchObject({
        step: 'ScoreEach',
        input: { logicalDate: '2026-11-21' },
      });
      expect(output.ScoreEach).toMatchObject({
        key: 'executions/exec-1/ScoreEach/output.json',
        iterations: 4,
        failedIterations: 0,
      });
      expect(payloadOf(calls.at(-1)).input).toMatchObject({
        key: 'executions/exec-1/ScoreEach/output.json',
      });
    });

    it('succeeds with a failed iteration the tolerance allows, and shows it', async () => {
      // Arrange / Act
      const { result } = runCompiled(
        mapped(1),
        {},
        {
          parts: { Heavy: 4 },
          handlers: { 'ScoreEach.iteration': failPart([2]) },
        },
      );
      const output = await result;
      // Assert
      expect(output.ScoreEach).toMatchObject({ iterations: 4, failedIterations: 1 });
    });

    it('succeeds with no iterations when the upstream wrote no part', async () => {
      // Arrange / Act
      const { result, calls } = runCompiled(mapped(0), {}, { parts: { Heavy: 0 } });
      const output = await result;
      // Assert
      expect(called(calls)).not.toContain('ScoreEach.iteration');
      expect(output.ScoreEach).toMatchObject({ iterations: 0, failedIterations: 0 });
    });

    it('fails rather than leave parts unread past one listing', async () => {
      // Arrange / Act
      const { result, calls } = runCompiled(mapped(0), {}, { parts: { Heavy: 501 } });
      // Assert
      expect((await failureOf(result)).error).toBe(MAP_TOO_MANY_PARTS);
      expect(called(calls)).not.toContain('ScoreEach.iteration');
    });

    it('fails when more iterations fail than it tolerates', async () => {
      // Arrange / Act
      const { result, calls } = runCompiled(
        mapped(1),
        {},
        {
          parts: { Heavy: 4 },
          handlers: { 'ScoreEach.iteration': failPart([1, 3]) },
        },
      );
      // Assert
      expect(await failureOf(result)).toEqual({
        error: MAP_TOLERANCE_EXCEEDED,
        cause: 'more than 1 iterations of ScoreEach failed',
      });
      expect(called(calls)).not.toContain('Store');
    });
  });

  describe('an S3 sensor', () => {
    const run = (softFail: boolean, options: RunOptions) =>
      runCompiled(sensed(softFail), { logicalDate: '2026-11-21' }, options);

    it('pokes until the marker arrives, then runs what waited for it', async () => {
      // Arrange / Act
      const { result, calls } = run(false, { sensorFoundAtPoke: { DataArrived: 3 } });
      await result;
      // Assert
      expect(called(calls)).toEqual(['DataArrived', 'DataArrived', 'DataArrived', 'Extract']);
      expect(calls[0]?.input).toEqual({
        Bucket: '${DataBucketName}',
        Prefix: '${DataKeyPrefix}incoming/dt=2026-11-21/_SUCCESS',
        MaxKeys: 1,
      });
    });

    it('fails with a named error after its timeout', async () => {
      // Arrange / Act
      const { result, calls } = run(false, { sensorFoundAtPoke: { DataArrived: 99 } });
      // Assert
      expect((await failureOf(result)).error).toBe(SENSOR_TIMED_OUT);
      expect(called(calls).filter((s) => s === 'DataArrived')).toHaveLength(5);
      expect(called(calls)).not.toContain('Extract');
    });

    it('skips what waited for it when it fails softly', async () => {
      // Arrange / Act
      const { result, calls } = run(true, { sensorFoundAtPoke: { DataArrived: 99 } });
      const output = await result;
      // Assert
      expect(output.DataArrived).toMatchObject({ status: 'SKIPPED' });
      expect(output.Extract).toEqual({ status: 'SKIPPED' });
      expect(called(calls)).not.toContain('Extract');
    });
  });

  it('waits for a duration and until a timestamp from the input', async () => {
    // Arrange
    // Act
    const { result, calls } = runCompiled(paced, { notBefore: '2026-11-21T00:00:00Z' });
    const output = await result;
    // Assert
    expect(called(calls)).toEqual(['Extract']);
    expect(output.NotBefore).toEqual({ status: 'SUCCEEDED' });
  });

  it('runs a graph that is not series-parallel behind one reported barrier', async () => {
    // Arrange
    // Act
    const { barriers } = compileWorkflowWithReport(nShape);
    const { result, calls } = runCompiled(nShape, {});
    await result;
    // Assert
    expect(barriers).toEqual([{ before: ['A', 'B'], after: ['C', 'D'] }]);
    expect(called(calls).slice(0, 2).sort()).toEqual(['A', 'B']);
    expect(payloadOf(calls.find((c) => c.state === 'D')).inputs).toMatchObject({
      A: { status: 'SUCCEEDED' },
      B: { status: 'SUCCEEDED' },
    });
  });
});
