import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { ExecutionStatus } from '../constants.js';

/** SQS's longest long poll: one ReceiveMessage per 20 s while nothing happens. */
export const EVENTS_WAIT_TIME_SECONDS = 20;

/**
 * The pause after a receive that brought only other executions' messages. Those stay visible
 * (they are another watcher's), so the next receive would return them at once: the pause keeps
 * that to one call per second, and a status change still arrives within about a second.
 */
export const FOREIGN_MESSAGES_PAUSE_MS = 1000;

const ENDED = new Set<string>([
  ExecutionStatus.Succeeded,
  ExecutionStatus.Failed,
  ExecutionStatus.TimedOut,
  ExecutionStatus.Aborted,
]);

/** Waits `ms`, or less when `signal` aborts; never rejects. */
export type Wait = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The execution and status of an EventBridge "Step Functions Execution Status Change" body. */
export function statusChangeOf(
  body: string | undefined,
): { executionArn: string; status: string } | undefined {
  try {
    const event = JSON.parse(body ?? '') as {
      source?: unknown;
      detail?: { executionArn?: unknown; status?: unknown };
    };
    const { executionArn, status } = event.detail ?? {};
    if (event.source !== 'aws.states') return undefined;
    if (typeof executionArn !== 'string' || typeof status !== 'string') return undefined;
    return { executionArn, status };
  } catch {
    return undefined;
  }
}

/** One execution's watch on the events queue, for as long as it is monitored. */
export class EventWatch {
  private announced = false;
  private wake?: () => void;

  constructor(
    private readonly wait: Wait,
    private readonly release: (watch: EventWatch) => void,
  ) {}

  /** Called by the queue's reader with a status change that ends the execution. */
  ended(): void {
    this.announced = true;
    this.wake?.();
  }

  /**
   * Waits `ms`, or until the queue announces that the execution ended (perhaps while the
   * caller was busy); true when it did. The announcement is then used up.
   */
  async next(ms: number): Promise<boolean> {
    if (!this.announced) {
      const timer = new AbortController();
      const woken = new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      await Promise.race([this.wait(ms, timer.signal), woken]);
      this.wake = undefined;
      timer.abort();
    }
    const announced = this.announced;
    this.announced = false;
    return announced;
  }

  close(): void {
    this.release(this);
  }
}

/**
 * Reads one events queue (see infra's ExecutionEventsQueue) for the executions this process
 * monitors: one long poll at a time, however many executions are watched, and only while one
 * is. The queue may be shared with other runners, so a message is consumed (deleted) only when
 * it is about an execution watched here; the others are received with VisibilityTimeout 0,
 * staying visible to the runner that waits for them, and expire with the queue's retention.
 * An event only shortens the wait: the watcher confirms with one history read, and falls back
 * to its backoff alone when the queue cannot be read.
 */
export class ExecutionEvents {
  private readonly watches = new Map<string, Set<EventWatch>>();
  private polling?: AbortController;
  private closed = false;
  /** Set once a receive failed (no permission, no queue): watchers use their backoff alone. */
  failure?: unknown;

  constructor(
    private readonly sqs: SQSClient,
    readonly queueUrl: string,
    private readonly wait: Wait,
  ) {}

  /** Starts watching an execution's status changes; `close()` the watch when done. */
  watch(executionArn: string): EventWatch {
    const watch = new EventWatch(this.wait, (done) => this.release(executionArn, done));
    const watches = this.watches.get(executionArn) ?? new Set();
    watches.add(watch);
    this.watches.set(executionArn, watches);
    // A reader whose last watch just left is winding down: this watch gets a reader of its own.
    const idle = !this.polling || this.polling.signal.aborted;
    if (idle && !this.closed && this.failure === undefined) {
      const polling = new AbortController();
      this.polling = polling;
      void this.poll(polling.signal).finally(() => {
        if (this.polling === polling) this.polling = undefined;
      });
    }
    return watch;
  }

  /** Stops reading the queue (an outstanding long poll is cancelled). */
  close(): void {
    this.closed = true;
    this.polling?.abort();
  }

  private release(executionArn: string, watch: EventWatch): void {
    const watches = this.watches.get(executionArn);
    watches?.delete(watch);
    if (watches?.size === 0) this.watches.delete(executionArn);
    // Nobody waits: cancel the long poll rather than hold the process for up to 20 s.
    if (this.watches.size === 0) this.polling?.abort();
  }

  private async poll(signal: AbortSignal): Promise<void> {
    while (this.watches.size > 0 && !signal.aborted) {
      let messages: Message[];
      try {
        const response = await this.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.queueUrl,
            WaitTimeSeconds: EVENTS_WAIT_TIME_SECONDS,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: 0,
          }),
          { abortSignal: signal },
        );
        messages = response.Messages ?? [];
      } catch (error) {
        if (!signal.aborted) this.failure = error;
        return;
      }
      const mine = await this.dispatch(messages);
      if (messages.length > 0 && mine === 0) await this.wait(FOREIGN_MESSAGES_PAUSE_MS, signal);
    }
  }

  /** Hands each message about a watched execution to its watches and consumes it. */
  private async dispatch(messages: readonly Message[]): Promise<number> {
    let mine = 0;
    for (const message of messages) {
      const change = statusChangeOf(message.Body);
      const watches = change && this.watches.get(change.executionArn);
      if (!change || !watches) continue;
      mine++;
      if (ENDED.has(change.status)) for (const watch of watches) watch.ended();
      try {
        await this.sqs.send(
          new DeleteMessageCommand({
            QueueUrl: this.queueUrl,
            ReceiptHandle: message.ReceiptHandle,
          }),
        );
      } catch {
        // A delete that fails only leaves the message to expire; the watch was already told.
      }
    }
    return mine;
  }
}
