import type { Command } from 'commander';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';

/**
 * `graph --workflow W [--states]`: the workflow's DAG of steps as a Mermaid flowchart, or its
 * compiled state machine state by state.
 */
export function registerGraphCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('graph')
      .description('the workflow as a Mermaid flowchart: its steps, or with --states its states')
      .requiredOption('--workflow <name>', 'the workflow, e.g. realtime, batch or guarded-batch')
      .option('--states', 'draw the compiled state machine state by state'),
  ).action(async (options: CommonOptions & { workflow: string; states?: boolean }) => {
    const mermaid = session
      .clientFor(options)
      .graph(options.workflow, { states: options.states === true });
    if (session.json) await session.printJson({ workflow: options.workflow, mermaid });
    else await write(process.stdout, mermaid);
  });
}
