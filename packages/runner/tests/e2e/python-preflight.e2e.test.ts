import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Bug 7 of the run-control issue: a missing python3 is found before the run, not at the Glue step. */
describe('pnpm runner start, with no Python for a workflow that needs it', () => {
  let home: ReturnType<typeof tempDir>;

  beforeAll(() => {
    home = tempDir('ceap-e2e-python-');
  });

  afterAll(() => home.remove());

  it('exits 2 naming CEAP_PYTHON, and reserves nothing', async () => {
    // Arrange
    const options = { home: home.path, env: { CEAP_PYTHON: '/nonexistent/python3' } };
    // Act
    const started = await runCli(
      ['start', '--workflow', 'batch', '--execution-id', 'no-python'],
      options,
    );
    const listed = await runCli(['list', '--json'], options);
    // Assert
    expect(started.code).toBe(2);
    expect(started.stderr).toContain('workflow "batch" has a Glue step');
    expect(started.stderr).toContain('set CEAP_PYTHON');
    expect(JSON.parse(listed.stdout).executions).toEqual([]);
  });

  it('does not ask for Python when the workflow has no Glue step', async () => {
    // Arrange
    const options = { home: home.path, env: { CEAP_PYTHON: '/nonexistent/python3' } };
    // Act
    const started = await runCli(['start', '--workflow', 'realtime', '--json'], options);
    // Assert
    expect(started.code).toBe(0);
    expect(JSON.parse(started.stdout).status).toBe('SUCCEEDED');
  });
});
