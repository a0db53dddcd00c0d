import {
  CloudWatchLogsClient,
  type FilteredLogEvent,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GlueClient } from '@aws-sdk/client-glue';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import type { JsonRecord } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import type { LogsRequest } from '../client/execution-logs.js';
import { RunnerUsageError } from '../errors.js';
import { callAws } from './aws-errors.js';
import { type LogSource, LogSources } from './aws-log-sources.js';
import type { BackoffOptions } from './aws-target-options.js';
import { HistoryReader } from './history-reader.js';

const TERMINAL = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionAborted',
]);

/** What {@link AwsLogReader} is built with; clients not given are made on first use. */
export interface AwsLogReaderOptions {
  readonly sfn: SFNClient;
  readonly region?: string;
  readonly clients?: {
    readonly logs?: CloudWatchLogsClient;
    readonly lambda?: LambdaClient;
    readonly glue?: GlueClient;
  };
  readonly wait: (ms: number) => Promise<void>;
  readonly backoff?: BackoffOptions;
}

/** The execution whose logs to read. */
export interface LoggedExecution {
  readonly workflow: Workflow;
  readonly executionId: string;
  readonly executionArn: string;
}

/**
 * Reads a Standard execution's logs from CloudWatch Logs: the log groups of its steps (see
 * `LogSources`), each read with FilterLogEvents page by page (nextToken), merged in time order.
 * A pino line comes back as its JSON object; any other line (Lambda's START/END/REPORT, a Glue
 * driver's) as `{ time, msg }`; each carries `stage` (the step) and `logGroup`. With `follow`
 * it reads on, with backoff (1 s, ×1.5, capped at 60 s by default), until the execution ends.
 */
export class AwsLogReader {
  private logsClient?: CloudWatchLogsClient;
  private lambdaClient?: LambdaClient;
  private glueClient?: GlueClient;
  private readonly sources: LogSources;

  constructor(private readonly options: AwsLogReaderOptions) {
    const { region, clients } = options;
    this.sources = new LogSources({
      lambda: () => {
        this.lambdaClient ??= clients?.lambda ?? new LambdaClient({ region });
        return this.lambdaClient;
      },
      glue: () => {
        this.glueClient ??= clients?.glue ?? new GlueClient({ region });
        return this.glueClient;
      },
    });
  }

  async *read(execution: LoggedExecution, request: LogsRequest): AsyncGenerator<JsonRecord> {
    const { workflow, executionId, executionArn } = execution;
    const { step } = request;
    if (step !== undefined && !workflow.steps.some((candidate) => candidate.name === step)) {
      throw new RunnerUsageError(
        `--step ${JSON.stringify(step)} is not a step of ${workflow.name}; expected one of: ${workflow.steps.map((s) => s.name).join(', ')}`,
      );
    }
    const history = new HistoryReader(this.options.sfn, executionId, executionArn);
    const seen = new Set<string>();
    const newest = new Map<string, number>();
    const { initialMs = 1000, factor = 1.5, maxMs = 60_000 } = this.options.backoff ?? {};
    for (let delay = initialMs; ; delay = Math.min(delay * factor, maxMs)) {
      const events: HistoryEvent[] = await history.read();
      const ended = events.some((event) => TERMINAL.has(event.type ?? ''));
      const lines: Array<{ at: number; line: JsonRecord }> = [];
      for (const source of await this.sources.of(executionId, events, step)) {
        // A poll reads on from the newest line seen (lines of that same millisecond are seen).
        const key = `${source.logGroupName} ${source.logStreamNamePrefix} ${source.filterPattern}`;
        const startTime = Math.max(source.startTime, newest.get(key) ?? 0);
        for await (const event of this.filter({ ...source, startTime })) {
          if (seen.has(event.eventId ?? '')) continue;
          seen.add(event.eventId ?? '');
          newest.set(key, Math.max(newest.get(key) ?? 0, event.timestamp ?? 0));
          lines.push({ at: event.timestamp ?? 0, line: toLine(event, source) });
        }
      }
      lines.sort((a, b) => a.at - b.at);
      for (const { line } of lines) yield line;
      if (!request.follow || ended) return;
      await this.options.wait(delay);
    }
  }

  close(): void {
    if (!this.options.clients?.logs) this.logsClient?.destroy();
    if (!this.options.clients?.lambda) this.lambdaClient?.destroy();
    if (!this.options.clients?.glue) this.glueClient?.destroy();
  }

  /** Every event of one source, page by page. */
  private async *filter(source: LogSource): AsyncGenerator<FilteredLogEvent> {
    this.logsClient ??=
      this.options.clients?.logs ?? new CloudWatchLogsClient({ region: this.options.region });
    const logs = this.logsClient;
    let nextToken: string | undefined;
    do {
      const page = await callAws(
        {
          operation: 'FilterLogEvents',
          resource: `log group ${source.logGroupName} (step ${source.step})`,
        },
        () =>
          logs.send(
            new FilterLogEventsCommand({
              logGroupName: source.logGroupName,
              startTime: source.startTime,
              ...(source.endTime !== undefined && { endTime: source.endTime }),
              ...(source.logStreamNamePrefix && {
                logStreamNamePrefix: source.logStreamNamePrefix,
              }),
              ...(source.filterPattern && { filterPattern: source.filterPattern }),
              ...(nextToken && { nextToken }),
            }),
          ),
      );
      yield* page.events ?? [];
      nextToken = page.nextToken;
    } while (nextToken);
  }
}

/** A log event as a log line: a pino line's own object, or the text with its time. */
function toLine(event: FilteredLogEvent, source: LogSource): JsonRecord {
  const text = (event.message ?? '').trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const own =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as JsonRecord)
      : { time: new Date(event.timestamp ?? 0).toISOString(), msg: text };
  return { stage: source.step, ...own, logGroup: source.logGroupName };
}
