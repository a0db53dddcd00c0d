import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineStage } from '@ceap/core';
import { chain, defineWorkflow, lambda } from '@ceap/core/workflow';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import { ExecutionStatus } from '../../src/constants.js';
import { RunnerUsageError } from '../../src/errors.js';
import { defaultMaxActive, MAX_ACTIVE_ENV, resolveMaxActive } from '../../src/local/admission.js';
import { tempDir } from '../helpers/temp-dir.js';
import { sampleRecords, sourceStage } from '../helpers/test-stages.js';

/** What the recording stage saw: each invocation's span, and each record it passed on. */
class Recorder {
  readonly spans: { executionId: string; start: number; end?: number }[] = [];
  records = 0;
  /** A gate the stage waits at before its first record; open by default. */
  gate: Promise<void> = Promise.resolve();
}

/** Passes records on one at a time, 20 ms apart, recording when it ran and what it passed. */
function recordingStage(recorder: Recorder, endless = false) {
  return defineStage({
    name: 'RecordingStage',
    async *transform(records, ctx) {
      const span: Recorder['spans'][number] = { executionId: ctx.executionId, start: Date.now() };
      recorder.spans.push(span);
      try {
        await recorder.gate;
        for await (const record of records) {
          for (let n = 0; n === 0 || endless; n++) {
            await sleep(20);
            recorder.records++;
            yield { ...record, n };
          }
        }
      } finally {
        span.end = Date.now();
      }
    },
  });
}

function workflow(timeoutSeconds: number) {
  return defineWorkflow({
    name: 'test-admission',
    type: 'EXPRESS',
    timeoutSeconds,
    defaultTaskTimeoutSeconds: 30,
    steps: chain(lambda('SourceStage'), lambda('RecordingStage')),
  });
}

/** The most spans that were open at one moment. */
function mostAtOnce(spans: readonly { start: number; end?: number }[]): number {
  const moments = spans.flatMap((span) => [
    { at: span.start, change: 1 },
    { at: span.end ?? Number.POSITIVE_INFINITY, change: -1 },
  ]);
  // At equal times an end counts before a start: the slot was freed, then taken.
  moments.sort((a, b) => a.at - b.at || a.change - b.change);
  let open = 0;
  let most = 0;
  for (const moment of moments) {
    open += moment.change;
    most = Math.max(most, open);
  }
  return most;
}

/** Every file under a folder, recursively (the embedded S3 server's objects and metadata). */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('local admission control', () => {
  let home: ReturnType<typeof tempDir>;
  let client: RunnerClient;
  let recorder: Recorder;

  function makeClient(maxActive: number, timeoutSeconds = 60, endless = false): RunnerClient {
    return createRunnerClient({
      workflows: { 'test-admission': workflow(timeoutSeconds) },
      local: {
        home: home.path,
        bindings: {
          stages: { SourceStage: sourceStage, RecordingStage: recordingStage(recorder, endless) },
        },
        env: {},
        logLevel: 'silent',
        maxActive,
      },
    });
  }

  const start = (executionId: string) =>
    client.start({
      workflow: 'test-admission',
      executionId,
      input: { records: sampleRecords() },
      logicalDate: '2026-01-05',
    });

  beforeEach(() => {
    home = tempDir('ceap-admission-');
    recorder = new Recorder();
  });

  afterEach(async () => {
    await client.close();
    home.remove();
  });

  it('runs at most maxActive (2) of 6 executions started together, and all of them', async () => {
    // Arrange
    client = makeClient(2);
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];

    // Act
    const handles = await Promise.all(ids.map(start));
    const results = await Promise.all(handles.map((handle) => handle.result()));

    // Assert
    expect(results.map((result) => result.status)).toEqual(ids.map(() => 'SUCCEEDED'));
    expect(recorder.spans.map((span) => span.executionId).sort()).toEqual(ids);
    expect(mostAtOnce(recorder.spans)).toBeLessThanOrEqual(2);
  });

  it('ends a waiting execution that is stopped ABORTED, without running any stage', async () => {
    // Arrange: one slot, held by a run whose stage waits at a gate
    let open = (): void => undefined;
    recorder.gate = new Promise((resolve) => {
      open = resolve;
    });
    client = makeClient(1);
    const holder = await start('holder');
    const waiting = await start('waiting');

    // Act
    await waiting.stop('no longer needed');
    const stopped = await waiting.describe();
    open();
    const held = await holder.result();

    // Assert
    expect(stopped).toMatchObject({ status: ExecutionStatus.Aborted, cause: 'no longer needed' });
    expect(stopped.stages.every((stage) => stage.status !== 'RUNNING')).toBe(true);
    expect(stopped.stages.every((stage) => stage.startedAt === undefined)).toBe(true);
    expect(held.status).toBe(ExecutionStatus.Succeeded);
    expect(recorder.spans.map((span) => span.executionId)).toEqual(['holder']);
  });

  it('close() resolves only once every run, waiting ones included, has ended and stopped writing', async () => {
    // Arrange: 4 runs whose stage never ends, 2 at a time, each timed out after 1 s
    client = makeClient(2, 1, true);
    const handles = await Promise.all(['c1', 'c2', 'c3', 'c4'].map(start));

    // Act
    await client.close();
    const recordsAtClose = recorder.records;
    const filesAtClose = filesUnder(join(home.path, 's3')).length;
    await sleep(300);

    // Assert
    const described = await Promise.all(handles.map((handle) => handle.describe()));
    expect(described.map((d) => d.status)).toEqual(described.map(() => ExecutionStatus.TimedOut));
    expect(recorder.spans.every((span) => span.end !== undefined)).toBe(true);
    expect(mostAtOnce(recorder.spans)).toBeLessThanOrEqual(2);
    expect(recordsAtClose).toBeGreaterThan(0);
    expect(recorder.records).toBe(recordsAtClose);
    expect(filesUnder(join(home.path, 's3'))).toHaveLength(filesAtClose);
  });
});

describe('the admission limit', () => {
  it.each([
    [3, {}, 3],
    [undefined, { [MAX_ACTIVE_ENV]: '5' }, 5],
    [undefined, {}, defaultMaxActive()],
  ])('option %p with env %p is %p', (option, env, expected) => {
    // Arrange / Act
    const limit = resolveMaxActive(option, env);
    // Assert
    expect(limit).toBe(expected);
  });

  it.each([
    [0, {}, /maxActive 0 must be a whole number of 1 or more/],
    [undefined, { [MAX_ACTIVE_ENV]: 'lots' }, /CEAP_MAX_ACTIVE="lots" must be/],
    [undefined, { [MAX_ACTIVE_ENV]: '-2' }, /CEAP_MAX_ACTIVE="-2" must be/],
  ])('refuses option %p with env %p', (option, env, message) => {
    // Arrange / Act / Assert
    expect(() => resolveMaxActive(option, env)).toThrow(RunnerUsageError);
    expect(() => resolveMaxActive(option, env)).toThrow(message);
  });
});
