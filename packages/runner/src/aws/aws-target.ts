import { setTimeout as sleep } from 'node:timers/promises';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import {
  createS3Client,
  DEFAULT_DEPLOYMENT_PREFIX,
  type JsonRecord,
  parseExecutionId,
  type RunManifest,
  readManifest,
} from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { prepareInput } from '../client/claim-check.js';
import type { CleanReport, CleanRequest } from '../client/clean-types.js';
import type { LogsRequest } from '../client/execution-logs.js';
import type { ExecutionTarget } from '../client/execution-target.js';
import { listObjectKeys } from '../client/object-keys.js';
import type { RunStepRequest, StepTestRun } from '../client/run-step-types.js';
import { readStageRecords, stageOutputUri } from '../client/stage-output.js';
import {
  dataPlaceOf,
  type RejectsRequest,
  readStageRejects,
  type StageRejects,
} from '../client/stage-rejects.js';
import { findWorkflow, planStart } from '../client/start-plan.js';
import { resolveTestStep } from '../client/step-test-run.js';
import type { RecordedUsage } from '../cost/execution-cost.js';
import { RunnerUsageError } from '../errors.js';
import type {
  ExecutionDescription,
  ExecutionFilter,
  ExecutionHandle,
  RedriveRequest,
  StartRequest,
} from '../execution-types.js';
import { parseObject } from '../progress/json-text.js';
import { executionArnOf } from './aws-descriptions.js';
import { callAws } from './aws-errors.js';
import { listStandardExecutions } from './aws-list.js';
import { AwsLogReader } from './aws-logs.js';
import { redriveStandard } from './aws-redrive.js';
import { refuseExpress, runStepOnAws } from './aws-run-step.js';
import {
  type AwsStartContext,
  defaultInput,
  prepareExpressStart,
  startStandard,
} from './aws-start.js';
import type { AwsTargetOptions } from './aws-target-options.js';
import { awsUsage } from './aws-usage.js';
import { EventQueues } from './event-queues.js';
import { startExpress } from './express-execution.js';
import { locateExecution } from './locate-execution.js';
import { StandardExecution, type StandardExecutionClients } from './standard-execution.js';
import { StateMachineArns } from './state-machine-arns.js';

export { executionArnOf } from './aws-descriptions.js';

type Workflows = Readonly<Record<string, Workflow>>;

/**
 * The AWS target: Express workflows run with StartSyncExecution, Standard ones with
 * StartExecution and are then monitored through their execution history with backoff
 * (1 s, ×1.5, capped at 60 s), cut short by the stack's events queue when it has one. Every
 * SDK call goes through `callAws`, the one place AWS errors become the runner's. It knows the workflows it is given (the runner client passes
 * its own), so it loads no stage code.
 */
export class AwsTarget implements ExecutionTarget {
  private readonly sfn: SFNClient;
  private readonly cloudFormation: CloudFormationClient;
  private s3Client?: S3Client;
  private lambdaClient?: LambdaClient;
  private readonly logReader: AwsLogReader;
  private readonly workflows: Workflows;
  private readonly arns: StateMachineArns;
  private readonly clients: StandardExecutionClients;
  private readonly eventQueues: EventQueues;

  constructor(private readonly options: AwsTargetOptions & { readonly workflows: Workflows }) {
    const region = options.region;
    this.sfn = options.clients?.sfn ?? new SFNClient({ region });
    this.cloudFormation = options.clients?.cloudFormation ?? new CloudFormationClient({ region });
    this.s3Client = options.clients?.s3;
    this.workflows = options.workflows;
    this.arns = new StateMachineArns(
      this.cloudFormation,
      options.prefix ?? DEFAULT_DEPLOYMENT_PREFIX,
      options.stateMachineArns,
      options.dataBucket,
    );
    const wait =
      options.sleep ?? ((ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined));
    this.eventQueues = new EventQueues({
      arns: this.arns,
      queueUrl: options.executionEventsQueueUrl,
      givenArns: options.stateMachineArns ?? {},
      sqs: options.clients?.sqs,
      region,
      wait,
    });
    this.clients = {
      sfn: this.sfn,
      s3: () => this.s3(),
      backoff: options.backoff,
      wait,
      watchEvents: (workflow, arn) => this.eventQueues.watch(workflow, arn),
    };
    this.logReader = new AwsLogReader({ ...this.clients, region, clients: options.clients });
  }

