import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelays } from '../aws/backoff.js';
import { settledResult } from '../client/execution-failure.js';
import { DEFAULT_STOP_REASON } from '../constants.js';
import { RunnerUsageError } from '../errors.js';
import type { ExecutionDescription, ExecutionHandle } from '../execution-types.js';
import type { ExecutionRecord } from '../index-store/execution-index.js';
import { isTerminal, toDescription, withLiveness } from './record-description.js';

/** How often a watcher reads a record it does not own: from 50 ms up to once a second. */
const WATCH_BACKOFF = { initialMs: 50, factor: 1.5, maxMs: 1000 } as const;

/**
 * A handle on an execution that another process runs (or ran): it reads the index record,
 * with backoff, until the record is terminal. A record whose process has gone counts as
 * ABORTED, so `result()` never waits on a run that nobody runs.
 */
export function watchedHandle(
  record: ExecutionRecord,
  read: (executionId: string) => Promise<ExecutionRecord>,
  requestStop: (record: ExecutionRecord, reason: string) => Promise<void>,
): ExecutionHandle {
  const { executionId, workflow } = record;
  const current = async () => withLiveness(await read(executionId));
  const describe = async (): Promise<ExecutionDescription> => toDescription(await current());
  const ended = async (): Promise<ExecutionDescription> => {
    for (const delay of backoffDelays(WATCH_BACKOFF)) {
      const description = await describe();
      if (isTerminal(description.status)) return description;
      await sleep(delay);
    }
    throw new Error('unreachable: backoffDelays never ends');
  };
  return {
    executionId,
    workflow,
    describe,
    result: async () => settledResult(await ended()),
    stop: async (reason = DEFAULT_STOP_REASON) => {
      const latest = await current();
      if (isTerminal(latest.status)) return;
      if (latest.hostname !== hostname()) {
        throw new RunnerUsageError(
          `execution "${executionId}" is run by process ${latest.pid} on ${latest.hostname}, not on this host; stop it there`,
        );
      }
      if (latest.pid === process.pid) {
        // Signalling this very process would stop every run in it, not just this one.
        throw new RunnerUsageError(
          `execution "${executionId}" is run by process ${latest.pid} on ${latest.hostname}, not by this one: another client in this process runs it; stop it with that client's handle`,
        );
      }
      await requestStop(latest, reason);
      await ended();
      // The run is ABORTED; its process then ends its children (python3) and exits.
      await processGone(latest.pid, EXIT_WAIT_MS);
    },
  };
}

/** How long `stop` waits for the stopped run's process to exit once the run has ended. */
const EXIT_WAIT_MS = 15_000;

/** Resolves once process `pid` has gone, or when `budgetMs` has passed (a library owner lives on). */
async function processGone(pid: number, budgetMs: number): Promise<void> {
  const deadline = Date.now() + budgetMs;
  for (const delay of backoffDelays(WATCH_BACKOFF)) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (Date.now() >= deadline) return;
    await sleep(delay);
  }
}
