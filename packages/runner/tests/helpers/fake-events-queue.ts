import type {
  DeleteMessageCommandInput,
  ReceiveMessageCommandInput,
  ReceiveMessageCommandOutput,
} from '@aws-sdk/client-sqs';

/**
 * An EventBridge "Step Functions Execution Status Change" event as an SQS target receives it:
 * the shape of the example in the Step Functions and EventBridge documentation.
 */
export function statusChangeBody(
  executionArn: string,
  stateMachineArn: string,
  status: string,
  at: Date,
): string {
  const name = executionArn.split(':').at(-1) as string;
  return JSON.stringify({
    version: '0',
    id: `${name}-${status}`,
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: '123456789012',
    time: at.toISOString(),
    region: 'eu-west-1',
    resources: [executionArn],
    detail: {
      executionArn,
      stateMachineArn,
      name,
      status,
      startDate: at.getTime() - 1000,
      stopDate: status === 'RUNNING' ? null : at.getTime(),
      input: '{}',
      inputDetails: { included: true },
      output: status === 'SUCCEEDED' ? '{}' : null,
      outputDetails: status === 'SUCCEEDED' ? { included: true } : null,
    },
  });
}

interface Stored {
  readonly id: string;
  readonly body: string;
}

/**
 * An SQS queue for aws-sdk-client-mock's `callsFake`, with the semantics the runner relies on:
 * ReceiveMessage long-polls (on the global timers, so jest's fake timers drive it) until a
 * message is visible or WaitTimeSeconds pass; a message received with VisibilityTimeout 0
 * stays visible; DeleteMessage removes it.
 */
export class FakeEventsQueue {
  private readonly stored: Stored[] = [];
  private readonly waiting = new Set<() => void>();
  private sequence = 0;
  readonly receives: ReceiveMessageCommandInput[] = [];

  /** The bodies still in the queue. */
  get bodies(): string[] {
    return this.stored.map((message) => message.body);
  }

  send(body: string): void {
    this.stored.push({ id: `m-${++this.sequence}`, body });
    for (const wake of this.waiting) wake();
  }

  readonly receive = async (
    input: ReceiveMessageCommandInput,
  ): Promise<ReceiveMessageCommandOutput> => {
    this.receives.push(input);
    if (this.stored.length === 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, (input.WaitTimeSeconds ?? 0) * 1000);
        this.waiting.add(done);
      });
    }
    const batch = this.stored.slice(0, input.MaxNumberOfMessages ?? 1);
    return {
      Messages: batch.map((m) => ({ MessageId: m.id, ReceiptHandle: m.id, Body: m.body })),
      $metadata: {},
    };
  };

  readonly delete = async (input: DeleteMessageCommandInput) => {
    const index = this.stored.findIndex((message) => message.id === input.ReceiptHandle);
    if (index >= 0) this.stored.splice(index, 1);
    return { $metadata: {} };
  };
}
