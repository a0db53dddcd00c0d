import { setTimeout as sleep } from 'node:timers/promises';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DEFAULT_DEPLOYMENT_PREFIX, WorkflowStackOutput } from '@ceap/core';
import pLimit from 'p-limit';
import { callAws } from '../aws/aws-errors.js';
import { backoffDelays } from '../aws/backoff.js';
import { StateMachineArns } from '../aws/state-machine-arns.js';
import { loadMessageBody, newTestRunId, RECORDS_PER_MESSAGE } from './load-messages.js';
import { checkLoadRequest } from './load-request.js';
import type { LoadReport, LoadRequest } from './load-types.js';

/** SendMessageBatch's largest batch. */
const BATCH_SIZE = 10;

/** The AWS side of a load test: the workflow's deployed queue, found by its stack's outputs. */
export interface SqsLoadOptions {
  readonly prefix?: string;
  readonly region?: string;
  readonly sqs?: SQSClient;
  readonly cloudFormation?: CloudFormationClient;
  /** Waits between polls of the queue. @default setTimeout */
  readonly wait?: (ms: number) => Promise<void>;
  /** The projected cost of the N runs (the caller prices them). */
  readonly estimate: (runs: number) => Promise<{ total: string; totalNanoUsd: number }>;
}

/**
 * Sends N generated messages to the workflow's SQS queue (the stack's QueueUrl output) with
 * SendMessageBatch, 10 a call and `concurrency` calls in flight, each tagged with the test's
 * `testRunId` (a message attribute, and in the body); then waits, polling GetQueueAttributes
 * with backoff, until the queue has no message visible or in flight, and counts the messages
 * its dead-letter queue gained as failures.
 */
export async function runSqsLoad(
  request: LoadRequest,
  options: SqsLoadOptions,
): Promise<LoadReport> {
  const { messages, concurrency } = checkLoadRequest(request);
  const testRunId = request.testRunId ?? newTestRunId();
  const sqs = options.sqs ?? new SQSClient(options.region ? { region: options.region } : {});
  const cloudFormation =
    options.cloudFormation ??
    new CloudFormationClient(options.region ? { region: options.region } : {});
  const stacks = new StateMachineArns(cloudFormation, options.prefix ?? DEFAULT_DEPLOYMENT_PREFIX);
  const deploy = 'deploy the workflow with its queue';
  const queueUrl = await stacks.output(request.workflow, WorkflowStackOutput.QueueUrl, deploy);
  const dlqKey = WorkflowStackOutput.DeadLetterQueueUrl;
  const deadLetterUrl = await stacks.output(request.workflow, dlqKey, deploy);
  const deadBefore = (await depth(sqs, deadLetterUrl)).visible;
  const started = performance.now();
  const refused = await sendAll(sqs, queueUrl, testRunId, messages, concurrency, request);
  await drained(sqs, queueUrl, options.wait ?? ((ms) => sleep(ms)));
  const durationMs = performance.now() - started;
  const dead = (await depth(sqs, deadLetterUrl)).visible - deadBefore;
  if (!options.sqs) sqs.destroy();
  if (!options.cloudFormation) cloudFormation.destroy();
  return {
    workflow: request.workflow,
    target: 'aws',
    testRunId,
    messages,
    concurrency,
    recordsSent: messages * RECORDS_PER_MESSAGE,
    durationMs: Math.round(durationMs),
    throughputPerSecond: Math.round((messages * 10_000) / Math.max(1, durationMs)) / 10,
    failures: refused + Math.max(0, dead),
    estimatedCost: await options.estimate(messages),
    notes: [
      'duration: from the first send until the queue had no message visible or in flight',
      'failures: sends SQS refused, and messages the dead-letter queue gained meanwhile',
      'latency and lost records are not measured on AWS: Express runs keep no execution history (their step results are in CloudWatch Logs)',
      'cost: the N runs projected as `ceap cost --workflow W --runs N` does',
    ],
  };
}

async function sendAll(
  sqs: SQSClient,
  queueUrl: string,
  testRunId: string,
  messages: number,
  concurrency: number,
  request: LoadRequest,
): Promise<number> {
  const limit = pLimit(concurrency);
  const now = new Date();
  let sent = 0;
  const batches = Array.from({ length: Math.ceil(messages / BATCH_SIZE) }, (_, batch) => {
    const first = batch * BATCH_SIZE;
    const count = Math.min(BATCH_SIZE, messages - first);
    return Array.from(
      { length: count },
      (_, i): SendMessageBatchRequestEntry => ({
        Id: `m${first + i}`,
        MessageBody: loadMessageBody(testRunId, first + i, now),
        MessageAttributes: { testRunId: { DataType: 'String', StringValue: testRunId } },
      }),
    );
  });
  const refused = await Promise.all(
    batches.map((entries) =>
      limit(async () => {
        const response = await callAws({ operation: 'SendMessageBatch', resource: queueUrl }, () =>
          sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries })),
        );
        sent += entries.length;
        request.onProgress?.(sent, messages);
        return response.Failed?.length ?? 0;
      }),
    ),
  );
  return refused.reduce((sum, n) => sum + n, 0);
}

async function depth(
  sqs: SQSClient,
  queueUrl: string,
): Promise<{ visible: number; inFlight: number }> {
  const response = await callAws({ operation: 'GetQueueAttributes', resource: queueUrl }, () =>
    sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    ),
  );
  const attributes = response.Attributes ?? {};
  return {
    visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

/** Polls with backoff (1 s, ×1.5, at most 60 s) until the queue is empty and nothing in flight. */
async function drained(sqs: SQSClient, queueUrl: string, wait: (ms: number) => Promise<void>) {
  const delays = backoffDelays({});
  for (;;) {
    const { visible, inFlight } = await depth(sqs, queueUrl);
    if (visible === 0 && inFlight === 0) return;
    await wait(delays.next().value);
  }
}
