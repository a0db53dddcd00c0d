import type { Command } from 'commander';
import { loadPrices } from '../../cost/prices-file.js';
import { RunnerUsageError } from '../../errors.js';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';
import { costText } from '../cost-format.js';
import { positiveInteger } from '../option-values.js';

interface CostOptions extends CommonOptions {
  readonly workflow?: string;
  readonly runs?: number;
  readonly records?: number;
  readonly prices?: string;
}

/**
 * `cost ID`: one execution's cost, line by line, from what it used. `cost --workflow W --runs N`:
 * N runs projected, next to a month of an always-on MWAA environment.
 */
export function registerCostCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('cost')
      .description(
        "an execution's cost from its usage, or (--workflow W --runs N) N runs projected next to MWAA",
      )
      .argument('[id]', 'the execution id')
      .option('--workflow <name>', 'project runs of this workflow (with --runs)')
      .option('--runs <n>', 'runs in a month, for the projection', positiveInteger)
      .option('--records <n>', 'records per run, for the projection', positiveInteger)
      .option(
        '--prices <file>',
        'a JSON file of prices over the built-in table (also CEAP_PRICES)',
      ),
  ).action(async (id: string | undefined, options: CostOptions) => {
    const prices = await loadPrices(options.prices);
    const client = session.clientFor(options);
    if (id !== undefined) {
      if (options.workflow !== undefined || options.runs !== undefined) {
        throw new RunnerUsageError(
          'cost: give an execution id, or --workflow and --runs, not both',
        );
      }
      const cost = await client.cost(id, prices);
      if (session.json) await session.printJson(cost);
      else
        await write(
          process.stdout,
          costText(cost, `Execution ${id} (${cost.workflow}, ${cost.type}) ${cost.status}`),
        );
      return;
    }
    if (options.workflow === undefined || options.runs === undefined) {
      throw new RunnerUsageError('cost: give an execution id, or --workflow W and --runs N');
    }
    const projection = await client.projectCost({
      workflow: options.workflow,
      runs: options.runs,
      ...(options.records !== undefined && { records: options.records }),
      prices,
    });
    if (session.json) {
      await session.printJson(projection);
      return;
    }
    const heading = `${projection.runs.toLocaleString('en-US')} runs of ${projection.workflow} (${projection.type}), ${projection.recordsPerRun.toLocaleString('en-US')} records each`;
    await write(process.stdout, costText(projection.ceap, `ceap: ${heading}`));
    await write(process.stdout, `\n${costText(projection.mwaa, 'MWAA, the same month')}`);
  });
}
