import { datedProject } from '../helpers/dated-project.js';

interface DateRow {
  logicalDate: string;
  executionId: string;
  action: string;
  status: string;
  previousStatus?: string;
  startedAt?: string;
  stoppedAt?: string;
}

const rowsOf = (body: Record<string, unknown>) => body.dates as DateRow[];
const summary = (rows: DateRow[]) => rows.map((r) => [r.logicalDate, r.action, r.status]);

/** The most runs that overlapped, from their recorded start and stop times. */
function mostAtOnce(rows: DateRow[]): number {
  const edges = rows.flatMap((r) => [
    { at: Date.parse(r.startedAt as string), delta: 1 },
    { at: Date.parse(r.stoppedAt as string), delta: -1 },
  ]);
  // A stop and a start at the same millisecond do not overlap.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let running = 0;
  let most = 0;
  for (const edge of edges) {
    running += edge.delta;
    most = Math.max(most, running);
  }
  return most;
}

describe('ceap backfill (spawned CLI, local target, a one-stage dated workflow)', () => {
  let project: ReturnType<typeof datedProject>;

  beforeAll(() => {
    project = datedProject();
  });

  afterAll(() => project.remove());

  it('runs three dates, starts none the second time, and redrives only the failed date', async () => {
    // Arrange
    const range = ['backfill', '--workflow', 'daily', '--from', '2026-03-01', '--to', '2026-03-03'];

    // Act
    const first = await project.json(range, { CEAP_TEST_FAIL_DATES: '2026-03-02' });
    const again = await project.json(range);
    const rerun = await project.json([...range, '--rerun', 'failed']);
    const human = await project.run(range);

    // Assert
    expect(first.code).toBe(1);
    expect(summary(rowsOf(first.body))).toEqual([
      ['2026-03-01', 'start', 'SUCCEEDED'],
      ['2026-03-02', 'start', 'FAILED'],
      ['2026-03-03', 'start', 'SUCCEEDED'],
    ]);
    expect(rowsOf(first.body).map((r) => r.executionId)).toEqual([
      'daily-2026-03-01',
      'daily-2026-03-02',
      'daily-2026-03-03',
    ]);
    expect(first.body).toMatchObject({ started: 3, failed: 1, succeeded: 2 });
    expect(again.code).toBe(1);
    expect(again.body).toMatchObject({ started: 0, redriven: 0, skipped: 3 });
    expect(rerun.code).toBe(0);
    expect(summary(rowsOf(rerun.body))).toEqual([
      ['2026-03-01', 'skip', 'SUCCEEDED'],
      ['2026-03-02', 'redrive', 'SUCCEEDED'],
      ['2026-03-03', 'skip', 'SUCCEEDED'],
    ]);
    expect(rowsOf(rerun.body)[1]).toMatchObject({
      executionId: 'daily-2026-03-02',
      previousStatus: 'FAILED',
    });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^2026-03-02\s+daily-2026-03-02\s+skip\s+SUCCEEDED/m);
    expect(human.stdout).toContain('started 0, redrove 0, skipped 3; 3 succeeded, 0 failed');
  });

  it('with --max-active 2 never has more than two runs at once, and --rerun all starts -r2 ids', async () => {
    // Arrange
    const range = ['backfill', '--workflow', 'daily', '--from', '2026-04-01', '--to', '2026-04-05'];

    // Act
    const limited = await project.json([...range, '--max-active', '2'], {
      CEAP_TEST_DAY_MS: '300',
    });
    const all = await project.json(
      ['backfill', '--workflow', 'daily', '--from', '2026-04-01', '--to', '2026-04-01'].concat([
        '--rerun',
        'all',
      ]),
    );

    // Assert
    expect(limited.code).toBe(0);
    const rows = rowsOf(limited.body);
    expect(rows.map((r) => r.status)).toEqual(Array(5).fill('SUCCEEDED'));
    expect(mostAtOnce(rows)).toBe(2);
    expect(all.code).toBe(0);
    expect(rowsOf(all.body)[0]).toMatchObject({
      executionId: 'daily-2026-04-01-r2',
      action: 'start',
      status: 'SUCCEEDED',
      previousStatus: 'SUCCEEDED',
    });
  });

  it.each([
    [['--from', '2026-03-05', '--to', '2026-03-01'], '--from 2026-03-05 is after --to 2026-03-01'],
    [['--from', '2025-01-01', '--to', '2026-01-02'], 'covers 367 days'],
    [['--from', '2026-02-30', '--to', '2026-03-01'], '--from "2026-02-30"'],
    [['--from', '2026-03-01', '--to', '2026-03-01', '--max-active', '0'], "'--max-active <n>'"],
  ])('refuses %j with exit 2 naming the value', async (args, message) => {
    // Arrange
    const command = ['backfill', '--workflow', 'daily', ...args];

    // Act
    const result = await project.json(command);

    // Assert
    expect(result.code).toBe(2);
    expect(String(result.body.message)).toContain(message);
  });

  it('refuses a workflow without a logical date with exit 2 naming it', async () => {
    // Arrange
    const command = [
      'backfill',
      '--workflow',
      'per-message',
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-01',
    ];

    // Act
    const result = await project.json(command);

    // Assert
    expect(result.code).toBe(2);
    expect(String(result.body.message)).toContain('--workflow per-message has no logical date');
  });
});
