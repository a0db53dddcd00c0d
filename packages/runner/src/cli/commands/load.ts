import type { Command } from 'commander';
import { Target } from '../../constants.js';
import { loadPrices } from '../../cost/prices-file.js';
import { DEFAULT_LOAD_CONCURRENCY } from '../../load/load-request.js';
import { LOAD_LIMITS, type LoadReport } from '../../load/load-types.js';
import { runLocalLoad } from '../../load/local-load.js';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';
import { positiveInteger } from '../option-values.js';

interface LoadOptions extends CommonOptions {
  readonly workflow: string;
  readonly messages: number;
  readonly concurrency: number;
  readonly prices?: string;
}

/**
 * `load --workflow W --messages N [--concurrency C]`: a bounded load test. Locally every message
 * runs through the engine as `send` delivers it; on AWS the messages go to the workflow's queue.
 * Exit 1 when a run failed or a record was lost.
 */
export function registerLoadCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('load')
      .description(
        `send N generated messages through a workflow and report throughput, latency, failures, lost records and cost (N ≤ ${LOAD_LIMITS.messages}, C ≤ ${LOAD_LIMITS.concurrency})`,
      )
      .requiredOption('--workflow <name>', 'the workflow, e.g. realtime')
      .requiredOption('--messages <n>', 'messages to send, one record each', positiveInteger)
      .option(
        '--concurrency <n>',
        'runs (local) or SendMessageBatch calls (aws) in flight',
        positiveInteger,
        DEFAULT_LOAD_CONCURRENCY,
      )
      .option(
        '--prices <file>',
        'a JSON file of prices over the built-in table (also CEAP_PRICES)',
      ),
  ).action(async (options: LoadOptions) => {
    const prices = await loadPrices(options.prices);
    const client = session.clientFor(options);
    const request = {
      workflow: options.workflow,
      messages: options.messages,
      concurrency: options.concurrency,
      prices,
      ...(!session.json && {
        onProgress: (done: number, total: number) => {
          if (done % 50 === 0 || done === total) process.stderr.write(`${done}/${total}\n`);
        },
      }),
    };
    const report =
      options.target === Target.Aws
        ? await sqsLoad().runSqsLoad(request, {
            ...(options.prefix && { prefix: options.prefix }),
            ...(options.region && { region: options.region }),
            estimate: async (runs) =>
              (await client.projectCost({ workflow: options.workflow, runs, prices })).ceap,
          })
        : await runLocalLoad(client, request);
    if (session.json) await session.printJson(report);
    else await write(process.stdout, loadText(report));
    if (report.failures > 0 || (report.lostRecords ?? 0) !== 0) process.exitCode = 1;
  });
}

function loadText(report: LoadReport): string {
  const latency = report.latencyMs
    ? `p50 ${report.latencyMs.p50} ms, p95 ${report.latencyMs.p95} ms, p99 ${report.latencyMs.p99} ms`
    : 'not measured';
  const accounted =
    report.lostRecords === undefined
      ? ''
      : `Records: ${report.recordsSent} sent, ${report.recordsOut} out, ${report.rejected} rejected, ${report.filtered} filtered, ${report.lostRecords} lost\n`;
  return [
    `Load ${report.testRunId}: ${report.messages} messages to ${report.workflow} (${report.target}), concurrency ${report.concurrency}`,
    `Throughput: ${report.throughputPerSecond} messages/s (${report.durationMs} ms)`,
    `Latency: ${latency}`,
    `Failures: ${report.failures}`,
    `${accounted}Estimated cost: $${report.estimatedCost.total}`,
    ...report.notes.map((note) => `  - ${note}`),
    '',
  ].join('\n');
}

/**
 * The SQS harness, loaded only for `--target aws`: a static import would load the SQS and
 * CloudFormation clients at every start of the CLI.
 */
function sqsLoad(): typeof import('../../load/sqs-load.js') {
  return require('../../load/sqs-load.js') as typeof import('../../load/sqs-load.js');
}
