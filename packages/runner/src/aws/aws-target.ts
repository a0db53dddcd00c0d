import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { createS3Client, type JsonRecord } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { SHIPPED_WORKFLOWS as WORKFLOWS } from '@ceap/stages';
import { executionFailure } from '../client/execution-failure.js';
import type { ExecutionTarget } from '../client/execution-target.js';
import { readStageRecords, stageOutputUri } from '../client/stage-output.js';
import { planStart, type StartPlan } from '../client/start-plan.js';
import { ExecutionStatus, Target } from '../constants.js';
import { ExecutionNotFoundError, RunnerUsageError, StateMachineNotFoundError } from '../errors.js';
import type {
  ExecutionDescription,
  ExecutionFilter,
  ExecutionHandle,
  StartRequest,
} from '../execution-types.js';
import {
  expressDescription,
  lastOutput,
  parseObject,
  runningDescription,
} from './aws-descriptions.js';
import { callAws } from './aws-errors.js';
import type { AwsTargetOptions } from './aws-target-options.js';
import { backoffDelays, sleep } from './backoff.js';
import { foldHistory } from './execution-history.js';

/** The CloudFormation output that holds a workflow stack's state machine ARN. */
export const STATE_MACHINE_ARN_OUTPUT = 'StateMachineArn';

/** `{prefix}-ceap-{workflow}`: the stack infra deploys for a workflow. */
export function workflowStackName(prefix: string, workflow: string): string {
  return `${prefix}-ceap-${workflow}`;
}

