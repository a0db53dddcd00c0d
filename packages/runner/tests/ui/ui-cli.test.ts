import { setTimeout as sleep } from 'node:timers/promises';
import { UI_TOKEN_HEADER, type UiDescription, type UiRun } from '../../src/ui/ui-api-types.js';
import { type CliProcess, spawnCli, waitFor } from '../helpers/cli-process.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The real CLI: `ceap ui` as a user starts it, its detached starts, its refusals. */
describe('ceap ui (the CLI)', () => {
  let home: ReturnType<typeof tempDir>;
  let ui: CliProcess | undefined;
  let stdout = '';

  beforeEach(() => {
    home = tempDir('ceap-ui-cli-');
  });

  afterEach(async () => {
    ui?.child.kill('SIGTERM');
    await ui?.result;
    ui = undefined;
    home.remove();
  });

  it('serves the page and the API, starts a run detached through the page token, and stops on SIGTERM', async () => {
    // Arrange
    ui = spawnCli(['ui', '--port', '0', '--json'], { home: home.path });
    ui.child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const url = await waitFor(
      'the URL on stdout',
      () => (JSON.parse(stdout.split('\n')[0] || 'null') as { url?: string } | null)?.url,
      30_000,
    );
    const page = await (await fetch(url)).text();
    const token = /"token":"([^"]+)"/.exec(page)?.[1] ?? '';

    // Act
    const started = await fetch(new URL('/api/runs', url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [UI_TOKEN_HEADER]: token },
      body: JSON.stringify({ workflow: 'realtime', executionId: 'ui-cli-run-1' }),
    });
    const run = (await started.json()) as UiDescription;
    let status = run.status;
    for (let waited = 0; status === 'RUNNING' && waited < 60_000; waited += 250) {
      await sleep(250);
      status = ((await (await fetch(new URL('/api/runs/ui-cli-run-1', url))).json()) as UiRun)
        .description.status;
    }
    ui.child.kill('SIGTERM');
    const ended = await ui.result;

    // Assert
    expect(started.status).toBe(200);
    expect(run).toMatchObject({ executionId: 'ui-cli-run-1', workflow: 'realtime' });
    expect(status).toBe('SUCCEEDED');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(ended.code).toBe(0);
  });

  it.each([
    [
      ['ui', '--host', '0.0.0.0'],
      /--host 0\.0\.0\.0 would accept connections from other machines; add --allow-remote/,
    ],
    [['ui', '--port', '70000'], /--port "70000" must be a whole number from 0 to 65535/],
  ])('refuses %j with exit 2, naming the flag', async (args, message) => {
    // Act
    const result = await runCli(args, { home: home.path });

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
