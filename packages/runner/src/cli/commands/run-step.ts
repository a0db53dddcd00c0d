import type { Command } from 'commander';
import type { StepTestRun } from '../../client/run-step-types.js';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';
import { wholeNumber } from '../option-values.js';

interface RunStepOptions extends CommonOptions {
  readonly executionId: string;
  readonly iteration?: number;
}

/**
 * `run-step WORKFLOW STEP --execution-id ID [--iteration N]`: runs one step again on the input
 * an existing execution gave it (`airflow tasks test`), under `{step}/test-{n}/`, and prints its
 * counts and first rejects; with `--json`, the {@link StepTestRun} as one object. Exit 0 when the
 * stage succeeds, 1 when it fails, 2 for a bad workflow, step, id or iteration.
 */
export function registerRunStepCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('run-step')
      .description(
        "run one step again on an execution's inputs, writing under {step}/test-{n}/ (like airflow tasks test)",
      )
      .argument('<workflow>', 'the workflow')
      .argument('<step>', 'a Lambda or Map step of the workflow')
      .requiredOption('--execution-id <id>', 'the execution whose inputs the step reads')
      .option('--iteration <n>', "a Map step's iteration (part index) only", wholeNumber),
  ).action(async (workflow: string, step: string, options: RunStepOptions) => {
    const run = await session.clientFor(options).runStep({
      workflow,
      step,
      executionId: options.executionId,
      ...(options.iteration !== undefined && { iteration: options.iteration }),
    });
    if (session.json) {
      await session.printJson({ ...run });
      return;
    }
    await write(process.stdout, summary(run));
  });
}

function summary(run: StepTestRun): string {
  const byReason = (counts: Readonly<Record<string, number>>) =>
    Object.entries(counts)
      .map(([reason, count]) => ` ${reason}=${count}`)
      .join('');
  const lines = [
    `${run.step} test-${run.testRun} of execution ${run.executionId} (${run.workflow}, ${run.target}) SUCCEEDED`,
    ...(run.iterations ? [`iterations: ${run.iterations.join(', ')}`] : []),
    `received=${run.received} out=${run.records} rejected=${run.rejected} filtered=${run.filtered}`,
    ...(run.rejected > 0 ? [`rejected by reason:${byReason(run.rejectedBy)}`] : []),
    ...(run.filtered > 0 ? [`filtered by reason:${byReason(run.filteredBy)}`] : []),
    `Output: ${run.folder}`,
  ];
  if (run.rejects.length > 0) {
    lines.push(`First ${run.rejects.length} of ${run.rejected} rejects:`);
    for (const reject of run.rejects) lines.push(JSON.stringify(reject));
  }
  return `${lines.join('\n')}\n`;
}
