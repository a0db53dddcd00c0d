import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runnerVersion } from '../../src/scaffold/runner-version.js';
import {
  SCAFFOLD_CDK_DEPENDENCIES,
  SCAFFOLD_DEV_DEPENDENCIES,
} from '../../src/scaffold/scaffold-versions.js';
import { PACKAGE_DIR, REPO_ROOT } from '../helpers/run-cli.js';

type Manifest = { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

const manifest = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8')) as Manifest;
const pinsOf = (m: Manifest) => ({ ...m.dependencies, ...m.devDependencies });

describe('the versions a scaffolded project pins', () => {
  const repository = {
    ...pinsOf(manifest(join(REPO_ROOT, 'package.json'))),
    ...pinsOf(manifest(join(REPO_ROOT, 'packages', 'infra', 'package.json'))),
  };

  it.each(Object.entries({ ...SCAFFOLD_DEV_DEPENDENCIES, ...SCAFFOLD_CDK_DEPENDENCIES }))(
    '%s is %s, as this repository pins it',
    (name, version) => {
      // Assert
      expect(repository[name]).toBe(version);
    },
  );

  it('pins the runner version the package.json of @ceap/runner declares', () => {
    // Arrange
    const runner = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));

    // Act / Assert
    expect(runnerVersion()).toBe(runner.version);
  });
});
