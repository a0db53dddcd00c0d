import type { Command } from 'commander';
import {
  describeProblem,
  validateProject,
  type WorkflowValidation,
} from '../../config/project-validation.js';
import { ConfigFileError, RunnerUsageError } from '../../errors.js';
import { write } from '../cli-output.js';
import { type CliSession, withCommonOptions } from '../cli-session.js';
import { SHIPPED_SOURCE } from './workflows.js';

/**
 * `validate`: compiles every workflow of the project and checks that each step's stage or Glue
 * job is bound; prints each problem with its file, workflow and step. Exits 0 when every
 * workflow is valid, 2 otherwise.
 */
export function registerValidateCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('validate')
      .description('compile every workflow and check its stages are bound (exit 2 on a problem)'),
  ).action(async () => {
    const project = session.project.get();
    const reports = validateProject(project);
    const problems = reports.flatMap((report) => report.problems);
    const config = project.configFile ?? null;
    if (session.json) {
      await session.printJson({ config, valid: problems.length === 0, workflows: reports });
    } else {
      await write(process.stdout, describeReports(config ?? SHIPPED_SOURCE, reports));
    }
    if (problems.length === 0) return;
    const reason = `has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((p) => describeProblem({ ...p, file: undefined })).join('; ')}`;
    throw config === null
      ? new RunnerUsageError(`the shipped workflows ${reason}`)
      : new ConfigFileError(config, reason);
  });
}

function describeReports(source: string, reports: readonly WorkflowValidation[]): string {
  const lines = [`Workflows of ${source}:`];
  for (const report of reports) {
    const barriers = report.barriers.length;
    lines.push(
      report.valid
        ? `  ok      ${report.workflow}${barriers > 0 ? ` (${barriers} barrier${barriers === 1 ? '' : 's'} added: not series-parallel)` : ''}`
        : `  INVALID ${report.workflow}`,
    );
    for (const problem of report.problems) lines.push(`          ${describeProblem(problem)}`);
  }
  const invalid = reports.filter((report) => !report.valid).length;
  lines.push(
    invalid === 0
      ? `${reports.length} workflow${reports.length === 1 ? '' : 's'} valid`
      : `${invalid} of ${reports.length} workflow${reports.length === 1 ? '' : 's'} invalid`,
  );
  return `${lines.join('\n')}\n`;
}
