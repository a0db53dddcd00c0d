import type { S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
  type SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { Workflow } from '@ceap/core/workflow';
import { executionFailure } from '../client/execution-failure.js';
import { ExecutionStatus, Target } from '../constants.js';
import type { ExecutionDescription, ExecutionHandle } from '../execution-types.js';
import { parseObject } from '../progress/json-text.js';
import { lastOutput } from './aws-descriptions.js';
import { callAws } from './aws-errors.js';
import { attemptEnded } from './aws-redrive.js';
import type { BackoffOptions } from './aws-target-options.js';
import { backoffDelays } from './backoff.js';
import type { EventWatch } from './execution-events.js';
import { ExecutionRows } from './execution-rows.js';
import { HistoryReader } from './history-reader.js';

/** What a Standard execution is watched with. */
export interface StandardExecutionClients {
  readonly sfn: SFNClient;
  /** The S3 client that reads the run manifest, created on first use. */
  readonly s3: () => S3Client;
  readonly backoff?: BackoffOptions;
  /** Waits between polls. */
  readonly wait: (ms: number) => Promise<void>;
  /** A watch on the workflow's events queue, when it has one (see `EventQueues`). */
  readonly watchEvents?: (
    workflow: string,
    executionArn: string,
  ) => Promise<EventWatch | undefined>;
}

/**
 * One Standard execution on AWS: described from DescribeExecution and its history, monitored
 * with backoff until it ends (never a tight poll), and stopped.
 */
export class StandardExecution {
  private readonly history: HistoryReader;
  private readonly rows: ExecutionRows;
  private monitored?: Promise<ExecutionDescription>;
  /** The ExecutionRedriven events the attempt to wait for follows (0: the first run). */
  private redrives = 0;

  constructor(
    private readonly clients: StandardExecutionClients,
    readonly workflow: Workflow,
    readonly executionId: string,
    readonly executionArn: string,
  ) {
    this.history = new HistoryReader(clients.sfn, executionId, executionArn);
    this.rows = new ExecutionRows(workflow, executionId, clients.s3);
  }

  /** A handle whose `result()` monitors the execution (once, however often it is called). */
  handle(): ExecutionHandle {
    return {
      executionId: this.executionId,
      workflow: this.workflow.name,
      result: async () => {
        const description = await this.watch();
        if (description.status !== ExecutionStatus.Succeeded) throw executionFailure(description);
        return description;
      },
      describe: () => this.describe(),
      stop: (reason) => this.stop(reason),
    };
  }

  /** Makes `result()` wait for the attempt that the `count`-th redrive started. */
  followRedrive(count: number): void {
    this.redrives = count;
  }

  /** Starts monitoring (unless it already runs) and settles when the execution ends. */
  watch(onProgress?: (description: ExecutionDescription) => void): Promise<ExecutionDescription> {
    this.monitored ??= this.monitor(onProgress);
    return this.monitored;
  }

  /** The raw DescribeExecution answer; throws ExecutionNotFoundError for an unknown id. */
  fetch(): Promise<DescribeExecutionCommandOutput> {
    return callAws({ executionId: this.executionId, operation: 'DescribeExecution' }, () =>
      this.clients.sfn.send(new DescribeExecutionCommand({ executionArn: this.executionArn })),
    );
  }

  /** The execution's current state; `events` skips the history read when it was just made. */
  async describe(events?: readonly HistoryEvent[]): Promise<ExecutionDescription> {
    const described = await this.fetch();
    const folded = await this.rows.fold(events ?? (await this.history.read()));
    const status = (described.status ?? ExecutionStatus.Running) as ExecutionDescription['status'];
    const output = lastOutput(folded.stages);
    const input = parseObject(described.input);
    return {
      executionId: this.executionId,
      workflow: this.workflow.name,
      target: Target.Aws,
      status,
      startedAt: (described.startDate ?? new Date()).toISOString(),
      ...(described.stopDate && { stoppedAt: described.stopDate.toISOString() }),
      ...(typeof input?.logicalDate === 'string' && { logicalDate: input.logicalDate }),
      ...(described.error !== undefined && { error: described.error }),
      ...(described.cause !== undefined && { cause: described.cause }),
      ...(folded.failedState !== undefined &&
        status !== ExecutionStatus.Succeeded && { failedState: folded.failedState }),
      stages: folded.stages,
      ...(status === ExecutionStatus.Succeeded && output && { output }),
      executionArn: this.executionArn,
      ...(described.redriveCount && { redriveCount: described.redriveCount }),
      ...(described.redriveDate && { redriveDate: described.redriveDate.toISOString() }),
    };
  }

  /** The execution's history so far, oldest first. */
  events(): Promise<HistoryEvent[]> {
    return this.history.read();
  }

  /** Stops the execution: it ends ABORTED with the error `ceap.Stopped`. */
  async stop(reason?: string): Promise<void> {
    await callAws({ executionId: this.executionId, operation: 'StopExecution' }, () =>
      this.clients.sfn.send(
        new StopExecutionCommand({
          executionArn: this.executionArn,
          error: 'ceap.Stopped',
          cause: reason ?? 'stopped by the runner',
        }),
      ),
    );
  }

  /**
   * Polls with backoff until the execution ends. With an events queue, a status change that
   * ends the execution cuts the wait short, and one history read confirms it. A poll asks only
   * for what it reads: the whole history with its data when rows are reported (or a redrive
   * is followed), else the newest event alone. Then one DescribeExecution gives the final
   * status and output.
   */
  private async monitor(
    onProgress?: (description: ExecutionDescription) => void,
  ): Promise<ExecutionDescription> {
    const delays = backoffDelays(this.clients.backoff);
    const events = await this.clients.watchEvents?.(this.workflow.name, this.executionArn);
    try {
      for (;;) {
        const delay = delays.next().value;
        const announced = events ? await events.next(delay) : await this.pause(delay);
        if (!announced && !onProgress && this.redrives === 0) {
          if (await this.history.hasEnded()) return await this.describe();
          continue;
        }
        const history = await this.history.read();
        const folded = await this.rows.fold(history);
        if (folded.ending && attemptEnded(history, this.redrives)) {
          return await this.describe(history);
        }
        onProgress?.({
          executionId: this.executionId,
          workflow: this.workflow.name,
          target: Target.Aws,
          status: ExecutionStatus.Running,
          startedAt: (history[0]?.timestamp ?? new Date()).toISOString(),
          executionArn: this.executionArn,
          stages: folded.stages,
        });
      }
    } finally {
      events?.close();
    }
  }

  private async pause(ms: number): Promise<false> {
    await this.clients.wait(ms);
    return false;
  }
}
