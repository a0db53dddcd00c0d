import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunnerUsageError } from '../../src/errors.js';
import { projectNameOf } from '../../src/scaffold/project-manifest.js';
import { scaffoldProject } from '../../src/scaffold/scaffold-project.js';
import { CEAP_PACKAGES } from '../../src/scaffold/scaffold-versions.js';
import { tempDir } from '../helpers/temp-dir.js';

const SCAFFOLD_FILES = [
  '.gitignore',
  'README.md',
  'ceap.config.ts',
  'cdk.json',
  'examples/input.json',
  'infra/app.ts',
  'jest.config.js',
  'package.json',
  'src/engagement-stage.ts',
  'src/handlers/engagement-handler.ts',
  'test/workflow.test.ts',
  'tsconfig.json',
];

describe('scaffoldProject', () => {
  let scratch: ReturnType<typeof tempDir>;

  beforeEach(() => {
    scratch = tempDir('ceap-scaffold-');
  });

  afterEach(() => scratch.remove());

  it('creates a missing folder and writes the whole project into it', () => {
    // Arrange
    const directory = join(scratch.path, 'nested', 'Orders Pipeline');

    // Act
    const result = scaffoldProject({ directory, ceapVersion: '9.8.7' });

    // Assert
    expect(result.files).toEqual([...SCAFFOLD_FILES].sort());
    for (const file of SCAFFOLD_FILES) expect(existsSync(join(directory, file))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('orders-pipeline');
    for (const name of CEAP_PACKAGES) expect(manifest.dependencies[name]).toBe('9.8.7');
    expect(Object.keys(manifest.scripts).sort()).toEqual(
      ['start', 'synth', 'test', 'typecheck', 'validate'].sort(),
    );
    expect(manifest.scripts.start).toBe(
      `ceap start --workflow ${result.workflow} --input examples/input.json`,
    );
  });

  it('pins every dependency to one exact version', () => {
    // Act
    scaffoldProject({ directory: scratch.path, ceapVersion: '0.1.0' });

    // Assert
    const manifest = JSON.parse(readFileSync(join(scratch.path, 'package.json'), 'utf8'));
    const versions = Object.values({ ...manifest.dependencies, ...manifest.devDependencies });
    expect(versions.length).toBeGreaterThan(CEAP_PACKAGES.length);
    for (const version of versions) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses a folder that holds files, naming it, and writes nothing', () => {
    // Arrange
    writeFileSync(join(scratch.path, 'notes.txt'), 'mine');

    // Act
    const act = () => scaffoldProject({ directory: scratch.path, ceapVersion: '0.1.0' });

    // Assert
    expect(act).toThrow(RunnerUsageError);
    expect(act).toThrow(`DIR ${scratch.path} is not empty (it holds notes.txt)`);
    expect(existsSync(join(scratch.path, 'ceap.config.ts'))).toBe(false);
  });

  it('with force, writes into a folder that holds files and keeps the others', () => {
    // Arrange
    writeFileSync(join(scratch.path, 'notes.txt'), 'mine');
    writeFileSync(join(scratch.path, 'ceap.config.ts'), 'stale');

    // Act
    scaffoldProject({ directory: scratch.path, force: true, ceapVersion: '0.1.0' });

    // Assert
    expect(readFileSync(join(scratch.path, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(scratch.path, 'ceap.config.ts'), 'utf8')).toContain('defineConfig');
  });

  it.each([
    ['a file', (file: string) => file, 'is not a directory'],
    ['a folder below a file', (file: string) => join(file, 'project'), 'cannot be read'],
  ])('refuses a DIR that is %s, naming it', (_case, target, reason) => {
    // Arrange
    const file = join(scratch.path, 'taken');
    writeFileSync(file, '');
    const directory = target(file);

    // Act
    const act = () => scaffoldProject({ directory, force: true, ceapVersion: '0.1.0' });

    // Assert
    expect(act).toThrow(RunnerUsageError);
    expect(act).toThrow(`DIR ${directory} ${reason}`);
  });

  it('refuses a folder it cannot write into, naming it', () => {
    // Arrange: a file where the scaffold needs its src/ folder
    mkdirSync(join(scratch.path, 'project'));
    writeFileSync(join(scratch.path, 'project', 'src'), '');
    const directory = join(scratch.path, 'project');

    // Act
    const act = () => scaffoldProject({ directory, force: true, ceapVersion: '0.1.0' });

    // Assert
    expect(act).toThrow(`DIR ${directory} cannot hold the project`);
  });
});

describe('projectNameOf', () => {
  it.each([
    ['Orders Pipeline', 'orders-pipeline'],
    ['my_pipeline.v2', 'my_pipeline.v2'],
    ['.hidden', 'hidden'],
    ['---', 'ceap-pipeline'],
    ['données', 'donn-es'],
  ])('names the project in %j %j', (folder, name) => {
    // Act / Assert
    expect(projectNameOf(folder)).toBe(name);
  });
});
