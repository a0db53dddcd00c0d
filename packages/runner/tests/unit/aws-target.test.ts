import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { type ScratchS3, startScratchS3 } from '@ceap/core/testing';
import { SHIPPED_WORKFLOWS, StageName } from '@ceap/stages';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsTarget } from '../../src/aws/aws-target.js';
import { backoffDelays } from '../../src/aws/backoff.js';
import { ExecutionFailedError } from '../../src/errors.js';
import type { CompiledRun } from '../helpers/compiled-run.js';
import { describeExecutionOf, historyPages } from '../helpers/engine-history.js';
import { localRows, runBatch, runRealtime } from '../helpers/shipped-runs.js';

const REALTIME_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-realtime';
const BATCH_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-batch';

/** DescribeExecution's answer for a generated run, under the batch state machine's ARN. */
function described(run: CompiledRun, history: readonly HistoryEvent[] = run.history) {
  return describeExecutionOf(history, {
    executionArn: `${BATCH_ARN.replace(':stateMachine:', ':execution:')}:${run.executionId}`,
    stateMachineArn: BATCH_ARN,
    name: run.executionId,
  });
}

/** The run's history up to (and including) the entry into `state`: the execution still runs. */
function runningUntil(run: CompiledRun, state: string): HistoryEvent[] {
  const entered = run.history.findIndex((e) => e.stateEnteredEventDetails?.name === state);
  return run.history.slice(0, entered + 1);
}

