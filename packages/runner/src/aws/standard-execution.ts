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
   * Polls with backoff until the execution ends: one history read per poll (it carries both
   * the step progress and the terminal event), then one DescribeExecution for the final
   * status and output.
   */
  private async monitor(
    onProgress?: (description: ExecutionDescription) => void,
  ): Promise<ExecutionDescription> {
    const delays = backoffDelays(this.clients.backoff);
    for (;;) {
      await this.clients.wait(delays.next().value);
      const events = await this.history.read();
      const folded = await this.rows.fold(events);
      if (folded.ending && attemptEnded(events, this.redrives)) return this.describe(events);
      onProgress?.({
        executionId: this.executionId,
        workflow: this.workflow.name,
        target: Target.Aws,
        status: ExecutionStatus.Running,
        startedAt: (events[0]?.timestamp ?? new Date()).toISOString(),
        executionArn: this.executionArn,
        stages: folded.stages,
      });
    }
  }
}
