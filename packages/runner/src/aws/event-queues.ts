import { SQSClient } from '@aws-sdk/client-sqs';
import { WorkflowStackOutput } from '@ceap/core';
import { type EventWatch, ExecutionEvents, type Wait } from './execution-events.js';
import type { StateMachineArns } from './state-machine-arns.js';

/** What {@link EventQueues} needs from the AWS target. */
export interface EventQueuesOptions {
  readonly arns: StateMachineArns;
  /**
   * The events queue's URL, or `false` for none. @default the `ExecutionEventsQueueUrl`
   * output of the workflow's stack, unless the workflow's state machine ARN was given
   */
  readonly queueUrl?: string | false;
  /** Workflows whose state machine ARN was given: their stack is not looked up. */
  readonly givenArns: Readonly<Record<string, string>>;
  readonly sqs?: SQSClient;
  readonly region?: string;
  readonly wait: Wait;
}

/**
 * The events queue of each workflow, found once: the option, else its stack's output. A stack
 * without the output (deployed before the queue existed) or that cannot be read gives none,
 * and that workflow's executions are monitored with backoff alone.
 */
export class EventQueues {
  private readonly byWorkflow = new Map<string, Promise<ExecutionEvents | undefined>>();
  private readonly byUrl = new Map<string, ExecutionEvents>();
  private sqsClient?: SQSClient;

  constructor(private readonly options: EventQueuesOptions) {}

  /** A watch on the execution's status changes, or undefined when the workflow has no queue. */
  async watch(workflow: string, executionArn: string): Promise<EventWatch | undefined> {
    let events = this.byWorkflow.get(workflow);
    if (!events) {
      events = this.resolve(workflow);
      this.byWorkflow.set(workflow, events);
    }
    const found = await events;
    return found && found.failure === undefined ? found.watch(executionArn) : undefined;
  }

  /** Stops every queue's reader and the SQS client this created. */
  close(): void {
    for (const events of this.byUrl.values()) events.close();
    if (!this.options.sqs) this.sqsClient?.destroy();
  }

  private async resolve(workflow: string): Promise<ExecutionEvents | undefined> {
    const url = await this.queueUrl(workflow);
    if (url === undefined) return undefined;
    let events = this.byUrl.get(url);
    if (!events) {
      this.sqsClient ??=
        this.options.sqs ??
        new SQSClient(this.options.region ? { region: this.options.region } : {});
      events = new ExecutionEvents(this.sqsClient, url, this.options.wait);
      this.byUrl.set(url, events);
    }
    return events;
  }

  private async queueUrl(workflow: string): Promise<string | undefined> {
    const { queueUrl, givenArns, arns } = this.options;
    if (queueUrl === false) return undefined;
    if (queueUrl !== undefined) return queueUrl;
    if (Object.hasOwn(givenArns, workflow)) return undefined;
    try {
      return await arns.output(workflow, WorkflowStackOutput.ExecutionEventsQueueUrl, 'redeploy');
    } catch {
      return undefined;
    }
  }
}
