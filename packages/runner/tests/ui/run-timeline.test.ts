import { defineWorkflow, lambda, map } from '@ceap/core/workflow';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import { runTimeline } from '../../src/ui/run-timeline.js';
import { tempDir } from '../helpers/temp-dir.js';
import { flakyStage, partsSourceStage, upperStage } from '../helpers/test-stages.js';

/*
 * The Gantt bars of real runs on the local engine: a Map whose iterations are bars of their
 * own, and a step that failed twice before it succeeded.
 */
describe('runTimeline', () => {
  let home: ReturnType<typeof tempDir>;
  let client: RunnerClient;
  const flaky = flakyStage(2);

  beforeAll(() => {
    home = tempDir('ceap-timeline-');
    const workflow = defineWorkflow({
      name: 'timeline',
      type: 'STANDARD',
      timeoutSeconds: 60,
      defaultTaskTimeoutSeconds: 30,
      steps: [
        lambda(partsSourceStage),
        map(upperStage, { over: partsSourceStage, maxConcurrency: 1 }),
        lambda(flaky, { after: ['UpperStage'] }),
      ],
    });
    client = createRunnerClient({
      workflows: { timeline: workflow },
      local: {
        home: home.path,
        bindings: {
          stages: { PartsSourceStage: partsSourceStage, UpperStage: upperStage, FlakyStage: flaky },
        },
        retryIntervalOverrides: { FlakyStage: 150 },
        logLevel: 'silent',
      },
    });
  });

  afterAll(async () => {
    await client.close();
    home.remove();
  });

  it('draws a bar per step, a bar per Map iteration, and a retried step as failed attempts then its last', async () => {
    // Arrange
    const input = {
      records: [
        { id: 'a', name: 'ada' },
        { id: 'b', name: 'bob' },
        { id: 'c', name: 'cy' },
      ],
    };
    const done = await client.execute({ workflow: 'timeline', executionId: 'tl-1', input });
    const manifest = await client.manifest('tl-1');

    // Act
    const timeline = runTimeline(done, manifest);

    // Assert
    const of = (kind: string) => timeline.bars.filter((bar) => bar.kind === kind);
    expect(of('step').map((bar) => [bar.step, bar.durationMs])).toEqual(
      done.stages.map((stage) => [stage.name, stage.durationMs]),
    );
    expect(of('iteration').map((bar) => [bar.step, bar.label])).toEqual([
      ['UpperStage', 'part 0: 1 records'],
      ['UpperStage', 'part 1: 1 records'],
      ['UpperStage', 'part 2: 1 records'],
    ]);
    const [retries, attempt] = [of('retries')[0], of('attempt')[0]];
    expect(retries).toMatchObject({ step: 'FlakyStage', label: '2 failed attempts and backoff' });
    expect(retries?.durationMs).toBeGreaterThanOrEqual(150);
    expect(attempt).toMatchObject({ step: 'FlakyStage', label: 'attempt 3', status: 'SUCCEEDED' });
    expect(attempt?.offsetMs).toBe((retries?.offsetMs ?? 0) + (retries?.durationMs ?? 0));
    const flakyBar = of('step').find((bar) => bar.step === 'FlakyStage');
    expect((attempt?.offsetMs ?? 0) + (attempt?.durationMs ?? 0)).toBeLessThanOrEqual(
      (flakyBar?.offsetMs ?? 0) + (flakyBar?.durationMs ?? 0) + 1,
    );
    for (const bar of timeline.bars)
      expect(bar.offsetMs + bar.durationMs).toBeLessThanOrEqual(timeline.spanMs);
  });

  it('lets a running step end now, and starts no bar for a step that has not started', () => {
    // Arrange
    const started = Date.parse('2026-01-01T00:00:00.000Z');
    const description = {
      executionId: 'tl-2',
      workflow: 'timeline',
      target: 'local' as const,
      status: 'RUNNING' as const,
      startedAt: new Date(started).toISOString(),
      stages: [
        {
          name: 'PartsSourceStage',
          status: 'SUCCEEDED' as const,
          startedAt: new Date(started).toISOString(),
          durationMs: 400,
          retries: 0,
        },
        {
          name: 'UpperStage',
          status: 'RUNNING' as const,
          startedAt: new Date(started + 500).toISOString(),
          retries: 0,
        },
        { name: 'FlakyStage', status: 'PENDING' as const, retries: 0 },
      ],
    };

    // Act
    const timeline = runTimeline(description, undefined, started + 2000);

    // Assert
    expect(timeline.bars.map((bar) => [bar.step, bar.offsetMs, bar.durationMs])).toEqual([
      ['PartsSourceStage', 0, 400],
      ['UpperStage', 500, 1500],
    ]);
    expect(timeline.spanMs).toBe(2000);
  });
});
