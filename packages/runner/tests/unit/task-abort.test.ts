import { setTimeout as sleep } from 'node:timers/promises';
import { defineStage, readManifest } from '@ceap/core';
import { chain, defineWorkflow, glue, lambda } from '@ceap/core/workflow';
import { ExecutionStatus } from '../../src/constants.js';
import { createLocalEngine } from '../../src/local/local-engine.js';
import type { StateEvent } from '../../src/local/stage-tracker.js';
import { startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { silentLogger, sourceStage } from '../helpers/test-stages.js';

/** What the endless stage did: the records it handed to the runtime. */
class Probe {
  produced = 0;
  private reachedFive: () => void = () => undefined;
  /** Resolves once the stage has produced five records. */
  readonly writing = new Promise<void>((resolve) => {
    this.reachedFive = resolve;
  });

  produce(): void {
    this.produced++;
    if (this.produced === 5) this.reachedFive();
  }
}

/** A stage that would write a record every 5 ms forever, never looking at its signal. */
function endlessStage(probe: Probe) {
  return defineStage({
    name: 'EndlessStage',
    source: async function* () {
      for (let n = 0; ; n++) {
        await sleep(5);
        probe.produce();
        yield { n };
      }
    },
    async *transform(records) {
      yield* records;
    },
  });
}

function workflowWithTimeout(timeoutSeconds: number) {
  return defineWorkflow({
    name: `test-endless-${timeoutSeconds}`,
    type: 'EXPRESS',
    timeoutSeconds: 120,
    steps: [lambda('EndlessStage', { timeoutSeconds })],
  });
}

describe('a task stopped, not abandoned', () => {
  let s3: TestS3;

  beforeAll(async () => {
    s3 = await startTestS3();
  });

  afterAll(async () => {
    await s3.stop();
  });

  function start(probe: Probe, timeoutSeconds: number, executionId: string) {
    const events: StateEvent[] = [];
    const run = createLocalEngine({
      stages: { EndlessStage: endlessStage(probe) },
      s3: s3.client,
      location: { bucket: TEST_BUCKET },
      logger: silentLogger(),
      env: {},
      retryIntervalOverrides: { EndlessStage: 0 },
    }).run({
      workflow: workflowWithTimeout(timeoutSeconds),
      executionId,
      input: {},
      onEvent: (event) => events.push(event),
    });
    return { run, events };
  }

  /**
   * The records produced at the end, then twice more, each after the stage has had time for
   * dozens more. A record already on its way when the stage was stopped may still arrive.
   */
  async function producedThenLater(probe: Probe): Promise<[number, number, number]> {
    const atEnd = probe.produced;
    await sleep(250);
    const later = probe.produced;
    await sleep(250);
    return [atEnd, later, probe.produced];
  }

  it('stops a stage whose TimeoutSeconds (1 s) elapse, on each attempt: no output, no manifest', async () => {
    // Arrange
    const probe = new Probe();
    const { run, events } = start(probe, 1, 'endless-timeout');

    // Act
    const outcome = await run.outcome;
    const [atEnd, later, latest] = await producedThenLater(probe);

    // Assert
    expect(outcome).toMatchObject({ status: ExecutionStatus.Failed, error: 'States.Timeout' });
    expect(events.filter((event) => event.type === 'StateRetried')).toHaveLength(1);
    expect(atEnd).toBeGreaterThan(0);
    expect(later - atEnd).toBeLessThanOrEqual(1);
    expect(latest).toBe(later);
    expect(await s3.exists('executions/endless-timeout/EndlessStage/output.json')).toBe(false);
    expect(await readManifest(s3.client, TEST_BUCKET, 'endless-timeout')).toBeUndefined();
  });

  it('stops the running stage when the execution is stopped', async () => {
    // Arrange
    const probe = new Probe();
    const { run } = start(probe, 60, 'endless-stopped');
    await probe.writing;

    // Act
    run.abort();
    const outcome = await run.outcome;
    const [atEnd, later, latest] = await producedThenLater(probe);

    // Assert
    expect(outcome.status).toBe(ExecutionStatus.Aborted);
    expect(later - atEnd).toBeLessThanOrEqual(1);
    expect(latest).toBe(later);
    expect(await s3.exists('executions/endless-stopped/EndlessStage/output.json')).toBe(false);
  });

  it('hands a Glue step the signal, aborted with the reason when its TimeoutSeconds elapse', async () => {
    // Arrange: a job that runs until it is told to stop
    let reason: unknown;
    const engine = createLocalEngine({
      stages: { SourceStage: sourceStage },
      createGlueExecutor: () => ({
        run: (_args, options) =>
          new Promise((_resolve, reject) => {
            options?.signal?.addEventListener('abort', () => {
              reason = options.signal?.reason;
              reject(new Error('the job stopped'));
            });
          }),
      }),
      s3: s3.client,
      location: { bucket: TEST_BUCKET },
      logger: silentLogger(),
      env: {},
    });
    const workflow = defineWorkflow({
      name: 'test-glue-timeout',
      type: 'STANDARD',
      timeoutSeconds: 600,
      steps: chain(lambda('SourceStage'), glue('HeavyStage', { timeoutSeconds: 1 })),
    });

    // Act
    const outcome = await engine.run({ workflow, executionId: 'glue-timeout', input: {} }).outcome;

    // Assert
    expect(outcome).toMatchObject({ status: ExecutionStatus.Failed, error: 'States.Timeout' });
    expect(String(reason)).toContain('state HeavyStage ran past its TimeoutSeconds (1 s)');
  });
});
