import pLimit from 'p-limit';
import type { RunnerClient } from '../client/runner-client.js';
import { ExecutionStatus } from '../constants.js';
import { AMOUNT_SCALE } from '../cost/cost-lines.js';
import { formatDecimal } from '../cost/decimal.js';
import type { ExecutionDescription } from '../execution-types.js';
import { loadMessageBody, newTestRunId, percentile, RECORDS_PER_MESSAGE } from './load-messages.js';
import { checkLoadRequest } from './load-request.js';
import type { LoadReport, LoadRequest } from './load-types.js';

interface RunOutcome {
  readonly latencyMs: number;
  readonly description?: ExecutionDescription;
  readonly costNanoUsd: number;
}

/**
 * Sends N generated messages through the local engine as `ceap send` does (each its own
 * execution, as the pipe delivers a batch of one), at most `concurrency` runs at once, waits
 * for every run, and accounts for every record from the runs' step results.
 */
export async function runLocalLoad(
  client: RunnerClient,
  request: LoadRequest,
): Promise<LoadReport> {
  const { messages, concurrency } = checkLoadRequest(request);
  const testRunId = request.testRunId ?? newTestRunId();
  const limit = pLimit(concurrency);
  const now = new Date();
  const started = performance.now();
  let done = 0;
  const outcomes = await Promise.all(
    Array.from({ length: messages }, (_, index) =>
      limit(async (): Promise<RunOutcome> => {
        const body = loadMessageBody(testRunId, index, now);
        const sentAt = performance.now();
        const outcome = await sendOne(client, request.workflow, body);
        request.onProgress?.(++done, messages);
        return { ...outcome, latencyMs: performance.now() - sentAt };
      }),
    ),
  );
  const durationMs = performance.now() - started;
  return summarize(request, testRunId, concurrency, outcomes, durationMs);
}

async function sendOne(
  client: RunnerClient,
  workflow: string,
  body: string,
): Promise<Omit<RunOutcome, 'latencyMs'>> {
  const sent = await client.send({ workflow, bodies: [body] });
  const description = sent.handle
    ? await sent.handle.result().catch(() => sent.handle?.describe())
    : sent.processed;
  if (!description) return { costNanoUsd: 0 };
  const cost = await client.cost(description.executionId).catch(() => undefined);
  return { description, costNanoUsd: cost?.totalNanoUsd ?? 0 };
}

function summarize(
  request: LoadRequest,
  testRunId: string,
  concurrency: number,
  outcomes: readonly RunOutcome[],
  durationMs: number,
): LoadReport {
  let recordsOut = 0;
  let rejected = 0;
  let filtered = 0;
  let failures = 0;
  let sentInSucceeded = 0;
  for (const { description } of outcomes) {
    if (description?.status !== ExecutionStatus.Succeeded) {
      failures += 1;
      continue;
    }
    sentInSucceeded += RECORDS_PER_MESSAGE;
    recordsOut += description.stages.at(-1)?.records ?? 0;
    for (const stage of description.stages) {
      rejected += stage.rejected ?? 0;
      filtered += stage.filtered ?? 0;
    }
  }
  const latencies = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const costNanoUsd = outcomes.reduce((sum, o) => sum + o.costNanoUsd, 0);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    workflow: request.workflow,
    target: 'local',
    testRunId,
    messages: outcomes.length,
    concurrency,
    recordsSent: outcomes.length * RECORDS_PER_MESSAGE,
    durationMs: Math.round(durationMs),
    throughputPerSecond: round((outcomes.length * 1000) / Math.max(1, durationMs)),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
    },
    failures,
    recordsOut,
    rejected,
    filtered,
    lostRecords: sentInSucceeded - (recordsOut + rejected + filtered),
    estimatedCost: {
      total: formatDecimal({ units: BigInt(costNanoUsd), scale: AMOUNT_SCALE }, 2),
      totalNanoUsd: costNanoUsd,
    },
    notes: [
      'latency: from a message sent to its run ended, through the local engine and embedded S3',
      'records out: the last step of each succeeded run; rejected and filtered: every step',
      'cost: each run priced as `ceap cost` prices it (the built-in table or --prices), added up',
    ],
  };
}
