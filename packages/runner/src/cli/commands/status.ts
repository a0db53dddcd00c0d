import type { Command } from 'commander';
import { ExecutionStatus, ExitCode } from '../../constants.js';
import { describeForHumans, write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';
import { costBrief, costBriefLine } from '../cost-format.js';

/** `status ID`: the execution's status and stage table; exit 1 when it ended without success. */
export function registerStatusCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('status')
      .description("an execution's status and stage table")
      .argument('<id>', 'the execution id'),
  ).action(async (id: string, options: CommonOptions) => {
    const client = session.clientFor(options);
    const description = await client.describe(id);
    const cost = await costBrief(client, id);
    if (session.json) await session.printJson({ ...description, ...(cost && { cost }) });
    else {
      const costLine = cost ? costBriefLine(cost, id) : '';
      await write(process.stdout, describeForHumans(description, { table: true }) + costLine);
    }
    if (
      description.status !== ExecutionStatus.Succeeded &&
      description.status !== ExecutionStatus.Running
    ) {
      process.exitCode = ExitCode.ExecutionFailed;
    }
  });
}
