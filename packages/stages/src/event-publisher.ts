import type { PutEventsCommandOutput, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { Logger, SideOutput } from '@ceap/core';
import type { CandidateEvent } from './candidate-event.js';
import { EventPublishError } from './errors.js';

/** The part of an EventBridge client the publisher uses (an `EventBridgeClient` fits). */
export interface EventBridgeSender {
  send(command: PutEventsCommand): Promise<PutEventsCommandOutput>;
}

/** Where ReactiveStage's events go. */
export interface EventSink {
  /** Queues an event; false when it is too large to ever be sent. */
  publish(event: CandidateEvent): Promise<boolean>;
  /** Sends what is queued; resolves to the number of events delivered in all. */
  close(): Promise<number>;
}

/** How failed entries are retried. */
export interface PublishRetryOptions {
  /** Attempts per batch, the first included. @default 5 */
  readonly maxAttempts?: number;
  /** The first wait; each later wait doubles. @default 100 */
  readonly baseDelayMs?: number;
  /** @default 5000 */
  readonly maxDelayMs?: number;
}

/** PutEvents limits: 10 entries per request, 256 KB per request and per entry. */
export const PUT_EVENTS_MAX_ENTRIES = 10;
export const PUT_EVENTS_MAX_BYTES = 256 * 1024;
/** `Time` counts as 14 bytes in an entry's size. */
const TIME_BYTES = 14;

/** Writes events to a JSON Lines side output (`events.json`): the local default. */
export function sideOutputSink(output: SideOutput): EventSink {
  let written = 0;
  return {
    publish: async (event) => {
      output.write(event as unknown as Record<string, unknown>);
      written++;
      return true;
    },
    close: async () => written,
  };
}

/**
 * Sends events with EventBridge PutEvents in batches of at most 10 entries and under 256 KB.
 * When a response reports failed entries (`FailedEntryCount`, `Entries[i].ErrorCode`), only
 * those entries are sent again, with exponential backoff; if they still fail, it throws
 * {@link EventPublishError}, a retryable stage error.
 */
export function eventBridgeSink(
  client: EventBridgeSender,
  eventBusName: string,
  logger: Logger,
  retry: PublishRetryOptions = {},
  sleep: (ms: number) => Promise<void> = delay,
): EventSink {
  const maxAttempts = retry.maxAttempts ?? 5;
  const baseDelayMs = retry.baseDelayMs ?? 100;
  const maxDelayMs = retry.maxDelayMs ?? 5000;
  let batch: PutEventsRequestEntry[] = [];
  let batchBytes = 0;
  let delivered = 0;

  const send = async (entries: PutEventsRequestEntry[]): Promise<void> => {
    let pending = entries;
    for (let attempt = 1; ; attempt++) {
      const response = await client.send(new PutEventsCommand({ Entries: pending }));
      const failed = failedEntries(pending, response);
      delivered += pending.length - failed.length;
      if (failed.length === 0) return;
      const byCode = countCodes(response);
      if (attempt >= maxAttempts) {
        throw new EventPublishError(
          `EventBridge refused ${failed.length} of ${entries.length} events on bus "${eventBusName}" after ${attempt} attempts (${describeCodes(byCode)})`,
          byCode,
        );
      }
      const wait = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      logger.warn(
        { failed: failed.length, errorCodes: byCode, attempt, waitMs: wait },
        'retrying failed PutEvents entries',
      );
      await sleep(wait);
      pending = failed;
    }
  };

  const flush = async () => {
    if (batch.length === 0) return;
    const entries = batch;
    batch = [];
    batchBytes = 0;
    await send(entries);
  };

  return {
    publish: async (event) => {
      const entry: PutEventsRequestEntry = {
        EventBusName: eventBusName,
        Source: event.source,
        DetailType: event['detail-type'],
        Time: new Date(event.time),
        Detail: JSON.stringify(event.detail),
      };
      const bytes = entrySize(entry);
      if (bytes > PUT_EVENTS_MAX_BYTES) return false;
      if (batch.length >= PUT_EVENTS_MAX_ENTRIES || batchBytes + bytes > PUT_EVENTS_MAX_BYTES)
        await flush();
      batch.push(entry);
      batchBytes += bytes;
      return true;
    },
    close: async () => {
      await flush();
      return delivered;
    },
  };
}

/** An entry's size as EventBridge counts it (the bus name is added, to stay on the safe side). */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time ? TIME_BYTES : 0;
  for (const text of [entry.Source, entry.DetailType, entry.Detail, entry.EventBusName]) {
    if (text) size += Buffer.byteLength(text, 'utf8');
  }
  for (const resource of entry.Resources ?? []) size += Buffer.byteLength(resource, 'utf8');
  return size;
}

function failedEntries(
  sent: PutEventsRequestEntry[],
  response: PutEventsCommandOutput,
): PutEventsRequestEntry[] {
  if (!response.FailedEntryCount) return [];
  const failed = sent.filter((_, index) => response.Entries?.[index]?.ErrorCode);
  // A count with no entry marked: resend them all rather than lose any.
  return failed.length > 0 ? failed : sent;
}

function countCodes(response: PutEventsCommandOutput): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of response.Entries ?? []) {
    if (entry.ErrorCode) counts[entry.ErrorCode] = (counts[entry.ErrorCode] ?? 0) + 1;
  }
  return counts;
}

function describeCodes(byCode: Record<string, number>): string {
  const parts = Object.entries(byCode).map(([code, count]) => `${code} x${count}`);
  return parts.length > 0 ? parts.join(', ') : 'no error codes given';
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
