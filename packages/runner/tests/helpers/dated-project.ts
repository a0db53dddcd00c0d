import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onlyJson, PACKAGE_DIR, runCli } from './run-cli.js';
import { tempDir } from './temp-dir.js';
import { tempProject } from './temp-project.js';

/** The project with the `daily` workflow (one stage that names its date) and `per-message`. */
export const DATED_PROJECT_FIXTURE = join(PACKAGE_DIR, 'tests/fixtures/dated-project');

/**
 * The dated project in a temp folder, with a home of its own and tiny samples (CEAP_EXAMPLES),
 * so a run started without input stages one small file rather than the 10 MB batch sample.
 */
export function datedProject() {
  const project = tempProject({}, DATED_PROJECT_FIXTURE);
  const home = tempDir('ceap-e2e-dated-home-');
  const examples = join(project.path, 'examples');
  mkdirSync(join(examples, 'batch'), { recursive: true });
  writeFileSync(join(examples, 'realtime-input.json'), JSON.stringify({ records: [] }));
  writeFileSync(join(examples, 'batch', 'part-0.json'), '{"id":"x"}\n');
  const run = (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(args, {
      home: home.path,
      cwd: project.path,
      env: { CEAP_EXAMPLES: examples, ...env },
    });
  return {
    project,
    home,
    run,
    /** Runs with --json and parses the one object it prints. */
    json: async (args: readonly string[], env: NodeJS.ProcessEnv = {}) => {
      const result = await run([...args, '--json'], env);
      return { code: result.code, body: onlyJson(result), stderr: result.stderr };
    },
    remove: () => {
      project.remove();
      home.remove();
    },
  };
}
