import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chain, defineWorkflow, lambda } from '@ceap/core/workflow';
import { LocalScheduleStore } from '../../src/schedule/local-schedule-store.js';
import {
  UI_TOKEN_HEADER,
  type UiBackfill,
  type UiGrid,
  type UiSchedule,
  type UiWorkflows,
} from '../../src/ui/ui-api-types.js';
import { startUiServer } from '../../src/ui/ui-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import {
  slowControl,
  startUiHarness,
  type UiHarness,
  uiBindings,
  uiFlowWorkflow,
} from './ui-harness.js';
import { rawRequest } from './ui-http.js';

const NIGHTLY_SCHEDULE = { expression: 'cron(0 2 * * ? *)', timeZone: 'Europe/London' };

/** ui-flow (STANDARD: one run per date), a nightly one in London, and one with no dates. */
const WORKFLOWS = {
  'ui-flow': uiFlowWorkflow,
  nightly: defineWorkflow({
    name: 'nightly',
    type: 'STANDARD',
    timeoutSeconds: 120,
    defaultTaskTimeoutSeconds: 60,
    steps: chain(lambda('IntakeStage')),
    schedule: NIGHTLY_SCHEDULE,
  }),
  'per-message': defineWorkflow({
    name: 'per-message',
    type: 'EXPRESS',
    steps: chain(lambda('IntakeStage')),
  }),
};

/** The day before London's clocks go forward (2026-03-29 01:00 UTC). */
const NOW = new Date('2026-03-28T12:00:00Z');

/*
 * Backfill and schedules through the HTTP API, over the local target in this process: the
 * backfill route's checks (the CLI's), its answer before the runs end, and the schedules as
 * `ceap schedule show` reports them, paused and resumed through the API.
 */
