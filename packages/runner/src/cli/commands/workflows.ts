import type { Workflow } from '@ceap/core/workflow';
import type { Command } from 'commander';
import { write } from '../cli-output.js';
import { type CliSession, withCommonOptions } from '../cli-session.js';
import { renderTable } from '../table.js';

/** Where the shipped workflows come from, in place of a config file. */
export const SHIPPED_SOURCE = '(shipped: @ceap/stages)';

/** One row of `workflows`. */
export interface WorkflowListing {
  readonly name: string;
  readonly type: Workflow['type'];
  readonly steps: number;
  readonly schedule: Workflow['schedule'] | null;
  readonly description?: string;
  /** The config file it came from; null for a shipped workflow. */
  readonly config: string | null;
}

/**
 * `workflows`: the workflows this project knows (its `ceap.config.*`, or the shipped ones),
 * with their type, steps, schedule and the file they came from.
 */
export function registerWorkflowsCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('workflows')
      .description("list the project's workflows: ceap.config.* (or --config), else the shipped"),
  ).action(async () => {
    const project = session.project.get();
    const config = project.configFile ?? null;
    const listed: WorkflowListing[] = Object.values(project.workflows).map((workflow) => ({
      name: workflow.name,
      type: workflow.type,
      steps: workflow.steps.length,
      schedule: workflow.schedule ?? null,
      ...(workflow.description !== undefined && { description: workflow.description }),
      config,
    }));
    if (session.json) {
      await session.printJson({ config, workflows: listed });
      return;
    }
    const rows = listed.map((w) => [
      w.name,
      w.type,
      String(w.steps),
      w.schedule ? `${w.schedule.expression} ${w.schedule.timeZone}` : '-',
      w.config ?? SHIPPED_SOURCE,
    ]);
    const columns = ['WORKFLOW', 'TYPE', 'STEPS', 'SCHEDULE', 'CONFIG'].map((title) => ({
      title,
      ...(title === 'STEPS' && { align: 'right' as const }),
    }));
    const table = renderTable(columns, rows);
    await write(process.stdout, `${table.join('\n')}\n`);
  });
}
