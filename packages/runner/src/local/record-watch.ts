import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelays } from '../aws/backoff.js';
import { settledResult } from '../client/execution-failure.js';
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
): ExecutionHandle {
  const { executionId, workflow } = record;
  const current = async () => withLiveness(await read(executionId));
  const describe = async (): Promise<ExecutionDescription> => toDescription(await current());
  return {
    executionId,
    workflow,
    describe,
    result: async () => {
      for (const delay of backoffDelays(WATCH_BACKOFF)) {
        const description = await describe();
        if (isTerminal(description.status)) return settledResult(description);
        await sleep(delay);
      }
      throw new Error('unreachable: backoffDelays never ends');
    },
    stop: async () => {
      const latest = await current();
      if (isTerminal(latest.status)) return;
      throw new RunnerUsageError(
        `execution "${executionId}" is run by process ${latest.pid} on ${latest.hostname}, not by this one; only that process can stop it (Ctrl-C there, or kill ${latest.pid})`,
      );
    },
  };
}
