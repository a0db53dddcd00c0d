import type { Command } from 'commander';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';

/** `graph --workflow W`: the compiled definition as a Mermaid flowchart. */
export function registerGraphCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('graph')
      .description('the workflow as a Mermaid flowchart')
      .requiredOption('--workflow <name>', 'realtime or batch'),
  ).action(async (options: CommonOptions & { workflow: string }) => {
    const mermaid = session.clientFor(options).graph(options.workflow);
    if (session.json) await session.printJson({ workflow: options.workflow, mermaid });
    else await write(process.stdout, mermaid);
  });
}