/** The execution ARN of `executionId` in a state machine. */
export function executionArnOf(stateMachineArn: string, executionId: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionId}`;
}

/**
 * The AWS target: Express workflows run with StartSyncExecution, Standard ones with
 * StartExecution and are then monitored through their execution history with backoff
 * (1 s, ×1.5, capped at 60 s). Every SDK call goes through {@link callAws}, the one place AWS
 * errors become the runner's.
 */
export class AwsTarget implements ExecutionTarget {
  private readonly sfn: SFNClient;
  private readonly cloudFormation: CloudFormationClient;
  private s3Client?: S3Client;
  private readonly workflows: Readonly<Record<string, Workflow>>;
  private readonly arns = new Map<string, Promise<string>>();
  private readonly wait: (ms: number) => Promise<void>;

  constructor(private readonly options: AwsTargetOptions = {}) {
    const region = options.region;
    this.sfn = options.clients?.sfn ?? new SFNClient({ region });
    this.cloudFormation = options.clients?.cloudFormation ?? new CloudFormationClient({ region });
    this.s3Client = options.clients?.s3;
    this.workflows = options.workflows ?? WORKFLOWS;
    this.wait = options.sleep ?? sleep;
  }

  /** The state machine ARN of a workflow: from the options, else from its stack's outputs. */
  stateMachineArn(workflow: string): Promise<string> {
    const given = this.options.stateMachineArns?.[workflow];
    if (given) return Promise.resolve(given);
    let found = this.arns.get(workflow);
    if (!found) {
      found = this.lookUpStateMachineArn(workflow);
      this.arns.set(workflow, found);
      found.catch(() => this.arns.delete(workflow));
    }
    return found;
  }

  async start(request: StartRequest): Promise<ExecutionHandle> {
    const plan = planStart(this.workflows, request);
    const input = plan.input ?? this.defaultInput(plan);
    const stateMachineArn = await this.stateMachineArn(plan.workflow.name);
    const subject = { executionId: plan.executionId, resource: stateMachineArn };
    if (plan.workflow.type === 'EXPRESS') {
      const started = new Date();
      const pending = callAws({ ...subject, operation: 'StartSyncExecution' }, () =>
        this.sfn.send(
          new StartSyncExecutionCommand({
            stateMachineArn,
            name: plan.executionId,
            input: JSON.stringify(input),
          }),
        ),
      ).then((response) => expressDescription(plan, response, started));
      pending.catch(() => undefined);
      return {
        executionId: plan.executionId,
        workflow: plan.workflow.name,
        result: async () => {
          const description = await pending;
          if (description.status !== ExecutionStatus.Succeeded) throw executionFailure(description);
          return description;
        },
        describe: async () =>
          Promise.race([
            pending,
            Promise.resolve({
              ...runningDescription(plan, started),
              executionArn: executionArnOf(stateMachineArn, plan.executionId),
            }),
          ]),
        stop: async () => {
          throw new RunnerUsageError(
            `execution "${plan.executionId}" is EXPRESS and runs synchronously; it cannot be stopped`,
          );
        },
      };
    }
    const response = await callAws({ ...subject, operation: 'StartExecution' }, () =>
      this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn,
          name: plan.executionId,
          input: JSON.stringify(input),
        }),
      ),
    );
    const executionArn = response.executionArn ?? executionArnOf(stateMachineArn, plan.executionId);
    const monitored = this.monitor(
      plan.workflow,
      plan.executionId,
      executionArn,
      request.onProgress,
    );
    monitored.catch(() => undefined);
    return {
      executionId: plan.executionId,
      workflow: plan.workflow.name,
      result: async () => {
        const description = await monitored;
        if (description.status !== ExecutionStatus.Succeeded) throw executionFailure(description);
        return description;
      },
      describe: () => this.describeArn(plan.workflow, plan.executionId, executionArn),
      stop: async () => {
        await callAws({ executionId: plan.executionId, operation: 'StopExecution' }, () =>
          this.sfn.send(
            new StopExecutionCommand({
              executionArn,
              error: 'ceap.Stopped',
              cause: 'stopped by the runner',
            }),
          ),
        );
      },
    };
  }

  async describe(executionId: string): Promise<ExecutionDescription> {
    const standard = Object.values(this.workflows).filter(
      (workflow) => workflow.type === 'STANDARD',
    );
    for (const workflow of standard) {
      const arn = executionArnOf(await this.stateMachineArn(workflow.name), executionId);
      try {
        return await this.describeArn(workflow, executionId, arn);
      } catch (error) {
        if (!(error instanceof ExecutionNotFoundError)) throw error;
      }
    }
    throw new ExecutionNotFoundError(
      executionId,
      `on AWS in the ${standard.map((w) => w.name).join(', ')} state machines (EXPRESS executions are not kept by DescribeExecution)`,
    );
  }

  async list(filter: ExecutionFilter): Promise<ExecutionDescription[]> {
    const workflows = filter.workflow
      ? [this.findWorkflow(filter.workflow)]
      : Object.values(this.workflows).filter((workflow) => workflow.type === 'STANDARD');
    const limit = filter.limit ?? 100;
    const all: ExecutionDescription[] = [];
    for (const workflow of workflows) {
      if (workflow.type === 'EXPRESS') {
        throw new RunnerUsageError(
          `--workflow ${workflow.name} is EXPRESS; AWS does not list EXPRESS executions`,
        );
      }
      const stateMachineArn = await this.stateMachineArn(workflow.name);
      const page = await callAws({ operation: 'ListExecutions', resource: stateMachineArn }, () =>
        this.sfn.send(
          new ListExecutionsCommand({
            stateMachineArn,
            statusFilter: filter.status,
            maxResults: Math.min(limit, 1000),
          }),
        ),
      );
      for (const item of page.executions ?? []) {
        all.push({
          executionId: item.name ?? '',
          workflow: workflow.name,
          target: Target.Aws,
          status: (item.status ?? ExecutionStatus.Running) as ExecutionDescription['status'],
          startedAt: (item.startDate ?? new Date(0)).toISOString(),
          ...(item.stopDate && { stoppedAt: item.stopDate.toISOString() }),
          ...(item.executionArn && { executionArn: item.executionArn }),
          stages: [],
        });
      }
    }
    return all.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit);
  }

  async *output(executionId: string, stage?: string): AsyncIterable<JsonRecord> {
    const uri = stageOutputUri(await this.describe(executionId), stage);
    this.s3Client ??= createS3Client({ region: this.options.region });
    yield* readStageRecords(this.s3Client, uri);
  }

  async close(): Promise<void> {
    if (!this.options.clients?.sfn) this.sfn.destroy();
    if (!this.options.clients?.cloudFormation) this.cloudFormation.destroy();
    if (!this.options.clients?.s3) this.s3Client?.destroy();
  }

  /**
   * Polls with backoff until the execution ends: one GetExecutionHistory call per poll (it
   * carries both the stage progress and the terminal event), then one DescribeExecution for
   * the final status and output.
   */
  private async monitor(
    workflow: Workflow,
    executionId: string,
    executionArn: string,
    onProgress?: (description: ExecutionDescription) => void,
  ): Promise<ExecutionDescription> {
    const delays = backoffDelays(this.options.backoff);
    for (;;) {
      await this.wait(delays.next().value);
      const events = await this.history(executionId, executionArn, true);
      const folded = foldHistory(workflow, events);
      if (folded.ending) return this.describeArn(workflow, executionId, executionArn, events);
      onProgress?.({
        executionId,
        workflow: workflow.name,
        target: Target.Aws,
        status: ExecutionStatus.Running,
        startedAt: events.at(-1)?.timestamp?.toISOString() ?? new Date().toISOString(),
        executionArn,
        stages: folded.stages,
      });
    }
  }

  private async describeArn(
    workflow: Workflow,
    executionId: string,
    executionArn: string,
    knownEvents?: HistoryEvent[],
  ): Promise<ExecutionDescription> {
    const described: DescribeExecutionCommandOutput = await callAws(
      { executionId, operation: 'DescribeExecution' },
      () => this.sfn.send(new DescribeExecutionCommand({ executionArn })),
    );
    const events = knownEvents ?? (await this.history(executionId, executionArn, false));
    const folded = foldHistory(workflow, events);
    const status = (described.status ?? ExecutionStatus.Running) as ExecutionDescription['status'];
    const output = lastOutput(folded.stages, described.output);
    const input = parseObject(described.input);
    return {
      executionId,
      workflow: workflow.name,
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
      executionArn,
    };
  }

  /** The execution's history, oldest first. While monitoring, only the newest page is read. */
  private async history(
    executionId: string,
    executionArn: string,
    newestPageOnly: boolean,
  ): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAws({ executionId, operation: 'GetExecutionHistory' }, () =>
        this.sfn.send(
          new GetExecutionHistoryCommand({
            executionArn,
            reverseOrder: true,
            maxResults: 1000,
            nextToken,
            includeExecutionData: true,
          }),
        ),
      );
      events.push(...(page.events ?? []));
      nextToken = newestPageOnly ? undefined : page.nextToken;
    } while (nextToken);
    return events.reverse();
  }

  private defaultInput(plan: StartPlan): JsonRecord {
    if (plan.workflow.type === 'EXPRESS') {
      throw new RunnerUsageError(
        `--input is required to start ${plan.workflow.name} on AWS (the samples are local)`,
      );
    }
    return { logicalDate: plan.logicalDate };
  }

  private findWorkflow(name: string): Workflow {
    const workflow = Object.hasOwn(this.workflows, name) ? this.workflows[name] : undefined;
    if (!workflow) throw new RunnerUsageError(`--workflow ${JSON.stringify(name)} is not known`);
    return workflow;
  }

  private async lookUpStateMachineArn(workflow: string): Promise<string> {
    const stackName = workflowStackName(this.options.prefix ?? 'dev', workflow);
    const response = await callAws(
      { operation: 'DescribeStacks', resource: `stack ${stackName}` },
      () => this.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })),
    );
    const output = response.Stacks?.[0]?.Outputs?.find(
      (o) => o.OutputKey === STATE_MACHINE_ARN_OUTPUT,
    );
    if (!output?.OutputValue) {
      throw new StateMachineNotFoundError(
        `stack ${stackName} has no ${STATE_MACHINE_ARN_OUTPUT} output; deploy it or pass --state-machine-arn`,
      );
    }
    return output.OutputValue;
  }
}
