import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_DIR, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('ceap --version', () => {
  it.each(['--version', '-V'])('prints the package version for %s and exits 0', async (flag) => {
    // Arrange
    const { version } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
      version: string;
    };
    const home = tempDir();
    // Act
    const result = await runCli([flag], { home: home.path });
    home.remove();
    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });
});
