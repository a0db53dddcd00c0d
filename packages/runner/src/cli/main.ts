#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { Command, CommanderError, Option } from 'commander';
import type { RunnerClient } from '../client/runner-client.js';
import { createRunnerClient } from '../client/runner-client.js';
import { ExecutionStatus, Target } from '../constants.js';
import { ExecutionFailedError } from '../errors.js';
import type { ExecutionDescription } from '../execution-types.js';
import { defaultLocalBindings } from '../local/default-bindings.js';
import { LocalTarget } from '../local/local-target.js';
import { describeForHumans, errorJson, exitCodeOf, printJson, write } from './cli-output.js';
import { readInputFile } from './input-file.js';
import { ProgressRenderer } from './progress-renderer.js';
import { createStyler, executionDuration, formatDuration } from './terminal-format.js';

interface CommonOptions {
  target: 'local' | 'aws';
  json?: boolean;
  s3Endpoint?: string;
  prefix?: string;
  region?: string;
  stateMachineArn?: string;
}

let json = false;
/** Set once a command printed its JSON object, so an error does not print a second one. */
let printedJson = false;
let openClient: RunnerClient | undefined;

function clientFor(options: CommonOptions, workflow?: string): RunnerClient {
  openClient = createRunnerClient({
    target: options.target,
    local: { ...(options.s3Endpoint && { s3Endpoint: options.s3Endpoint }) },
    aws: {
      ...(options.prefix && { prefix: options.prefix }),
      ...(options.region && { region: options.region }),
      ...(options.stateMachineArn &&
        workflow && { stateMachineArns: { [workflow]: options.stateMachineArn } }),
    },
  });
  return openClient;
}

function withCommon(command: Command): Command {
  return command
    .addOption(
      new Option('--target <target>', 'where executions run')
        .choices(['local', 'aws'])
        .default('local'),
    )
    .option('--json', 'print exactly one JSON object on stdout')
    .option(
      '--s3-endpoint <url>',
      'local target: an S3-compatible endpoint instead of the embedded server',
    )
    .option('--prefix <prefix>', 'aws target: the deployment prefix of the stacks', 'dev')
    .option('--region <region>', 'aws target: the region (default: AWS_REGION)')
    .hook('preAction', (_parent, actionCommand) => {
      json = Boolean(actionCommand.opts().json);
    });
}

const program = new Command('ceap')
  .description(
    'Start, watch and read ceap executions, locally (embedded engine) or on AWS Step Functions',
  )
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  .showHelpAfterError('(run with --help for usage)');

withCommon(
  program
    .command('start')
    .description('start an execution and wait for it (progress on stderr, result on stdout)')
    .requiredOption('--workflow <name>', 'realtime or batch')
    .option(
      '--input <file>',
      'the execution input: a JSON object in FILE, or - for stdin (default: the shipped sample)',
    )
    .option('--execution-id <id>', 'the execution name: 1-80 characters of A-Z a-z 0-9 _ -')
    .option(
      '--logical-date <date>',
      "YYYY-MM-DD (default: the samples' own date; with --input, yesterday UTC for batch, today for realtime)",
    )
    .option('--no-wait', 'return once the execution has started')
    .option(
      '--state-machine-arn <arn>',
      'aws target: the state machine, instead of the stack output',
    ),
).action(
  async (
    options: CommonOptions & {
      workflow: string;
      input?: string;
      executionId?: string;
      logicalDate?: string;
      wait: boolean;
    },
  ) => {
    const input = options.input !== undefined ? await readInputFile(options.input) : undefined;
    const request = {
      workflow: options.workflow,
      ...(input && { input }),
      ...(options.executionId !== undefined && { executionId: options.executionId }),
      ...(options.logicalDate !== undefined && { logicalDate: options.logicalDate }),
    };
    if (!options.wait && options.target === Target.Local) {
      // Locally, --no-wait reserves the id here (a duplicate still exits 2) and runs it in a
      // detached worker process, whose logs go to .ceap/logs/{id}.log.
      const local = new LocalTarget(
        { ...(options.s3Endpoint && { s3Endpoint: options.s3Endpoint }) },
        defaultLocalBindings,
      );
      const reserved = await local.reserve(request);
      const worker = spawn(
        process.execPath,
        [
          ...process.execArgv,
          process.argv[1] as string,
          '__run',
          reserved.plan.executionId,
          ...(options.s3Endpoint ? ['--s3-endpoint', options.s3Endpoint] : []),
        ],
        { detached: true, stdio: 'ignore', env: { ...process.env, CEAP_HOME: local.layout.home } },
      );
      worker.unref();
      if (worker.pid !== undefined) await local.handOver(reserved, worker.pid);
      const description = await local.describe(reserved.plan.executionId);
      await finishStart(description, { wait: false });
      return;
    }
    const client = clientFor(options, options.workflow);
    const renderer = new ProgressRenderer(process.stderr);
    const handle = await client.start({
      ...request,
      ...(!json && { onProgress: (d) => renderer.update(d) }),
    });
    if (!options.wait) {
      await finishStart(await handle.describe(), { wait: false });
      return;
    }
    const stop = () => void handle.stop().catch(() => undefined);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let description: ExecutionDescription;
    try {
      description = await handle.result();
    } catch (error) {
      description = await handle.describe();
      if (!json) renderer.finish(description);
      await finishStart(description, { wait: true });
      throw error;
    }
    if (!json) renderer.finish(description);
    await finishStart(description, { wait: true });
  },
);