describe('AWS target', () => {
  const sfn = mockClient(SFNClient);
  let s3: ScratchS3;
  let succeeded: CompiledRun;
  let failed: CompiledRun;
  let realtime: CompiledRun;

  function target(options: Partial<ConstructorParameters<typeof AwsTarget>[0]> = {}) {
    return new AwsTarget({
      workflows: SHIPPED_WORKFLOWS,
      clients: {
        sfn: new SFNClient({ region: 'eu-west-1' }),
        cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
        s3: s3.client,
      },
      stateMachineArns: { realtime: REALTIME_ARN, batch: BATCH_ARN },
      dataBucket: s3.bucket,
      sleep: async () => undefined,
      ...options,
    });
  }

  beforeAll(async () => {
    s3 = await startScratchS3({ bucket: 'ceap-aws-target-test' });
    succeeded = await runBatch(s3, 'b-1');
    failed = await runBatch(s3, 'b-2', { env: { CEAP_FILTER_RULES: '{ not json' } });
    realtime = await runRealtime(s3, 'r-1');
  });

  afterAll(async () => {
    await s3.stop();
  });

  beforeEach(() => {
    sfn.reset();
  });

  it('runs Express with StartSyncExecution and returns the last stage output', async () => {
    // Arrange
    const ended = realtime.history.at(-1);
    sfn.on(StartSyncExecutionCommand).resolves({
      executionArn: 'arn:exec',
      status: 'SUCCEEDED',
      output: ended?.executionSucceededEventDetails?.output,
      startDate: realtime.history[0]?.timestamp,
      stopDate: ended?.timestamp,
    });
    const last = realtime.stageResults.at(-1)?.result;

    // Act
    const handle = await target().start({
      workflow: 'realtime',
      executionId: 'r-1',
      input: { records: [] },
    });
    const result = await handle.result();

    // Assert
    expect(sfn.commandCalls(StartSyncExecutionCommand)[0]?.args[0].input).toMatchObject({
      stateMachineArn: REALTIME_ARN,
      name: 'r-1',
    });
    expect(result).toMatchObject({
      status: 'SUCCEEDED',
      target: 'aws',
      output: `s3://${s3.bucket}/executions/r-1/${StageName.Reactive}/output.json`,
    });
    expect(result.stages.at(-1)).toMatchObject({ records: last?.records, status: 'SUCCEEDED' });
  });

  it.each(['FAILED', 'TIMED_OUT'] as const)(
    'maps a 200 StartSyncExecution response with status %s to a failed run',
    async (status) => {
      // Arrange
      sfn
        .on(StartSyncExecutionCommand)
        .resolves({ status, error: 'ConfigurationError', cause: 'CEAP_SCORE_MODEL is not JSON' });

      // Act
      const handle = await target().start({
        workflow: 'realtime',
        executionId: `r-2-${status}`,
        input: { records: [] },
      });
      const failure = await handle.result().catch((error: unknown) => error);

      // Assert
      expect(failure).toBeInstanceOf(ExecutionFailedError);
      expect((failure as ExecutionFailedError).cause).toMatchObject({
        status,
        error: 'ConfigurationError',
        cause: 'CEAP_SCORE_MODEL is not JSON',
      });
    },
  );

  it('monitors Standard with backoff 1 s, x1.5, then one DescribeExecution, and folds the rows as the local target does', async () => {
    // Arrange
    const calls: string[] = [];
    const running = runningUntil(succeeded, StageName.HeavyETL);
    let polls = 0;
    sfn.on(StartExecutionCommand).resolves({ executionArn: described(succeeded).executionArn });
    sfn.on(GetExecutionHistoryCommand).callsFake((input) => {
      polls++;
      calls.push('history');
      return historyPages(polls < 3 ? running : succeeded.history)(input);
    });
    sfn.on(DescribeExecutionCommand).resolves(described(succeeded));
    const progress: string[] = [];

    // Act
    const handle = await target({
      sleep: async (ms) => {
        calls.push(`wait ${ms}`);
      },
    }).start({
      workflow: 'batch',
      executionId: 'b-1',
      onProgress: (d) => progress.push(d.stages.map((s) => s.status).join(',')),
    });
    const description = await handle.result();

    // Assert
    expect(calls).toEqual(['wait 1000', 'history', 'wait 1500', 'history', 'wait 2250', 'history']);
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(1);
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toMatchObject({
      stateMachineArn: BATCH_ARN,
      name: 'b-1',
      input: expect.stringContaining('"logicalDate"'),
    });
    expect(progress[0]).toBe('SUCCEEDED,SUCCEEDED,RUNNING,PENDING,PENDING,PENDING');
    expect(description).toMatchObject({
      status: 'SUCCEEDED',
      logicalDate: '2026-03-11',
      output: `s3://${s3.bucket}/executions/b-1/${StageName.Reactive}/output.json`,
    });
    expect(description.stages).toEqual(await localRows(s3, succeeded));
  });

  it('grows the wait to a 60 s cap: a 2-hour run costs about a hundred polls, not thousands', () => {
    // Arrange
    const delays = backoffDelays();
    const schedule: number[] = [];
    let elapsed = 0;

    // Act
    while (elapsed < 2 * 60 * 60 * 1000) {
      const delay = delays.next().value;
      schedule.push(delay);
      elapsed += delay;
    }

    // Assert
    expect(schedule.slice(0, 5)).toEqual([1000, 1500, 2250, 3375, 5063]);
    expect(Math.max(...schedule)).toBe(60_000);
    expect(schedule.length).toBeLessThan(140);
  });

  it('reports a failed Standard run with the failing state, its Error and Cause', async () => {
    // Arrange
    sfn.on(StartExecutionCommand).resolves({ executionArn: described(failed).executionArn });
    sfn.on(GetExecutionHistoryCommand).callsFake(historyPages(failed.history));
    sfn.on(DescribeExecutionCommand).resolves(described(failed));

    // Act
    const handle = await target().start({ workflow: 'batch', executionId: 'b-2' });
    const failure = await handle.result().catch((error: unknown) => error);
    const description = await handle.describe();

    // Assert
    expect((failure as ExecutionFailedError).cause).toEqual({
      executionId: 'b-2',
      status: 'FAILED',
      error: 'ConfigurationError',
      cause: described(failed).cause,
      state: StageName.Filter,
    });
    expect(description.stages).toEqual(await localRows(s3, failed));
  });

  it('reads every page of a long history, newest first, through the SDK paginator', async () => {
    // Arrange
    sfn.on(GetExecutionHistoryCommand).callsFake(historyPages(succeeded.history, 10));
    sfn.on(DescribeExecutionCommand).resolves(described(succeeded));

    // Act
    const description = await target().describe('b-1');

    // Assert
    const requests = sfn.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input);
    expect(requests).toHaveLength(Math.ceil(succeeded.history.length / 10));
    expect(requests.every((input) => input.reverseOrder === true)).toBe(true);
    expect(description.stages).toEqual(await localRows(s3, succeeded));
  });

  it('reads only the history pages that hold new events on each later poll', async () => {
    // Arrange: progress is reported, so every poll reads the history (not only its newest event)
    const running = runningUntil(succeeded, StageName.Score);
    const log: string[] = [];
    sfn.on(StartExecutionCommand).resolves({ executionArn: described(succeeded).executionArn });
    sfn.on(DescribeExecutionCommand).resolves(described(succeeded));
    sfn.on(GetExecutionHistoryCommand).callsFake((input) => {
      log.push('page');
      const polls = log.filter((entry) => entry.startsWith('wait')).length;
      return historyPages(polls < 2 ? running : succeeded.history, 5)(input);
    });
    const sleep = async (ms: number) => {
      log.push(`wait ${ms}`);
    };

    // Act
    const handle = await target({ sleep }).start({
      workflow: 'batch',
      executionId: 'b-1',
      onProgress: () => undefined,
    });
    const result = await handle.result();

    // Assert
    const secondPoll = log.slice(log.indexOf('wait 1500') + 1);
    const fresh = succeeded.history.length - running.length;
    expect(log.indexOf('wait 1500')).toBe(1 + Math.ceil(running.length / 5));
    expect(secondPoll).toHaveLength(Math.floor(fresh / 5) + 1);
    expect(result.stages).toEqual(await localRows(s3, succeeded));
  });

  it('describes a running Standard execution by id through its state machine ARN', async () => {
    // Arrange
    const running = runningUntil(succeeded, StageName.Filter);
    sfn.on(DescribeExecutionCommand).resolves(described(succeeded, running));
    sfn.on(GetExecutionHistoryCommand).callsFake(historyPages(running));

    // Act
    const description = await target().describe('b-1');

    // Assert
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]?.args[0].input).toEqual({
      executionArn: described(succeeded).executionArn,
    });
    expect(description.status).toBe('RUNNING');
    expect(description.stages.map((s) => s.status)).toEqual([
      'SUCCEEDED',
      'RUNNING',
      'PENDING',
      'PENDING',
      'PENDING',
      'PENDING',
    ]);
  });

  it('reattaches with getHandle: result() monitors the execution, stop() stops it', async () => {
    // Arrange
    const calls: string[] = [];
    sfn.on(DescribeExecutionCommand).resolves(described(succeeded));
    sfn.on(GetExecutionHistoryCommand).callsFake(historyPages(succeeded.history));
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    const sleep = async (ms: number) => {
      calls.push(`wait ${ms}`);
    };

    // Act
    const handle = await target({ sleep }).getHandle('b-1');
    const result = await handle.result();
    await handle.stop();

    // Assert
    expect(handle).toMatchObject({ executionId: 'b-1', workflow: 'batch' });
    expect(calls).toEqual(['wait 1000']);
    expect(result.stages).toEqual(await localRows(s3, succeeded));
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input).toMatchObject({
      executionArn: described(succeeded).executionArn,
      error: 'ceap.Stopped',
    });
  });
});
