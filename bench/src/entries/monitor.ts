import { SFNClient } from '@aws-sdk/client-sfn';
import { chain, defineWorkflow, lambda } from '@ceap/core/workflow';
import { createRunnerClient } from '@ceap/runner';
import { type Benchmark, entry } from '../harness.js';

const ACCOUNT = 'arn:aws:states:eu-west-1:123456789012';
const MACHINE_ARN = `${ACCOUNT}:stateMachine:bench-monitor`;
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/bench-monitor-events';
const TWO_HOURS_MS = 2 * 60 * 60 * 1000;
/** Issue 16's bounds for a 2-hour run watched through the events queue. */
const MAX_LATENCY_MS = 5000;
const MAX_CALLS = 150;

const workflow = defineWorkflow({
  name: 'bench-monitor',
  type: 'STANDARD',
  timeoutSeconds: 3 * 60 * 60,
  steps: chain(lambda('SourceStage'), lambda('UpperStage')),
});

/**
 * Simulated time: `sleep` registers a timer, `runUntil` fires them in order, letting the
 * promises they resume settle between timers. Nothing in a simulated run waits for real time.
 */
class VirtualClock {
  now = 0;
  private timers: { at: number; fire: () => void }[] = [];

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      const timer = { at: this.now + ms, fire: resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
        { once: true },
      );
    });

  async runUntil(done: () => boolean, limitMs: number): Promise<void> {
    while (!done() && this.now <= limitMs) {
      await new Promise((resolve) => setImmediate(resolve));
      if (done()) return;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (!next) continue;
      this.now = next.at;
      next.fire();
    }
  }
}

/** A history as AWS returns it: the run is RUNNING until `endsAt`, then SUCCEEDED. */
function historyAt(clock: VirtualClock, endsAt: number) {
  const started = { id: 1, type: 'ExecutionStarted', timestamp: new Date(0) };
  const succeeded = {
    id: 2,
    previousEventId: 1,
    type: 'ExecutionSucceeded',
    timestamp: new Date(endsAt),
  };
  return () => (clock.now >= endsAt ? [started, succeeded] : [started]);
}

interface Simulated {
  readonly latencyMs: number;
  readonly sfnCalls: number;
  readonly sqsCalls: number;
}

/**
 * One simulated 2-hour Standard run watched by the AWS target: Step Functions and SQS answer
 * from the simulated history and queue, every call counted; the status change reaches the
 * queue the moment the run ends. API round trips take no simulated time.
 */
