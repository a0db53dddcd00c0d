import { DEFAULT_DEPLOYMENT_PREFIX } from '@ceap/core';
import { type Command, Option } from 'commander';
import { createRunnerClient, type RunnerClient } from '../client/runner-client.js';
import { Target } from '../constants.js';
import type { ExecutionHandle } from '../execution-types.js';
import { write } from './cli-output.js';
import { CliProject } from './cli-project.js';
import { positiveInteger } from './option-values.js';

/** The options every command takes. */
export interface CommonOptions {
  readonly target: Target;
  readonly json?: boolean;
  readonly s3Endpoint?: string;
  readonly maxActiveRuns?: number;
  readonly prefix?: string;
  readonly region?: string;
}

/**
 * What one CLI process shares across its command: whether it prints JSON, whether that JSON
 * was printed, and the one client it opened (closed when the command ends).
 */
export class CliSession {
  /** `--json`: exactly one JSON object goes to stdout, errors included. */
  readonly json: boolean;
  /** The project's config (`--config`, or the `ceap.config.*` found), loaded when first used. */
  readonly project = new CliProject();
  private printedJson = false;
  private client?: RunnerClient;

  constructor(argv: readonly string[]) {
    // Read from argv, not from the parsed options, so a parse error still answers in JSON.
    this.json = argv.slice(2).includes('--json');
  }

  /** The client for a command's options; `stateMachineArns` only for the AWS target. */
  clientFor(
    options: CommonOptions,
    stateMachineArns?: Readonly<Record<string, string>>,
  ): RunnerClient {
    const project = this.project.clientOptions();
    this.client = createRunnerClient({
      target: options.target,
      ...(project.workflows && { workflows: project.workflows }),
      local: {
        ...project.local,
        ...(options.s3Endpoint && { s3Endpoint: options.s3Endpoint }),
        ...(options.maxActiveRuns && { maxActive: options.maxActiveRuns }),
      },
      aws: {
        ...(options.prefix && { prefix: options.prefix }),
        ...(options.region && { region: options.region }),
        ...(stateMachineArns && { stateMachineArns }),
      },
    });
    return this.client;
  }

  /** Prints one JSON object on one line; once printed, later calls print nothing. */
  async printJson(value: unknown): Promise<void> {
    if (this.printedJson) return;
    this.printedJson = true;
    await write(process.stdout, `${JSON.stringify(value)}\n`);
  }

  /** Waits for the client's runs, then stops what it started (the embedded S3 server). */
  async close(): Promise<void> {
    await this.client?.close().catch(() => undefined);
  }
}

/** Adds the options every command takes: `--target`, `--json` and the targets' own. */
export function withCommonOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--target <target>', 'where executions run')
        .choices(Object.values(Target))
        .default(Target.Local),
    )
    .option('--json', 'print exactly one JSON object on stdout')
    .option(
      '--s3-endpoint <url>',
      'local target: an S3-compatible endpoint instead of the embedded server',
    )
    .option(
      '--max-active-runs <n>',
      'local target: executions this process runs at once, the others wait (default: CEAP_MAX_ACTIVE, else 4 per core)',
      positiveInteger,
    )
    .option(
      '--prefix <prefix>',
      'aws target: the deployment prefix of the stacks',
      DEFAULT_DEPLOYMENT_PREFIX,
    )
    .option('--region <region>', 'aws target: the region (default: AWS_REGION)');
}

/** Stops, on Ctrl-C or SIGTERM, the execution this process starts and waits for. */
export interface SignalStop {
  /** The execution to stop; a signal that came before it was started stops it at once. */
  attach(handle: ExecutionHandle): void;
}

/**
 * Ctrl-C (SIGINT) or SIGTERM stops the execution this process waits for: it ends ABORTED. The
 * handlers go in before the execution starts, so a signal in the moment between its start and
 * the wait is not lost; a second signal while the stop is under way is ignored rather than
 * killing the process, so the run's record is always written.
 */
export function stopOnSignals(): SignalStop {
  let handle: ExecutionHandle | undefined;
  let requested = false;
  let stopping = false;
  const stop = () => {
    requested = true;
    if (stopping || !handle) return;
    stopping = true;
    void handle.stop().catch(() => undefined);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return {
    attach(started) {
      handle = started;
      if (requested) stop();
    },
  };
}
