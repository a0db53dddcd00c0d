import type { PricesInUse } from '../cost/execution-cost.js';

/** The most a load test may send and run at once: a load test here is bounded. */
export const LOAD_LIMITS = { messages: 10_000, concurrency: 200 } as const;

/** What `ceap load` asks. */
export interface LoadRequest {
  readonly workflow: string;
  readonly messages: number;
  /** Messages (locally) or SendMessageBatch calls (AWS) in flight at once. @default 10 */
  readonly concurrency?: number;
  /** @default `load-{time}-{hex}` */
  readonly testRunId?: string;
  readonly prices?: PricesInUse;
  /** Called after each message's run ends (local) or each batch is sent (AWS). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Latency percentiles, in milliseconds, from a message's send to its run's end. */
export interface LatencyPercentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** What `ceap load` reports. */
export interface LoadReport {
  readonly workflow: string;
  readonly target: 'local' | 'aws';
  readonly testRunId: string;
  readonly messages: number;
  readonly concurrency: number;
  readonly recordsSent: number;
  /** From the first send to the last run's end (local) or the queue's draining (AWS). */
  readonly durationMs: number;
  /** Messages per second over `durationMs`. */
  readonly throughputPerSecond: number;
  /** Local only: AWS keeps no history of Express runs to time them by. */
  readonly latencyMs?: LatencyPercentiles;
  /** Runs (local) or messages (AWS: sends refused, and messages that reached the DLQ) that failed. */
  readonly failures: number;
  /** Summed over the runs' step results (local). */
  readonly recordsOut?: number;
  readonly rejected?: number;
  readonly filtered?: number;
  /** Records sent in succeeded runs − (records out + rejected + filtered): must be 0. */
  readonly lostRecords?: number;
  /** Dollars: the runs' own costs added up (local), or N runs projected (AWS). */
  readonly estimatedCost: { readonly total: string; readonly totalNanoUsd: number };
  readonly notes: readonly string[];
}
