import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type ReceiveMessageCommandInput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { ExecutionEvents, statusChangeOf } from '../../src/aws/execution-events.js';
import { FakeEventsQueue, statusChangeBody } from '../helpers/fake-events-queue.js';

const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-batch';
const execution = (name: string) =>
  `arn:aws:states:eu-west-1:123456789012:execution:dev-ceap-batch:${name}`;
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/dev-ceap-batch-events';

function fakeTimerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

describe('one reader of the events queue for every execution a process watches', () => {
  const sqs = mockClient(SQSClient);
  let queue: FakeEventsQueue;
  let inFlight = 0;
  let mostInFlight = 0;

  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-03-11T02:00:00Z') });
    sqs.reset();
    queue = new FakeEventsQueue();
    inFlight = 0;
    mostInFlight = 0;
    sqs.on(ReceiveMessageCommand).callsFake(async (input: ReceiveMessageCommandInput) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        return await queue.receive(input);
      } finally {
        inFlight--;
      }
    });
    sqs.on(DeleteMessageCommand).callsFake(queue.delete);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('wakes only the watch whose execution ended, and leaves other runners messages', async () => {
    // Arrange
    const events = new ExecutionEvents(new SQSClient({}), QUEUE_URL, fakeTimerSleep);
    const a = events.watch(execution('a'));
    const b = events.watch(execution('b'));
    const foreign = statusChangeBody(execution('c'), MACHINE, 'SUCCEEDED', new Date());
    const started = statusChangeBody(execution('b'), MACHINE, 'RUNNING', new Date());
    setTimeout(() => {
      queue.send(foreign);
      queue.send(started);
      queue.send(statusChangeBody(execution('a'), MACHINE, 'FAILED', new Date()));
    }, 30_000);

    // Act
    const woken = Promise.all([a.next(60_000), b.next(60_000)]).then((r) => [r, Date.now()]);
    await jest.advanceTimersByTimeAsync(60_000);
    const [[aEnded, bEnded]] = (await woken) as [[boolean, boolean], number];
    a.close();
    b.close();
    await jest.advanceTimersByTimeAsync(1000);
    events.close();

    // Assert
    expect(aEnded).toBe(true);
    expect(bEnded).toBe(false);
    expect(mostInFlight).toBe(1);
    expect(queue.bodies).toEqual([foreign]);
  });

  it.each([
    ['not JSON', 'hello'],
    [
      'another source',
      JSON.stringify({ source: 'aws.s3', detail: { executionArn: 'x', status: 'SUCCEEDED' } }),
    ],
    ['no status', JSON.stringify({ source: 'aws.states', detail: { executionArn: 'x' } })],
  ])('reads a message that is %s as no status change', (_why, body) => {
    // Arrange / Act
    const change = statusChangeOf(body);
    // Assert
    expect(change).toBeUndefined();
  });
});