  /** The state machine ARN of a workflow: from the options, else from its stack's outputs. */
  stateMachineArn(workflow: string): Promise<string> {
    return this.arns.get(workflow);
  }

  /**
   * Starts an execution. Inline records over 64 KiB go by reference (see `prepareInput`): they
   * are written to the workflow's data bucket first. A name already used is refused with
   * ExecutionAlreadyExistsError for both types: Standard by StartExecution itself, Express by a
   * name marker written before the run (AWS does not guard Express names).
   */
  async start(request: StartRequest): Promise<ExecutionHandle> {
    const plan = planStart(this.workflows, request);
    const prepared = prepareInput(plan.input ?? defaultInput(plan), {
      keyPrefix: this.keyPrefix(),
    });
    const stateMachineArn = await this.stateMachineArn(plan.workflow.name);
    if (plan.workflow.type === 'EXPRESS') {
      await prepareExpressStart(this.startContext(), plan, prepared);
      return startExpress(this.sfn, plan, prepared.input, stateMachineArn);
    }
    const started = await startStandard(this.startContext(), plan, prepared, stateMachineArn);
    const executionArn = started ?? executionArnOf(stateMachineArn, plan.executionId);
    const execution = this.standard(plan.workflow, plan.executionId, executionArn);
    execution.watch(request.onProgress).catch(() => undefined);
    return execution.handle();
  }

  /**
   * Reattaches to an existing Standard execution: `result()` monitors it with the same backoff,
   * `describe()` and `stop()` act on it. Throws ExecutionNotFoundError when no Standard state
   * machine has it (Express executions are not kept by AWS).
   */
  getHandle(executionId: string): Promise<ExecutionHandle> {
    return this.locate(executionId, async (execution) => {
      await execution.fetch();
      return execution.handle();
    });
  }

  /**
   * Redrives a Standard execution (RedriveExecution) and returns its handle: `result()` waits
   * for the attempt the redrive started. AWS cannot redrive an Express execution.
   */
  redrive(executionId: string, request: RedriveRequest = {}): Promise<ExecutionHandle> {
    return this.locate(executionId, async (execution) => {
      execution.followRedrive(await redriveStandard(this.sfn, execution));
      execution.watch(request.onProgress).catch(() => undefined);
      return execution.handle();
    });
  }

  describe(executionId: string): Promise<ExecutionDescription> {
    return this.locate(executionId, (execution) => execution.describe());
  }

  /** A Standard execution's usage from its history, its functions' sizing from Lambda. */
  usage(executionId: string): Promise<RecordedUsage> {
    return this.locate(executionId, async (execution) => {
      return awsUsage(executionId, await execution.events(), this.lambda());
    });
  }

  list(filter: ExecutionFilter): Promise<ExecutionDescription[]> {
    const workflows = filter.workflow
      ? [findWorkflow(this.workflows, filter.workflow)]
      : this.standardWorkflows();
    return listStandardExecutions(this.sfn, (w) => this.stateMachineArn(w), workflows, filter);
  }

  async *output(executionId: string, stage?: string): AsyncIterable<JsonRecord> {
    const uri = stageOutputUri(await this.describe(executionId), stage);
    yield* readStageRecords(this.s3(), uri);
  }

  async rejects(executionId: string, request: RejectsRequest): Promise<StageRejects> {
    const description = await this.describe(executionId);
    return readStageRejects(this.s3(), description, dataPlaceOf(description), request);
  }

