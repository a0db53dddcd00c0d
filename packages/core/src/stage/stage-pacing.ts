import { StageAbortedError } from '../errors.js';
import type { JsonRecord } from '../records/record-types.js';
import type { StageRun } from './stage-run.js';

/**
 * Rejects and side-output records pushed and not yet uploaded, per object, above which the
 * stage stops reading until the uploads catch up. Without it a stage rejecting every record
 * of a large input would hold them all in memory whenever S3 is slower than the transform.
 */
export const MAX_PENDING_SIDE_RECORDS = 10_000;

/** How often, in records read, the backlogs are looked at: cheap, and far below the bound. */
const PACING_INTERVAL = 64;

/**
 * Passes the source's records to the transform, counting each as received. It stops reading
 * while the rejects or a side output lag behind, and throws {@link StageAbortedError} as soon
 * as the host aborts the run, so a timed-out stage stops instead of running on beside its retry.
 */
export async function* receivedRecords<Config>(
  records: AsyncIterable<JsonRecord>,
  run: StageRun<Config>,
): AsyncGenerator<JsonRecord> {
  for await (const record of records) {
    run.counts.received++;
    throwIfStopped(run);
    if (
      run.counts.received % PACING_INTERVAL === 0 &&
      (run.rejects.backlog >= MAX_PENDING_SIDE_RECORDS ||
        run.sideOutputs.backlog >= MAX_PENDING_SIDE_RECORDS)
    ) {
      await Promise.all([
        run.rejects.whenBelow(MAX_PENDING_SIDE_RECORDS),
        run.sideOutputs.whenBelow(MAX_PENDING_SIDE_RECORDS),
      ]);
      throwIfStopped(run);
    }
    yield record;
  }
}

/** Passes the transform's records to the writer until the host aborts the run. */
export async function* untilStopped<Config>(
  records: AsyncIterable<JsonRecord>,
  run: StageRun<Config>,
): AsyncGenerator<JsonRecord> {
  for await (const record of records) {
    throwIfStopped(run);
    yield record;
  }
  throwIfStopped(run);
}

/** Throws {@link StageAbortedError} once the run's signal has aborted. */
export function throwIfStopped<Config>(run: StageRun<Config>): void {
  const { signal } = run.context;
  if (signal.aborted) throw new StageAbortedError(run.step, signal.reason);
}
