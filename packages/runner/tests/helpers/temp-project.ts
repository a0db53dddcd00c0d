import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_DIR } from './run-cli.js';
import { tempDir } from './temp-dir.js';

/** The user's project the e2e tests run: shipped stages and one of its own. */
export const USER_PROJECT_FIXTURE = join(PACKAGE_DIR, 'tests/fixtures/user-project');

/** The @ceap packages a user's project installs, by folder under packages/. */
const CEAP_PACKAGES = ['core', 'stages', 'glue-jobs', 'runner'] as const;

/**
 * A project of a user's own in a temporary directory outside the repository: the given files,
 * and `node_modules/@ceap/*` linked to this repository's packages, as an install would place
 * them (the CLI resolves them to their source through the @ceap/source condition).
 */
export function tempProject(files: Readonly<Record<string, string>> = {}, fixture?: string) {
  const project = tempDir('ceap-project-');
  if (fixture) cpSync(fixture, project.path, { recursive: true });
  const scope = join(project.path, 'node_modules', '@ceap');
  mkdirSync(scope, { recursive: true });
  for (const name of CEAP_PACKAGES) {
    symlinkSync(join(PACKAGE_DIR, '..', name), join(scope, name), 'dir');
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(project.path, path)), { recursive: true });
    writeFileSync(join(project.path, path), text);
  }
  return project;
}