async function finishStart(
  description: ExecutionDescription,
  options: { wait: boolean },
): Promise<void> {
  if (json) {
    await printJson(description);
    printedJson = true;
    return;
  }
  if (!options.wait) {
    await write(
      process.stdout,
      `Execution ${description.executionId} started (${description.workflow}, ${description.target}).\nWatch it: pnpm runner status ${description.executionId}\n`,
    );
    return;
  }
  await write(process.stdout, describeForHumans(description, { table: false }));
}

withCommon(
  program
    .command('status')
    .description("an execution's status and stage table")
    .argument('<id>', 'the execution id'),
).action(async (id: string, options: CommonOptions) => {
  const description = await clientFor(options).describe(id);
  if (json) await printJson(description);
  else await write(process.stdout, describeForHumans(description, { table: true }));
  if (
    description.status !== ExecutionStatus.Succeeded &&
    description.status !== ExecutionStatus.Running
  ) {
    process.exitCode = 1;
  }
});

withCommon(
  program
    .command('list')
    .description('executions, newest first')
    .option('--workflow <name>', 'only this workflow')
    .addOption(
      new Option('--status <status>', 'only this status').choices(Object.values(ExecutionStatus)),
    )
    .option('--limit <n>', 'at most n executions', (value) => Number.parseInt(value, 10), 50),
).action(
  async (
    options: CommonOptions & {
      workflow?: string;
      status?: ExecutionDescription['status'];
      limit: number;
    },
  ) => {
    const executions = await clientFor(options).list({
      ...(options.workflow && { workflow: options.workflow }),
      ...(options.status && { status: options.status }),
      limit: options.limit,
    });
    if (json) {
      await printJson({ executions });
      return;
    }
    const style = createStyler(process.stdout);
    const rows = executions.map((e) => [
      e.executionId,
      e.workflow,
      e.status,
      e.startedAt,
      formatDuration(executionDuration(e)),
    ]);
    const header = ['EXECUTION ID', 'WORKFLOW', 'STATUS', 'STARTED', 'DURATION'];
    const widths = header.map((h, i) =>
      Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
    );
    const line = (cells: string[]) =>
      cells
        .map((c, i) => c.padEnd(widths[i] as number))
        .join('  ')
        .trimEnd();
    await write(process.stdout, `${[style.bold(line(header)), ...rows.map(line)].join('\n')}\n`);
    if (executions.length === 0) await write(process.stderr, 'no executions\n');
  },
);

withCommon(
  program
    .command('output')
    .description("a stage's records as JSON Lines on stdout (default: the last stage's output)")
    .argument('<id>', 'the execution id')
    .option('--stage <name>', 'the stage whose output to print'),
).action(async (id: string, options: CommonOptions & { stage?: string }) => {
  let count = 0;
  let chunk = '';
  for await (const record of clientFor(options).output(id, options.stage)) {
    chunk += `${JSON.stringify(record)}\n`;
    count++;
    if (chunk.length >= 64 * 1024) {
      await write(process.stdout, chunk);
      chunk = '';
    }
  }
  await write(process.stdout, chunk);
  await write(process.stderr, `${count} records\n`);
});

withCommon(
  program
    .command('graph')
    .description('the workflow as a Mermaid flowchart')
    .requiredOption('--workflow <name>', 'realtime or batch'),
).action(async (options: CommonOptions & { workflow: string }) => {
  const mermaid = clientFor(options).graph(options.workflow);
  if (json) await printJson({ workflow: options.workflow, mermaid });
  else await write(process.stdout, mermaid);
});

// The detached worker behind `start --no-wait` on the local target.
program
  .command('__run', { hidden: true })
  .argument('<id>')
  .option('--s3-endpoint <url>')
  .action(async (id: string, options: { s3Endpoint?: string }) => {
    const local = new LocalTarget(
      { ...(options.s3Endpoint && { s3Endpoint: options.s3Endpoint }) },
      defaultLocalBindings,
    );
    try {
      await (await local.resume(id)).result().catch(() => undefined);
    } finally {
      await local.close();
    }
  });

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
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    const code = exitCodeOf(error);
    if (error instanceof CommanderError) return code;
    if (json && !printedJson) await printJson(errorJson(error));
    // A failed execution was already summarized on stdout.
    if (error instanceof ExecutionFailedError && !json) return code;
    await write(
      process.stderr,
      `${createStyler(process.stderr).red('error:')} ${(error as Error).message ?? error}\n`,
    );
    return code;
  } finally {
    await openClient?.close().catch(() => undefined);
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
