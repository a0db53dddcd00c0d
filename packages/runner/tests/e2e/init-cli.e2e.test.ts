import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onlyJson, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/*
 * The scaffold's own commands (install, start, test, validate, synth) run from the packed
 * tarballs in scripts/check-packages.sh; here, what `ceap init` itself answers.
 */
describe('ceap init', () => {
  let scratch: ReturnType<typeof tempDir>;

  beforeEach(() => {
    scratch = tempDir('ceap-e2e-init-');
  });

  afterEach(() => scratch.remove());

  it('scaffolds the current folder by default and says what to run next', async () => {
    // Act
    const result = await runCli(['init'], { home: join(scratch.path, '.ceap'), cwd: scratch.path });

    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`in ${scratch.path}:`);
    expect(result.stdout).toContain('npm install && npm start');
    expect(existsSync(join(scratch.path, 'ceap.config.ts'))).toBe(true);
  });

  it('refuses a folder that holds files with exit 2 naming it, and --force writes into it', async () => {
    // Arrange: a project scaffolded before, with a file of the user's own
    const options = { home: join(scratch.path, 'home'), cwd: scratch.path };
    const project = join(scratch.path, 'project');
    expect((await runCli(['init', 'project'], options)).code).toBe(0);
    writeFileSync(join(project, 'notes.txt'), 'mine');

    // Act
    const refused = await runCli(['init', 'project'], options);
    const forced = await runCli(['init', 'project', '--force', '--json'], options);

    // Assert
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`DIR ${project} is not empty`);
    expect(refused.stderr).toContain('--force');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(forced.code).toBe(0);
    const written = onlyJson(forced);
    expect(written.workflow).toBe('candidates');
    expect(written.files).toContain('ceap.config.ts');
    expect(readFileSync(join(project, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it.each([
    [['init', 'notes.txt'], 'is not a directory'],
    [['init', ''], 'DIR must be a folder path, got an empty string'],
  ])('%j exits 2 naming DIR', async (args, message) => {
    // Arrange
    writeFileSync(join(scratch.path, 'notes.txt'), 'mine');

    // Act
    const result = await runCli(args, { home: join(scratch.path, 'home'), cwd: scratch.path });

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
