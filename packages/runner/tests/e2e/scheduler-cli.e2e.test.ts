import { setTimeout as sleep } from 'node:timers/promises';
import { spawnCli } from '../helpers/cli-process.js';
import { datedProject } from '../helpers/dated-project.js';

interface Run {
  executionId: string;
  logicalDate: string;
}

/** `daily` is `cron(0 2 * * ? *)` in Europe/London: the 02:00 run of the 11th processes the 10th. */
const at = (instant: string) => ({ CEAP_NOW: instant });
const ids = (body: Record<string, unknown>, field = 'started') =>
  (body[field] as Run[]).map((r) => r.executionId).sort();

describe('ceap scheduler and ceap schedule (spawned CLI, local target, fixed clock)', () => {
  let project: ReturnType<typeof datedProject>;

  beforeAll(() => {
    project = datedProject();
  });

  afterAll(() => project.remove());

  const once = (env: NodeJS.ProcessEnv, extra: string[] = []) =>
    project.json(['scheduler', '--once', ...extra], env);
  const listed = async () => {
    const { body } = await project.json(['list', '--workflow', 'daily']);
    return (body.executions as { executionId: string; status: string }[])
      .map((e) => `${e.executionId} ${e.status}`)
      .sort();
  };

  it('starts the latest date first, then exactly the three missed nights, then nothing', async () => {
    // Arrange
    const first = await once(at('2026-03-10T03:00:00Z'));

    // Act
    const catchUp = await once(at('2026-03-13T03:00:00Z'));
    const again = await once(at('2026-03-13T03:00:00Z'));

    // Assert
    expect(first.code).toBe(0);
    expect(ids(first.body)).toEqual(['daily-2026-03-09']);
    expect(catchUp.code).toBe(0);
    expect(ids(catchUp.body)).toEqual(['daily-2026-03-10', 'daily-2026-03-11', 'daily-2026-03-12']);
    expect(again.code).toBe(0);
    expect(again.body).toMatchObject({ started: [], taken: [], failed: 0 });
    expect(await listed()).toEqual(
      ['09', '10', '11', '12'].map((d) => `daily-2026-03-${d} SUCCEEDED`),
    );
  });

  it('two schedulers at once on one home start each date once', async () => {
    // Arrange
    const env = { ...at('2026-03-16T03:00:00Z'), CEAP_TEST_DAY_MS: '200' };

    // Act
    const [a, b] = await Promise.all([
      once(env, ['--max-active', '3']),
      once(env, ['--max-active', '3']),
    ]);

    // Assert
    expect([a.code, b.code]).toEqual([0, 0]);
    const started = [...ids(a.body), ...ids(b.body)].sort();
    expect(started).toEqual(['daily-2026-03-13', 'daily-2026-03-14', 'daily-2026-03-15']);
    expect(await listed()).toHaveLength(7);
  });

  it('bounds the catch-up with --catchup-limit, and exits 1 when a run fails', async () => {
    // Arrange
    const env = { ...at('2026-03-26T03:00:00Z'), CEAP_TEST_FAIL_DATES: '2026-03-25' };

    // Act
    const result = await once(env, ['--catchup-limit', '2']);

    // Assert
    expect(result.code).toBe(1);
    expect(ids(result.body)).toEqual(['daily-2026-03-24', 'daily-2026-03-25']);
    expect(result.body.failed).toBe(1);
  });

  it('honours pause and resume, and schedule show reports state, last run and next runs', async () => {
    // Arrange
    const now = at('2026-03-28T03:00:00Z');
    const paused = await project.json(['schedule', 'pause', '--workflow', 'daily'], now);

    // Act
    const whilePaused = await once(now);
    const shownPaused = await project.json(['schedule', 'show', '--workflow', 'daily'], now);
    await project.json(['schedule', 'resume', '--workflow', 'daily'], now);
    const resumed = await once(now);
    const shown = await project.json(['schedule', 'show'], now);

    // Assert
    expect(paused.code).toBe(0);
    expect(whilePaused.body).toMatchObject({ started: [] });
    expect(whilePaused.stderr).toContain('daily: paused, nothing started');
    expect(shownPaused.body.schedules).toMatchObject([{ workflow: 'daily', state: 'PAUSED' }]);
    expect(ids(resumed.body)).toEqual(['daily-2026-03-26', 'daily-2026-03-27']);
    const [daily] = shown.body.schedules as Record<string, unknown>[];
    expect(daily).toMatchObject({
      workflow: 'daily',
      expression: 'cron(0 2 * * ? *)',
      timeZone: 'Europe/London',
      state: 'ACTIVE',
      lastRun: { executionId: 'daily-2026-03-27', status: 'SUCCEEDED', logicalDate: '2026-03-27' },
    });
    // London springs forward on the 29th: 02:00 is BST from then on.
    const next = (daily?.nextRuns ?? []) as { localTime: string }[];
    expect(next.map((r) => r.localTime)).toEqual([
      '2026-03-29T02:00+01:00',
      '2026-03-30T02:00+01:00',
      '2026-03-31T02:00+01:00',
      '2026-04-01T02:00+01:00',
      '2026-04-02T02:00+01:00',
    ]);
  });

  it('on SIGTERM stops its running run (ABORTED), starts nothing queued, and leaves none RUNNING', async () => {
    // Arrange
    const scheduler = spawnCli(['scheduler', '--json'], {
      home: project.home.path,
      env: {
        INIT_CWD: project.project.path,
        CEAP_EXAMPLES: `${project.project.path}/examples`,
        ...at('2026-03-31T03:00:00Z'),
        CEAP_TEST_DAY_MS: '60000',
      },
    });
    let stderr = '';
    scheduler.child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    for (
      let waited = 0;
      !stderr.includes('daily-2026-03-28 started') && waited < 30_000;
      waited += 100
    )
      await sleep(100);

    // Act
    scheduler.child.kill('SIGTERM');
    const result = await scheduler.result;

    // Assert
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(ids(report)).toEqual(['daily-2026-03-28']);
    expect(report.ended).toMatchObject([
      { executionId: 'daily-2026-03-28', status: 'ABORTED', stoppedByShutdown: true },
    ]);
    const runs = await listed();
    expect(runs).toContain('daily-2026-03-28 ABORTED');
    expect(runs.filter((r) => r.endsWith('RUNNING'))).toEqual([]);
    expect(runs.filter((r) => r.startsWith('daily-2026-03-29'))).toEqual([]);
  });
});
