import {
  UI_TOKEN_HEADER,
  type UiGrid,
  type UiRun,
  type UiStep,
  type UiWorkflows,
} from '../../src/ui/ui-api-types.js';
import { startUiServer } from '../../src/ui/ui-server.js';
import {
  flowInput,
  startUiHarness,
  UI_WORKFLOWS,
  type UiHarness,
  uiBindings,
} from './ui-harness.js';
import { rawRequest } from './ui-http.js';

describe('ceap ui: the HTTP API', () => {
  let ui: UiHarness;

  beforeAll(async () => {
    ui = await startUiHarness({ workflows: UI_WORKFLOWS, bindings: uiBindings });
  });

  afterAll(async () => {
    await ui.stop();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(ui.url(path), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        [UI_TOKEN_HEADER]: ui.server.token,
        ...headers,
      },
      body: JSON.stringify(body),
    });
  const get = async <T>(path: string): Promise<T> =>
    (await (await fetch(ui.url(path))).json()) as T;

  async function finishedRun(executionId: string): Promise<void> {
    const started = await post('/api/runs', {
      workflow: 'ui-flow',
      executionId,
      input: flowInput(),
      logicalDate: '2026-03-01',
    });
    expect(started.status).toBe(200);
    await (await ui.client.getHandle(executionId)).result();
  }

  it('serves the page with its token, and the workflows with their schedule and last runs', async () => {
    // Arrange
    await finishedRun('api-list-1');

    // Act
    const page = await (await fetch(ui.url('/'))).text();
    const workflows = await get<UiWorkflows>('/api/workflows');

    // Assert
    expect(page).toContain(ui.server.token);
    expect(workflows.workflows).toEqual([
      expect.objectContaining({
        name: 'ui-flow',
        type: 'STANDARD',
        steps: ['IntakeStage', 'SlowStage', 'FinishStage'],
        schedule: null,
        lastRuns: [
          expect.objectContaining({
            executionId: 'api-list-1',
            status: 'SUCCEEDED',
            logicalDate: '2026-03-01',
          }),
        ],
      }),
    ]);
  });

  it('answers the grid with an ETag, and 304 while nothing changed', async () => {
    // Arrange
    await finishedRun('api-grid-1');
    const first = await fetch(ui.url('/api/workflows/ui-flow/grid'));
    const grid = (await first.json()) as UiGrid;
    const etag = first.headers.get('etag') ?? '';

    // Act
    const again = await fetch(ui.url('/api/workflows/ui-flow/grid'), {
      headers: { 'If-None-Match': etag },
    });

    // Assert
    expect(grid.steps).toEqual(['IntakeStage', 'SlowStage', 'FinishStage']);
    expect(grid.runs.find((run) => run.executionId === 'api-grid-1')?.cells).toEqual({
      IntakeStage: 'SUCCEEDED',
      SlowStage: 'SUCCEEDED',
      FinishStage: 'SUCCEEDED',
    });
    expect(etag).toMatch(/^".+"$/);
    expect(again.status).toBe(304);
  });

  it('draws a run: its DAG from the workflow model and one Gantt bar per step', async () => {
    // Arrange
    await finishedRun('api-run-1');

    // Act
    const run = await get<UiRun>('/api/runs/api-run-1');

    // Assert
    expect(run.description.status).toBe('SUCCEEDED');
    expect(run.input).toMatchObject({ logicalDate: '2026-03-01' });
    expect((run.input?.records as unknown[] | undefined)?.[0]).toEqual({
      id: 'r1',
      name: '•••',
      email: '•••',
      phone: '•••',
    });
    expect(run.dag.edges).toEqual([
      { from: 'IntakeStage', to: 'SlowStage', allDone: false },
      { from: 'SlowStage', to: 'FinishStage', allDone: false },
    ]);
    const steps = run.timeline.bars.filter((bar) => bar.kind === 'step');
    expect(steps.map((bar) => bar.step)).toEqual(['IntakeStage', 'SlowStage', 'FinishStage']);
    expect(steps.map((bar) => bar.durationMs)).toEqual(
      run.description.stages.map((s) => s.durationMs),
    );
  });

  it('shows a step: counts by reason and rule, records and rejects with personal fields masked', async () => {
    // Arrange
    await finishedRun('api-step-1');

    // Act
    const step = await get<UiStep>('/api/runs/api-step-1/steps/IntakeStage');

    // Assert
    expect(step.stage).toMatchObject({ received: 6, records: 3, rejected: 2, filtered: 1 });
    expect(step.rejectedBy).toEqual({ 'missing-id': 1, 'invalid-email': 1 });
    expect(step.filteredBy).toEqual({ 'not-opted-in': 1 });
    expect(step.records).toHaveLength(3);
    expect(step.records[0]).toMatchObject({
      id: 'r1',
      name: '•••',
      email: '•••',
      phone: '•••',
    });
    expect(step.rejects.map((r) => r.reason)).toEqual(['missing-id', 'invalid-email']);
    expect(step.rejects[0]).toMatchObject({ record: { name: '•••', email: '•••' } });
    expect(step.masked).toBe(true);
    expect(step.stage.output).toMatch(
      /^s3:\/\/.+\/executions\/api-step-1\/IntakeStage\/output\.json$/,
    );
  });

  it('shows the values unmasked with showValues (--show-values)', async () => {
    // Arrange
    await finishedRun('api-values-1');
    const unmasked = await startUiServer({
      client: ui.client,
      workflows: UI_WORKFLOWS,
      port: 0,
      showValues: true,
    });

    // Act
    const answer = await fetch(new URL('/api/runs/api-values-1/steps/IntakeStage', unmasked.url));
    const step = (await answer.json()) as UiStep;
    await unmasked.close();

    // Assert
    expect(step.masked).toBe(false);
    expect(step.records[0]).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' });
  });

  it.each([
    [
      'an invalid execution id',
      'GET',
      '/api/runs/..%2Fx',
      400,
      /executionId "\.\.\/x" must be 1-80 characters/,
    ],
    ['an unknown execution', 'GET', '/api/runs/nope-1', 404, /execution "nope-1" was not found/],
    ['an unknown workflow', 'GET', '/api/workflows/nope/grid', 404, /workflow "nope" is not known/],
    ['an unknown path', 'GET', '/api/nothing', 404, /no such page/],
    ['a malformed escape', 'GET', '/api/runs/%E0%A4%A', 400, /is not valid URL encoding/],
    ['a wrong method', 'GET', '/api/runs/x1/stop', 405, /use POST/],
  ])('answers %s with a 4xx JSON error', async (_what, method, path, status, message) => {
    // Act
    const answer = await rawRequest(ui.url(path), { method });

    // Assert
    expect(answer.status).toBe(status);
    expect(answer.json.message).toMatch(message);
  });

  it('refuses an unknown step of a run with 404, naming the steps', async () => {
    // Arrange
    await finishedRun('api-badstep-1');

    // Act
    const answer = await rawRequest(ui.url('/api/runs/api-badstep-1/steps/Nope'));

    // Assert
    expect(answer.status).toBe(404);
    expect(answer.json.message).toMatch(
      /"Nope" is not a step of ui-flow; expected one of: IntakeStage, SlowStage, FinishStage/,
    );
  });

  it.each([
    [
      'a bad logical date',
      { workflow: 'ui-flow', logicalDate: '2026-02-30' },
      400,
      /--logical-date "2026-02-30" must be a calendar date/,
    ],
    [
      'a bad execution id',
      { workflow: 'ui-flow', executionId: 'a/b' },
      400,
      /must be 1-80 characters/,
    ],
    ['an unknown workflow', { workflow: 'nope' }, 404, /workflow "nope" is not known/],
    [
      'an input that is not an object',
      { workflow: 'ui-flow', input: [1] },
      400,
      /input must be a JSON object/,
    ],
    ['an unknown field', { workflow: 'ui-flow', wat: 1 }, 400, /unknown field\(s\): wat/],
  ])('refuses a start with %s', async (_what, body, status, message) => {
    // Act
    const answer = await post('/api/runs', body);

    // Assert
    expect(answer.status).toBe(status);
    expect(((await answer.json()) as { message: string }).message).toMatch(message);
  });

  it('refuses to start an id that exists (409) and to stop a run that has ended (409)', async () => {
    // Arrange
    await finishedRun('api-dup-1');

    // Act
    const again = await post('/api/runs', {
      workflow: 'ui-flow',
      executionId: 'api-dup-1',
      input: flowInput(),
    });
    const stop = await post('/api/runs/api-dup-1/stop', {});

    // Assert
    expect(again.status).toBe(409);
    expect(stop.status).toBe(409);
    expect(((await stop.json()) as { message: string }).message).toMatch(
      /is SUCCEEDED; only a RUNNING execution can be stopped/,
    );
  });

  const json = { 'Content-Type': 'application/json' };
  it.each([
    ['no token', false, json, 403, /needs this server's token/],
    [
      'a wrong token',
      false,
      { ...json, [UI_TOKEN_HEADER]: 'x'.repeat(43) },
      403,
      /needs this server's token/,
    ],
    [
      'another Origin',
      true,
      { ...json, Origin: 'http://evil.example' },
      403,
      /Origin "http:\/\/evil.example" is not this server/,
    ],
    [
      'a form body',
      true,
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      415,
      /Content-Type: application\/json/,
    ],
  ])(
    'refuses a POST with %s, and starts nothing',
    async (_what, withToken, headers, status, message) => {
      // Arrange
      const token: Record<string, string> = withToken ? { [UI_TOKEN_HEADER]: ui.server.token } : {};

      // Act
      const answer = await rawRequest(ui.url('/api/runs'), {
        method: 'POST',
        headers: { ...(headers as Record<string, string>), ...token },
        body: JSON.stringify({ workflow: 'ui-flow', executionId: 'never-started' }),
      });

      // Assert
      expect(answer.status).toBe(status);
      expect(answer.json.message).toMatch(message);
      await expect(ui.client.describe('never-started')).rejects.toThrow(/was not found/);
    },
  );

  it('refuses a Host that is not the server (DNS rebinding), even on GET', async () => {
    // Act
    const answer = await rawRequest(ui.url('/api/workflows'), {
      headers: { Host: `rebound.example:${new URL(ui.server.url).port}` },
    });

    // Assert
    expect(answer.status).toBe(421);
    expect(answer.json.message).toMatch(/Host "rebound.example:\d+" is not this server/);
  });

  it('refuses to listen beyond loopback without allowRemote', async () => {
    // Act
    const started = startUiServer({
      client: ui.client,
      workflows: UI_WORKFLOWS,
      host: '0.0.0.0',
      port: 0,
    });

    // Assert
    await expect(started).rejects.toThrow(
      /--host 0.0.0.0 would accept connections from other machines; add --allow-remote/,
    );
  });
});