async function simulate(withEvents: boolean, endsAt: number): Promise<Simulated> {
  const clock = new VirtualClock();
  const history = historyAt(clock, endsAt);
  const executionArn = `${ACCOUNT}:execution:bench-monitor:run-1`;
  const queue: { id: string; body: string }[] = [];
  let sfnCalls = 0;
  let sqsCalls = 0;
  const sfn = new SFNClient({ region: 'eu-west-1' });
  sfn.send = (async (command: {
    constructor: { name: string };
    input: Record<string, unknown>;
  }) => {
    sfnCalls++;
    const events = history();
    switch (command.constructor.name) {
      case 'StartExecutionCommand':
        return { executionArn, startDate: new Date(0) };
      case 'GetExecutionHistoryCommand': {
        const ordered = command.input.reverseOrder ? [...events].reverse() : events;
        return { events: ordered.slice(0, Number(command.input.maxResults ?? 1000)) };
      }
      case 'DescribeExecutionCommand': {
        const ended = events.length > 1;
        return {
          executionArn,
          stateMachineArn: MACHINE_ARN,
          name: 'run-1',
          status: ended ? 'SUCCEEDED' : 'RUNNING',
          startDate: new Date(0),
          ...(ended && { stopDate: new Date(endsAt), output: '{}' }),
          input: '{}',
        };
      }
      default:
        throw new Error(`the simulation does not answer ${command.constructor.name}`);
    }
  }) as never;
  const wakes = new Set<() => void>();
  const sqs = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sqsCalls++;
      if (command.constructor.name === 'DeleteMessageCommand') {
        queue.splice(
          queue.findIndex((m) => m.id === command.input.ReceiptHandle),
          1,
        );
        return {};
      }
      if (queue.length === 0) {
        const poll = new AbortController();
        await Promise.race([
          clock.sleep(Number(command.input.WaitTimeSeconds) * 1000, poll.signal),
          new Promise<void>((resolve) => wakes.add(resolve)),
        ]);
        poll.abort();
        wakes.clear();
      }
      return {
        Messages: queue.map((m) => ({ MessageId: m.id, ReceiptHandle: m.id, Body: m.body })),
      };
    },
    destroy: () => undefined,
  };
  void clock.sleep(endsAt).then(() => {
    const detail = {
      executionArn,
      stateMachineArn: MACHINE_ARN,
      name: 'run-1',
      status: 'SUCCEEDED',
    };
    queue.push({
      id: 'm-1',
      body: JSON.stringify({
        source: 'aws.states',
        'detail-type': 'Step Functions Execution Status Change',
        detail,
      }),
    });
    for (const wake of wakes) wake();
  });
  const target = createRunnerClient({
    target: 'aws',
    workflows: { [workflow.name]: workflow },
    aws: {
      stateMachineArns: { [workflow.name]: MACHINE_ARN },
      executionEventsQueueUrl: withEvents ? QUEUE_URL : false,
      // The baseline: a fixed 1 s poll, as a hand-written watcher would do.
      ...(!withEvents && { backoff: { initialMs: 1000, factor: 1, maxMs: 1000 } }),
      clients: { sfn, sqs: sqs as never },
      sleep: clock.sleep,
    },
  });
  const handle = await target.start({ workflow: workflow.name, executionId: 'run-1' });
  let detectedAt: number | undefined;
  void handle.result().then(() => {
    detectedAt = clock.now;
  });
  await clock.runUntil(() => detectedAt !== undefined, endsAt + 10 * 60 * 1000);
  await target.close();
  if (detectedAt === undefined) throw new Error('the simulated run was never seen to end');
  return { latencyMs: detectedAt - endsAt, sfnCalls, sqsCalls };
}

/**
 * The AWS target watching a simulated 2-hour Standard run through the events queue, against
 * a fixed 1 s history poll: detection latency (simulated ms after the run ended) and the
 * Step Functions calls each made. Each round ends the run at a different moment of a second.
 */
export const monitor: Benchmark = {
  name: 'monitor',
  run: async ({ quick, rounds }) => {
    const ends = Array.from(
      { length: quick ? 1 : rounds },
      (_, round) => TWO_HOURS_MS + ((round * 379 + 137) % 1000),
    );
    const events: Simulated[] = [];
    const polling: Simulated[] = [];
    for (const endsAt of ends) {
      events.push(await simulate(true, endsAt));
      polling.push(await simulate(false, endsAt));
    }
    const most = (runs: Simulated[], key: keyof Simulated) => Math.max(...runs.map((r) => r[key]));
    const result = entry(
      {
        name: 'monitor',
        description: 'detection latency of a 2-hour Standard run on AWS (simulated time)',
        goal: `seen within ${MAX_LATENCY_MS / 1000} s with at most ${MAX_CALLS} Step Functions calls`,
        detail: `Step Functions calls: ${most(events, 'sfnCalls')} with events (and ${most(events, 'sqsCalls')} SQS calls), ${most(polling, 'sfnCalls')} with a fixed 1 s poll; API round trips not simulated`,
      },
      { label: 'events queue + history backoff', times: events.map((r) => r.latencyMs) },
      { label: 'GetExecutionHistory every 1 s', times: polling.map((r) => r.latencyMs) },
    );
    const met =
      most(events, 'latencyMs') <= MAX_LATENCY_MS && most(events, 'sfnCalls') <= MAX_CALLS;
    return { ...result, met };
  },
};
