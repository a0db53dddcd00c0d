import { StageAbortedError } from '../errors.js';
import type { JsonRecord } from '../records/record-types.js';
import type { StageRun } from './stage-run.js';

/**
 * Rejected, filtered and side-output records pushed and not yet uploaded, per object, above which the
 * stage stops reading until the uploads catch up. Without it a stage rejecting every record
 * of a large input would hold them all in memory whenever S3 is slower than the transform.
 */
export const MAX_PENDING_SIDE_RECORDS = 10_000;

/** How often, in records read, the backlogs are looked at: cheap, and far below the bound. */
const PACING_INTERVAL = 64;

/**
 * Passes the source's records to the transform, counting each as received. It stops reading
 * while the rejects, the filtered records or a side output lag behind, and throws
 * {@link StageAbortedError} as soon as the host aborts the run, so a timed-out stage stops
 * instead of running on beside its retry.
 */
export async function* receivedRecords<Config>(
  records: AsyncIterable<JsonRecord>,
  run: StageRun<Config>,
): AsyncGenerator<JsonRecord> {
  for await (const record of records) {
    run.counts.received++;
    throwIfStopped(run);
    if (run.counts.received % PACING_INTERVAL === 0) await catchUp(run);
    yield record;
  }
}

/**
 * Passes the transform's records to the writer, with the same pacing and stop: a transform
 * that holds records back (a dedupe) sets many aside only as it yields at the end.
 */
export async function* untilStopped<Config>(
  records: AsyncIterable<JsonRecord>,
  run: StageRun<Config>,
): AsyncGenerator<JsonRecord> {
  let yielded = 0;
  for await (const record of records) {
    throwIfStopped(run);
    if (++yielded % PACING_INTERVAL === 0) await catchUp(run);
    yield record;
  }
  throwIfStopped(run);
}

/** Waits while any log of set-aside records holds too many unsent, then checks for a stop. */
async function catchUp<Config>(run: StageRun<Config>): Promise<void> {
  const logs = [run.rejects.writer, run.filtered.writer, run.sideOutputs];
  if (logs.every((log) => log.backlog < MAX_PENDING_SIDE_RECORDS)) return;
  await Promise.all(logs.map((log) => log.whenBelow(MAX_PENDING_SIDE_RECORDS)));
  throwIfStopped(run);
}

/** Throws {@link StageAbortedError} once the run's signal has aborted. */
export function throwIfStopped<Config>(run: StageRun<Config>): void {
  const { signal } = run.context;
  if (signal.aborted) throw new StageAbortedError(run.step, signal.reason);
}
