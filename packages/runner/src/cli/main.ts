#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ExecutionFailedError } from '../errors.js';
import { errorJson, exitCodeOf, write } from './cli-output.js';
import { CliSession } from './cli-session.js';
import { registerBackfillCommand } from './commands/backfill.js';
import { registerCleanCommand } from './commands/clean.js';
import { registerCostCommand } from './commands/cost.js';
import { registerGraphCommand } from './commands/graph.js';
import { registerInitCommand } from './commands/init.js';
import { registerListCommand } from './commands/list.js';
import { registerLoadCommand } from './commands/load.js';
import { registerLogsCommand } from './commands/logs.js';
import { registerOutputCommand } from './commands/output.js';
import { registerRedriveCommand } from './commands/redrive.js';
import { registerRejectsCommand } from './commands/rejects.js';
import { registerRunStepCommand } from './commands/run-step.js';
import { registerRunWorkerCommand } from './commands/run-worker.js';
import { registerScheduleCommand } from './commands/schedule.js';
import { registerSchedulerCommand } from './commands/scheduler.js';
import { registerSendCommand } from './commands/send.js';
import { registerStartCommand } from './commands/start.js';
import { registerStatusCommand } from './commands/status.js';
import { registerStopCommand } from './commands/stop.js';
import { registerUiCommand } from './commands/ui.js';
import { registerValidateCommand } from './commands/validate.js';
import { registerWorkflowsCommand } from './commands/workflows.js';
import { createStyler } from './terminal-format.js';

/** @ceap/runner's version, read from its package.json (beside src/ and dist/ alike). */
const CLI_VERSION = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

function buildProgram(session: CliSession): Command {
  const program = new Command('ceap')
    .description(
      'Start, watch and read ceap executions, locally (embedded engine) or on AWS Step Functions',
    )
    .version(CLI_VERSION, '-V, --version', 'print the version of @ceap/runner')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showHelpAfterError('(run with --help for usage)')
    .option('--config <file>', 'the project config (default: the ceap.config.* found above here)')
    .hook('preAction', () => session.project.useConfigOption(program.opts().config));
  for (const register of [
    registerStartCommand,
    registerSendCommand,
    registerStatusCommand,
    registerStopCommand,
    registerRedriveCommand,
    registerBackfillCommand,
    registerScheduleCommand,
    registerSchedulerCommand,
    registerListCommand,
    registerLoadCommand,
    registerOutputCommand,
    registerRejectsCommand,
    registerRunStepCommand,
    registerLogsCommand,
    registerCleanCommand,
    registerCostCommand,
    registerGraphCommand,
    registerWorkflowsCommand,
    registerValidateCommand,
    registerInitCommand,
    registerUiCommand,
    registerRunWorkerCommand,
  ]) {
    register(program, session);
  }
  return program;
}

/** The one place an error becomes an exit code (and, under --json, one JSON object). */
async function reportError(session: CliSession, error: unknown): Promise<number> {
  const code = exitCodeOf(error);
  // Commander printed its own message; help and --version end with 0 and print no JSON.
  if (error instanceof CommanderError) {
    if (session.json && code !== 0) await session.printJson(errorJson(error));
    return code;
  }
  if (session.json) await session.printJson(errorJson(error));
  // A failed execution was already summarized on stdout.
  if (error instanceof ExecutionFailedError && !session.json) return code;
  const message = error instanceof Error ? error.message : String(error);
  await write(process.stderr, `${createStyler(process.stderr).red('error:')} ${message}\n`);
  return code;
}

/** Keeps Node's warnings, except the AWS SDK's notice about Node 20, which says nothing about the run. */
function quietNodeVersionNotice(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (!`${warning.name} ${warning.message}`.includes('NodeVersionSupportWarning'))
      process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}

async function main(argv: string[]): Promise<number> {
  quietNodeVersionNotice();
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  const session = new CliSession(argv);
  try {
    await buildProgram(session).parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    return reportError(session, error);
  } finally {
    await session.close();
  }
}

/** Resolves once everything written to a stream so far has reached the OS (a pipe may queue writes). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

void main(process.argv).then(async (code) => {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
});