  /** Runs a step of a Standard execution again through its Lambda (see `runStepOnAws`). */
  async runStep(request: RunStepRequest): Promise<StepTestRun> {
    const { workflow, step } = resolveTestStep(this.workflows, request);
    const executionId = parseExecutionId(request.executionId);
    refuseExpress(workflow, step);
    const arn = executionArnOf(await this.stateMachineArn(workflow.name), executionId);
    const bucket = await this.arns.dataBucket(workflow.name);
    const place = { bucket, keyPrefix: this.keyPrefix() };
    const context = { sfn: this.sfn, lambda: this.lambda(), s3: this.s3(), place };
    return runStepOnAws(context, request, step, arn);
  }

  async manifest(executionId: string): Promise<RunManifest | undefined> {
    const description = await this.describe(executionId);
    // Before a step has written an output, the data bucket is not known, and nothing ended.
    if (!description.stages.some((stage) => stage.output)) return undefined;
    const place = dataPlaceOf(description);
    return readManifest(this.s3(), place.bucket, executionId, place.keyPrefix);
  }

  input(executionId: string): Promise<JsonRecord | undefined> {
    return this.locate(executionId, async (execution) =>
      parseObject((await execution.fetch()).input),
    );
  }

  async clean(_request: CleanRequest): Promise<CleanReport> {
    throw new RunnerUsageError(
      'clean --target aws: clean deletes local executions only; AWS keeps execution history for 90 days and the data bucket expires objects by its lifecycle rules',
    );
  }

  /** The logs of a Standard execution's steps, from CloudWatch Logs (see `AwsLogReader`). */
  async *logs(executionId: string, request: LogsRequest): AsyncIterable<JsonRecord> {
    const execution = await this.locate(executionId, (found) => found.fetch().then(() => found));
    yield* this.logReader.read(execution, request);
  }

  async close(): Promise<void> {
    this.eventQueues.close();
    if (!this.options.clients?.sfn) this.sfn.destroy();
    if (!this.options.clients?.cloudFormation) this.cloudFormation.destroy();
    if (!this.options.clients?.s3) this.s3Client?.destroy();
    if (!this.options.clients?.lambda) this.lambdaClient?.destroy();
    this.logReader.close();
  }

  private lambda(): LambdaClient {
    this.lambdaClient ??= this.options.clients?.lambda ?? new LambdaClient(this.clientConfig());
    return this.lambdaClient;
  }

  private clientConfig(): { region?: string } {
    return this.options.region ? { region: this.options.region } : {};
  }

  async objectKeys(workflow: string, prefix: string): Promise<string[]> {
    const bucket = await this.arns.dataBucket(workflow);
    const subject = { operation: 'ListObjectsV2', resource: `s3://${bucket}/${prefix}` };
    return callAws(subject, () => listObjectKeys(this.s3(), bucket, this.keyPrefix(), prefix));
  }

  private keyPrefix(): string {
    return this.options.keyPrefix ?? process.env.CEAP_KEY_PREFIX ?? '';
  }

  private startContext(): AwsStartContext {
    return {
      sfn: this.sfn,
      s3: () => this.s3(),
      dataBucket: (workflow) => this.arns.dataBucket(workflow),
      keyPrefix: this.keyPrefix(),
    };
  }

  private s3(): S3Client {
    this.s3Client ??= createS3Client({ region: this.options.region });
    return this.s3Client;
  }

  private standard(workflow: Workflow, executionId: string, arn: string): StandardExecution {
    return new StandardExecution(this.clients, workflow, executionId, arn);
  }

  private standardWorkflows(): Workflow[] {
    return Object.values(this.workflows).filter((workflow) => workflow.type === 'STANDARD');
  }

  private locate<T>(
    executionId: string,
    use: (execution: StandardExecution) => Promise<T>,
  ): Promise<T> {
    const standard = {
      workflows: this.standardWorkflows(),
      stateMachineArn: (workflow: string) => this.stateMachineArn(workflow),
      execution: (workflow: Workflow, id: string, arn: string) => this.standard(workflow, id, arn),
    };
    return locateExecution(standard, executionId, use);
  }
}
