import type { Command } from 'commander';
import { RunnerUsageError } from '../../errors.js';
import { clockFrom } from '../../schedule/clock.js';
import { createScheduleStore } from '../../schedule/schedule-store.js';
import type { UiServer } from '../../ui/ui-server.js';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';

interface UiOptions extends CommonOptions {
  readonly port: string;
  readonly host: string;
  readonly allowRemote?: boolean;
  readonly showValues?: boolean;
}

/**
 * `ui [--port 8080] [--host 127.0.0.1]`: serves the web UI over the same client as every other
 * command, until Ctrl-C. The server is loaded only here, so no other command (and no program
 * using the client) pays for it.
 */
export function registerUiCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('ui')
      .description('serve the web UI: workflows, the grid of runs, each run and step, actions')
      .option('--port <port>', 'the port to listen on (0: any free one)', '8080')
      .option('--host <host>', 'the address to listen on', '127.0.0.1')
      .option('--allow-remote', 'accept a --host that is not loopback: other machines can reach it')
      .option('--show-values', 'show record values unmasked (emails, phones, names)'),
  ).action(async (options: UiOptions) => {
    const port = Number(options.port);
    if (!/^\d+$/.test(options.port) || port > 65_535) {
      throw new RunnerUsageError(
        `--port ${JSON.stringify(options.port)} must be a whole number from 0 to 65535`,
      );
    }
    const client = session.clientFor(options);
    // The store `ceap schedule` uses, for this home or deployment.
    const home = session.project.clientOptions().local.home;
    const scheduleStore = createScheduleStore(options.target, {
      ...(home !== undefined && { home }),
      aws: {
        ...(options.prefix && { prefix: options.prefix }),
        ...(options.region && { region: options.region }),
      },
    });
    const { startUiServer } =
      require('../../ui/ui-server.js') as typeof import('../../ui/ui-server.js');
    const server: UiServer = await startUiServer({
      client,
      workflows: session.project.get().workflows,
      host: options.host,
      port,
      allowRemote: options.allowRemote ?? false,
      showValues: options.showValues ?? false,
      scheduleStore,
      now: clockFrom(),
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE' && error.code !== 'EADDRNOTAVAIL') throw error;
      throw new RunnerUsageError(
        `--host ${options.host} --port ${options.port}: ${error.code === 'EADDRINUSE' ? 'the port is in use; choose another --port (0: any free one)' : 'no such address on this machine'}`,
        { cause: error },
      );
    });
    if (options.allowRemote) {
      await write(
        process.stderr,
        `warning: ceap ui listens on ${options.host}: anyone who can reach this address can read runs and records; actions still need the page's token\n`,
      );
    }
    if (session.json) await session.printJson({ url: server.url });
    else
      await write(
        process.stdout,
        `ceap ui: ${server.url} (${client.target} target; Ctrl-C to stop)\n`,
      );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
  });
}
