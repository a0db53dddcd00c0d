import type { S3Client } from '@aws-sdk/client-s3';
import {
  type Logger,
  type RunManifest,
  readJsonLines,
  type StageEvent,
  type StageResult,
} from '@ceap/core';

/** Which run of a step a task is about to make: a step, or one iteration of a Map step. */
export interface StepRun {
  readonly step: string;
  /** A Map iteration's part index. */
  readonly part?: number;
  /** A Glue job's folder output counts only with its `_SUCCESS` marker. */
  readonly folderOutput?: boolean;
  /** The event the state gave a Lambda step's or Map iteration's stage. */
  readonly event?: StageEvent;
}

/**
 * A redrive's memory of the earlier attempts: the result a step (or Map iteration) recorded
 * when it succeeded, provided its output is still what that result promises.
 */
export type StepReuse = (run: StepRun, signal: AbortSignal) => Promise<StageResult | undefined>;

/**
 * The reuse of a redrive: each step or Map iteration with an entry in the run manifest (written
 * only when it succeeded) returns that entry instead of running again, once its output has been
 * read to the end and matched the entry's records, bytes and checksum, as any reader checks it.
 * An output that no longer matches (deleted, rewritten) is not trusted: the step runs again.
 */
export function manifestReuse(
  s3: S3Client,
  manifest: RunManifest | undefined,
  logger: Logger,
): StepReuse {
  return async (run, signal) => {
    const recorded = recordedResult(manifest, run);
    if (!recorded) return undefined;
    try {
      await readToEnd(s3, recorded, run.folderOutput === true, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      logger.warn(
        { stage: run.step, part: run.part, error: (error as Error).name },
        'redrive: the recorded output no longer matches its manifest entry; the step runs again',
      );
      return undefined;
    }
    logger.info({ stage: run.step, part: run.part }, 'redrive: reused the succeeded step');
    return recorded;
  };
}

/** The result the manifest recorded for a step or Map iteration that succeeded. */
export function recordedResult(
  manifest: RunManifest | undefined,
  run: StepRun,
): StageResult | undefined {
  if (!manifest) return undefined;
  if (run.part !== undefined) {
    const parts = manifest.parts?.[run.step] ?? [];
    const entry = parts.find((p) => (p as StageResult & { part?: number }).part === run.part);
    if (!entry) return undefined;
    const { part: _part, ...result } = entry as StageResult & { part?: number };
    return result;
  }
  // A Map step's manifest row is its iterations' sum, never a result a task returned.
  if (manifest.parts?.[run.step]) return undefined;
  return Object.hasOwn(manifest.stages, run.step) ? manifest.stages[run.step] : undefined;
}

async function readToEnd(
  s3: S3Client,
  result: StageResult,
  folderOutput: boolean,
  signal: AbortSignal,
): Promise<void> {
  const records = readJsonLines(
    s3,
    { bucket: result.bucket, key: result.key },
    {
      onReject: () => undefined,
      expected: { records: result.records, bytes: result.bytes, checksum: result.checksum },
      requireSuccessMarker: folderOutput,
    },
  );
  for await (const _record of records) {
    signal.throwIfAborted();
  }
}