describe('ceap ui: backfill and schedules over the HTTP API', () => {
  let ui: UiHarness;
  const examples = tempDir('ceap-ui-examples-');

  beforeAll(async () => {
    // Tiny samples, so a run started without input stages one small file.
    mkdirSync(join(examples.path, 'batch'));
    writeFileSync(join(examples.path, 'realtime-input.json'), '{"records":[]}');
    writeFileSync(join(examples.path, 'batch', 'part-0.json'), '{"id":"x"}\n');
    ui = await startUiHarness({
      workflows: WORKFLOWS,
      bindings: uiBindings,
      local: { examplesDirectory: examples.path },
      server: { now: () => NOW },
    });
  });

  afterAll(async () => {
    slowControl.delayMs = 0;
    await ui?.stop();
    examples.remove();
  });

  const post = (path: string, body: unknown) =>
    fetch(ui.url(path), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [UI_TOKEN_HEADER]: ui.server.token },
      body: JSON.stringify(body),
    });
  const get = async <T>(path: string): Promise<T> =>
    (await (await fetch(ui.url(path))).json()) as T;
  const backfillsUntilDone = async (id: string): Promise<UiBackfill | undefined> => {
    for (let waited = 0; waited < 60_000; waited += 200) {
      const { backfills } = await get<{ backfills: UiBackfill[] }>('/api/backfills');
      const found = backfills.find((b) => b.id === id);
      if (found?.state !== 'RUNNING') return found;
      await sleep(200);
    }
    return undefined;
  };

  it('shows the schedule as `schedule show` has it: state, next run in the zone and as an instant, last run', async () => {
    // Act
    const { workflows } = await get<UiWorkflows>('/api/workflows');

    // Assert
    const byName = Object.fromEntries(workflows.map((w) => [w.name, w.schedule]));
    expect(byName.nightly).toEqual({
      expression: 'cron(0 2 * * ? *)',
      timeZone: 'Europe/London',
      state: 'ACTIVE',
      // 02:00 on the 29th is already BST: 01:00 UTC.
      nextRunAt: '2026-03-29T01:00:00.000Z',
      nextRunLocal: '2026-03-29T02:00+01:00',
      nextLogicalDate: '2026-03-28',
      lastRun: null,
    });
    expect(byName['ui-flow']).toBeNull();
    expect(workflows.map((w) => [w.name, w.logicalDates])).toEqual([
      ['ui-flow', true],
      ['nightly', true],
      ['per-message', false],
    ]);
  });

  it('pauses and resumes a schedule in the home `ceap scheduler` reads', async () => {
    // Act
    const paused = await post('/api/workflows/nightly/schedule/pause', {});
    const file = JSON.parse(readFileSync(join(ui.home, 'schedules', 'nightly.json'), 'utf8'));
    const shown = await get<UiWorkflows>('/api/workflows');
    const resumed = await post('/api/workflows/nightly/schedule/resume', {});

    // Assert
    expect(paused.status).toBe(200);
    expect(((await paused.json()) as UiSchedule).state).toBe('PAUSED');
    expect(file).toMatchObject({ workflow: 'nightly', state: 'PAUSED' });
    expect(shown.workflows.find((w) => w.name === 'nightly')?.schedule?.state).toBe('PAUSED');
    expect(((await resumed.json()) as UiSchedule).state).toBe('ACTIVE');
    expect(await new LocalScheduleStore(ui.home).read('nightly', NIGHTLY_SCHEDULE)).toMatchObject({
      state: 'ACTIVE',
    });
  });

  it('refuses to pause a workflow without a schedule (400), naming it', async () => {
    // Act
    const answer = await post('/api/workflows/ui-flow/schedule/pause', {});

    // Assert
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { message: string }).message).toMatch(
      /--workflow ui-flow has no schedule/,
    );
  });

  it.each([
    ['/api/backfills', { workflow: 'ui-flow', from: '2026-05-01', to: '2026-05-01' }],
    ['/api/workflows/nightly/schedule/pause', {}],
  ])('refuses POST %s without the token (403), and changes nothing', async (path, body) => {
    // Act
    const answer = await rawRequest(ui.url(path), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

    // Assert
    expect(answer.status).toBe(403);
    expect(answer.json.message).toMatch(/needs this server's token/);
    await expect(ui.client.describe('ui-flow-2026-05-01')).rejects.toThrow(/was not found/);
    const schedule = await new LocalScheduleStore(ui.home).read('nightly', NIGHTLY_SCHEDULE);
    expect(schedule.state).toBe('ACTIVE');
  });

  it.each([
    [
      'a date that is not one',
      { from: '2026-02-30', to: '2026-03-01' },
      400,
      /--from "2026-02-30" must be a calendar date/,
    ],
    [
      'an inverted range',
      { from: '2026-03-05', to: '2026-03-01' },
      400,
      /--from 2026-03-05 is after --to 2026-03-01/,
    ],
    [
      'more than 366 days',
      { from: '2025-01-01', to: '2026-01-02' },
      400,
      /covers 367 days; one backfill covers at most 366/,
    ],
    [
      'max-active 0',
      { from: '2026-03-01', to: '2026-03-01', maxActive: 0 },
      400,
      /--max-active 0 must be a whole number/,
    ],
    [
      'an unknown rerun',
      { from: '2026-03-01', to: '2026-03-01', rerun: 'some' },
      400,
      /--rerun "some" must be none, failed or all/,
    ],
    [
      'a workflow with no logical date',
      { workflow: 'per-message', from: '2026-03-01', to: '2026-03-01' },
      400,
      /--workflow per-message has no logical date/,
    ],
    [
      'an unknown workflow',
      { workflow: 'nope', from: '2026-03-01', to: '2026-03-01' },
      404,
      /workflow "nope" is not known/,
    ],
    [
      'an unknown field',
      { from: '2026-03-01', to: '2026-03-01', wat: 1 },
      400,
      /unknown field\(s\): wat/,
    ],
  ])(
    'refuses a backfill with %s, naming the value, and starts nothing',
    async (_what, fields, status, message) => {
      // Act
      const answer = await post('/api/backfills', { workflow: 'ui-flow', ...fields });

      // Assert
      expect(answer.status).toBe(status);
      expect(((await answer.json()) as { message: string }).message).toMatch(message);
      expect(await ui.client.list({ workflow: 'ui-flow' })).toEqual([]);
    },
  );

  it('answers a backfill with its plan before the runs end, runs them in the background, and skips them next time', async () => {
    // Arrange
    slowControl.delayMs = 2000;
    const request = { workflow: 'ui-flow', from: '2026-03-01', to: '2026-03-03', maxActive: 3 };

    // Act
    const answer = await post('/api/backfills', request);
    const plan = (await answer.json()) as UiBackfill;
    const { backfills } = await get<{ backfills: UiBackfill[] }>('/api/backfills');
    const done = await backfillsUntilDone(plan.id);
    slowControl.delayMs = 0;
    const again = (await (await post('/api/backfills', request)).json()) as UiBackfill;

    // Assert
    expect(answer.status).toBe(200);
    const ids = ['ui-flow-2026-03-01', 'ui-flow-2026-03-02', 'ui-flow-2026-03-03'];
    expect(plan).toMatchObject({ state: 'RUNNING', maxActive: 3, rerun: 'none' });
    expect(plan.dates.map((d) => [d.executionId, d.action, d.status])).toEqual(
      ids.map((id) => [id, 'start', 'PENDING']),
    );
    expect(backfills.find((b) => b.id === plan.id)?.state).toBe('RUNNING');
    expect(done?.dates.map((d) => d.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    const grid = await get<UiGrid>('/api/workflows/ui-flow/grid');
    expect(grid.runs.map((r) => [r.executionId, r.logicalDate, r.status])).toEqual(
      ids.map((id) => [id, id.slice('ui-flow-'.length), 'SUCCEEDED']),
    );
    expect(again.dates.map((d) => [d.action, d.previousStatus])).toEqual(
      ids.map(() => ['skip', 'SUCCEEDED']),
    );
  });

  it('stops the backfill under way when the server closes: its running runs end ABORTED', async () => {
    // Arrange
    slowControl.delayMs = 120_000;
    const other = await startUiServer({
      client: ui.client,
      workflows: WORKFLOWS,
      port: 0,
      detach: false,
    });
    const answer = await fetch(new URL('/api/backfills', other.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [UI_TOKEN_HEADER]: other.token },
      body: JSON.stringify({ workflow: 'ui-flow', from: '2026-04-01', to: '2026-04-02' }),
    });
    expect(answer.status).toBe(200);
    for (let waited = 0; waited < 20_000; waited += 100) {
      const run = await ui.client.describe('ui-flow-2026-04-01').catch(() => undefined);
      if (run?.stages.some((s) => s.name === 'SlowStage' && s.status === 'RUNNING')) break;
      await sleep(100);
    }

    // Act
    await other.close();

    // Assert
    const first = await ui.client.describe('ui-flow-2026-04-01');
    expect(first).toMatchObject({ status: 'ABORTED', cause: 'the backfill was interrupted' });
    await expect(ui.client.describe('ui-flow-2026-04-02')).rejects.toThrow(/was not found/);
  });
});
