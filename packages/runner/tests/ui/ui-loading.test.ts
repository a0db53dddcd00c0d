import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_DIR } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** What belongs to the UI: its server modules and the page's libraries (esbuild is tsx's too). */
const UI_ONLY = /[\\/]src[\\/]ui[\\/]|[\\/]node_modules[\\/](preact|@dagrejs|playwright-core)[\\/]/;

/**
 * Runs `args` in a fresh Node (TypeScript through tsx, as `pnpm runner` does) with a hook that
 * reports, as the process exits, which UI modules `require.cache` holds.
 */
function loadedUiModules(
  args: readonly string[],
): Promise<{ code: number | null; ui: string[]; stderr: string }> {
  const dir = tempDir('ceap-ui-loading-');
  const report = join(dir.path, 'loaded.json');
  const hook = join(dir.path, 'hook.cjs');
  writeFileSync(
    hook,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.keys(require.cache).filter((f) => ${UI_ONLY}.test(f)))));\n`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@ceap/source',
        '--require',
        require.resolve('tsx/cjs'),
        '--require',
        hook,
        ...args,
      ],
      {
        cwd: PACKAGE_DIR,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, CEAP_HOME: dir.path },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ui = JSON.parse(require('node:fs').readFileSync(report, 'utf8') as string) as string[];
      dir.remove();
      resolve({ code, ui, stderr });
    });
  });
}

describe('what the UI adds to the client and the CLI when unused', () => {
  it.each([
    ['the client (@ceap/runner)', ['-e', "require('@ceap/runner').createRunnerClient()"]],
    ['the CLI (ceap --version)', ['src/cli/main.ts', '--version']],
    ['the CLI (ceap workflows)', ['src/cli/main.ts', 'workflows', '--json']],
  ])('%s loads nothing of the UI', async (_what, args) => {
    // Act
    const result = await loadedUiModules(args);

    // Assert
    expect(result.code).toBe(0);
    expect(result.ui).toEqual([]);
  });

  it('the check sees the UI once its server is loaded', async () => {
    // Act
    const result = await loadedUiModules(['-e', "require('./src/ui/ui-server.ts')"]);

    // Assert
    expect(result.code).toBe(0);
    expect(result.ui).toEqual(
      expect.arrayContaining([expect.stringMatching(/src[\\/]ui[\\/]ui-server\.ts$/)]),
    );
  });
});
