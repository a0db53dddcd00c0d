import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  InvokeCommand,
  type InvokeCommandInput,
  type InvokeCommandOutput,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { ExecutionDoesNotExist, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { InvalidExecutionIdError, readManifest, runStage, type StageEvent } from '@ceap/core';
import { type ScratchS3, startScratchS3 } from '@ceap/core/testing';
import { SHIPPED_WORKFLOWS, STAGES } from '@ceap/stages';
import { mockClient } from 'aws-sdk-client-mock';
import { scheduledInvocations } from '../../src/aws/aws-run-step.js';
import { AwsTarget } from '../../src/aws/aws-target.js';
import { ExecutionNotFoundError, RunnerUsageError, StepTestFailedError } from '../../src/errors.js';
import type { CompiledRun } from '../helpers/compiled-run.js';
import { historyPages } from '../helpers/engine-history.js';
import { runBatch } from '../helpers/shipped-runs.js';
import { silentLogger } from '../helpers/test-stages.js';

const BATCH_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-batch';
/** A reply's Payload: the SDK's blob adapter is a Uint8Array, which is all the target reads. */
const payload = (text: string) =>
  new TextEncoder().encode(text) as unknown as InvokeCommandOutput['Payload'];
const REALTIME_ARN = BATCH_ARN.replace('dev-ceap-batch', 'dev-ceap-realtime');

describe('AWS target: runStep through the step Lambda', () => {
  const sfn = mockClient(SFNClient);
  const lambda = mockClient(LambdaClient);
  let s3: ScratchS3;
  let run: CompiledRun;

  function target(): AwsTarget {
    return new AwsTarget({
      workflows: SHIPPED_WORKFLOWS,
      clients: {
        sfn: new SFNClient({ region: 'eu-west-1' }),
        cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
        lambda: new LambdaClient({ region: 'eu-west-1' }),
        s3: s3.client,
      },
      stateMachineArns: { batch: BATCH_ARN, realtime: REALTIME_ARN },
      dataBucket: s3.bucket,
      keyPrefix: '',
    });
  }

  /** The deployed function: the stage's Lambda handler, run on the scratch S3. */
  async function deployedFunction(input: InvokeCommandInput) {
    const event = JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)) as StageEvent;
    const stage = STAGES[(event.step ?? '') as keyof typeof STAGES];
    const deps = {
      s3: s3.client,
      location: { bucket: s3.bucket },
      logger: silentLogger(),
      env: {},
    };
    if (!stage) throw new Error(`no shipped stage for step ${event.step}`);
    const result = await runStage(stage, event, deps);
    return { StatusCode: 200, Payload: payload(JSON.stringify(result)) };
  }

  const sentEvents = () =>
    lambda.commandCalls(InvokeCommand).map((call) => ({
      functionName: call.args[0].input.FunctionName,
      type: call.args[0].input.InvocationType,
      event: JSON.parse(new TextDecoder().decode(call.args[0].input.Payload as Uint8Array)),
    }));

  beforeAll(async () => {
    s3 = await startScratchS3({ bucket: 'ceap-aws-run-step-test' });
    // The history and the data come from executing the compiled batch definition.
    run = await runBatch(s3, 'b-rs');
  });

  afterAll(async () => {
    await s3.stop();
  });

  beforeEach(() => {
    sfn.reset();
    lambda.reset();
    sfn.on(GetExecutionHistoryCommand).callsFake(historyPages(run.history, 4));
    lambda.on(InvokeCommand).callsFake(deployedFunction);
  });

  it('invokes the function the definition named with the exact event of the history, plus testRun', async () => {
    // Arrange
    const scheduled = scheduledInvocations(run.history, 'FilterStage');
    const recorded = run.stageResults.find((r) => r.step === 'FilterStage')?.result;
    const before = await readManifest(s3.client, s3.bucket, 'b-rs');

    // Act
    const tested = await target().runStep({
      workflow: 'batch',
      step: 'FilterStage',
      executionId: 'b-rs',
    });

    // Assert
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]).toMatchObject({
      functionName: expect.stringContaining('FilterStage'),
      event: {
        executionId: 'b-rs',
        step: 'FilterStage',
        input: { key: 'executions/b-rs/ETLStage/output.json' },
      },
    });
    expect(sentEvents()).toEqual([
      {
        functionName: scheduled[0]?.functionName,
        type: 'RequestResponse',
        event: { ...scheduled[0]?.event, testRun: 1 },
      },
    ]);
    expect(tested).toMatchObject({
      target: 'aws',
      testRun: 1,
      folder: `s3://${s3.bucket}/executions/b-rs/FilterStage/test-1/`,
      received: recorded?.received,
      records: recorded?.records,
      filtered: recorded?.filtered,
      filteredBy: recorded?.filteredBy,
    });
    expect(await readManifest(s3.client, s3.bucket, 'b-rs')).toEqual(before);
    expect(sfn.commandCalls(GetExecutionHistoryCommand).length).toBeGreaterThan(1);
  });

  it('runs one Map iteration with --iteration, and the next test run is test-2', async () => {
    // Arrange
    const parts = scheduledInvocations(run.history, 'ScoreStage.iteration');

    // Act
    const tested = await target().runStep({
      workflow: 'batch',
      step: 'ScoreStage',
      executionId: 'b-rs',
      iteration: 1,
    });

    // Assert
    expect(parts.length).toBeGreaterThan(1);
    expect(sentEvents().map((sent) => sent.event)).toEqual([{ ...parts[1]?.event, testRun: 1 }]);
    expect(tested.iterations).toEqual([1]);
    expect(tested.results[0]?.key).toBe(
      'executions/b-rs/ScoreStage/test-1/output.json/part-00001.json',
    );
    const again = await target().runStep({
      workflow: 'batch',
      step: 'FilterStage',
      executionId: 'b-rs',
    });
    expect(again.testRun).toBe(2);
  });

  it('fails with the function error Lambda reports', async () => {
    // Arrange
    const envelope = {
      errorType: 'ConfigurationError',
      errorMessage: 'CEAP_FILTER_RULES is not JSON',
    };
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: payload(JSON.stringify(envelope)),
    });

    // Act
    const tested = target().runStep({
      workflow: 'batch',
      step: 'FilterStage',
      executionId: 'b-rs',
    });

    // Assert
    await expect(tested).rejects.toThrow(StepTestFailedError);
    await expect(tested).rejects.toThrow(
      /FilterStage test-\d+ failed: ConfigurationError: CEAP_FILTER_RULES is not JSON/,
    );
  });

  it.each([
    [
      'an unknown execution',
      { step: 'FilterStage', executionId: 'nope' },
      ExecutionNotFoundError,
      'execution "nope" was not found',
    ],
    [
      'a bad execution id',
      { step: 'FilterStage', executionId: '../x' },
      InvalidExecutionIdError,
      '"../x"',
    ],
    [
      'a step that never received input',
      { step: 'ScoreStage', executionId: 'b-rs', iteration: 99 },
      RunnerUsageError,
      'iteration 99 of step "ScoreStage" never received input in execution "b-rs"',
    ],
    [
      'a Glue step',
      { step: 'HeavyETLStage', executionId: 'b-rs' },
      RunnerUsageError,
      'is a Glue job',
    ],
    [
      'an Express workflow',
      { workflow: 'realtime', step: 'FilterStage', executionId: 'rt-1' },
      RunnerUsageError,
      'is EXPRESS',
    ],
  ])('refuses %s with a usage error', async (_what, request, type, message) => {
    // Arrange
    const unknown = `${BATCH_ARN.replace(':stateMachine:', ':execution:')}:nope`;
    sfn
      .on(GetExecutionHistoryCommand, { executionArn: unknown })
      .rejects(new ExecutionDoesNotExist({ message: 'no', $metadata: {} }));

    // Act
    const tested = target().runStep({ workflow: 'batch', ...request });

    // Assert
    await expect(tested).rejects.toThrow(type);
    await expect(tested).rejects.toThrow(message);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });
});
