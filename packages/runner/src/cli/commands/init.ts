import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { RunnerUsageError } from '../../errors.js';
import { invocationDirectory } from '../../local/ceap-home.js';
import { runnerVersion } from '../../scaffold/runner-version.js';
import { type ScaffoldResult, scaffoldProject } from '../../scaffold/scaffold-project.js';
import { write } from '../cli-output.js';
import type { CliSession } from '../cli-session.js';

interface InitOptions {
  readonly force?: boolean;
  readonly json?: boolean;
}

/**
 * `init [DIR]`: scaffolds a standalone ceap project in DIR (default: here), its `@ceap/*`
 * dependencies pinned to this runner's version. A folder that holds files is refused, exit 2
 * naming it, unless `--force`.
 */
export function registerInitCommand(program: Command, session: CliSession): void {
  program
    .command('init')
    .description(
      'scaffold a ceap project: config, a stage of your own, sample input, test, CDK app',
    )
    .argument('[dir]', 'the project folder, created when missing (default: the current folder)')
    .option('--force', "write into a folder that is not empty (the scaffold's files are replaced)")
    .option('--json', 'print exactly one JSON object on stdout')
    .action(async (dir: string | undefined, options: InitOptions) => {
      if (dir !== undefined && dir.trim() === '') {
        throw new RunnerUsageError('DIR must be a folder path, got an empty string');
      }
      const here = invocationDirectory();
      const result = scaffoldProject({
        directory: resolve(here, dir ?? '.'),
        force: options.force ?? false,
        ceapVersion: runnerVersion(),
      });
      if (session.json) await session.printJson(result);
      else await write(process.stdout, describeScaffold(result, relative(here, result.directory)));
    });
}

function describeScaffold(result: ScaffoldResult, shownDirectory: string): string {
  const lines = [`Created the ceap project ${result.name} in ${result.directory}:`];
  for (const file of result.files) lines.push(`  ${file}`);
  lines.push('', 'Next:');
  if (shownDirectory !== '') lines.push(`  cd ${shownDirectory}`);
  lines.push(
    `  npm install && npm start    # runs the ${result.workflow} workflow locally`,
    '  npm test                    # its jest test, on the local engine',
  );
  return `${lines.join('\n')}\n`;
}
