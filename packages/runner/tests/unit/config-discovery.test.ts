import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfigOption, findConfigFile } from '../../src/config/config-file.js';
import { ConfigFileError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('config discovery: ceap.config.* above the working directory, or --config', () => {
  let root: ReturnType<typeof tempDir>;

  beforeEach(() => {
    root = tempDir('ceap-config-discovery-');
  });

  afterEach(() => root.remove());

  function write(path: string): string {
    const file = join(root.path, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, 'export {};\n');
    return file;
  }

  it.each([
    'ceap.config.ts',
    'ceap.config.mts',
    'ceap.config.js',
    'ceap.config.mjs',
    'ceap.config.cjs',
  ])('finds %s in a folder above the working directory', (name) => {
    // Arrange
    const config = write(`project/${name}`);
    const below = join(root.path, 'project', 'src', 'stages');
    mkdirSync(below, { recursive: true });

    // Act
    const found = findConfigFile(below);

    // Assert
    expect(found).toBe(config);
  });

  it('takes the nearest config when folders above hold several', () => {
    // Arrange
    write('ceap.config.ts');
    const nearest = write('inner/ceap.config.js');

    // Act
    const found = findConfigFile(join(root.path, 'inner'));

    // Assert
    expect(found).toBe(nearest);
  });

  it('refuses two configs in one folder, naming both', () => {
    // Arrange
    write('ceap.config.ts');
    write('ceap.config.mjs');

    // Act
    const find = () => findConfigFile(root.path);

    // Assert
    expect(find).toThrow(ConfigFileError);
    expect(find).toThrow(/is one of 2 config files in .*\(ceap\.config\.ts, ceap\.config\.mjs\)/);
  });

  it('resolves --config against the invocation directory', () => {
    // Arrange
    const config = write('configs/pipelines.ts');

    // Act
    const resolved = checkConfigOption('configs/pipelines.ts', root.path);

    // Assert
    expect(resolved).toBe(config);
  });

  it.each([
    ['missing.ts', 'was not found (--config)'],
    ['folder.ts', 'is not a file (--config)'],
    ['settings.json', 'must be TypeScript or JavaScript (--config)'],
  ])('refuses --config %s: %s', (file, message) => {
    // Arrange
    mkdirSync(join(root.path, 'folder.ts'));
    write('settings.json');

    // Act
    const check = () => checkConfigOption(file, root.path);

    // Assert
    expect(check).toThrow(`config file ${join(root.path, file)} ${message}`);
  });
});
