import { createLogger } from '../logger.js';
import type { FilteredRecord, JsonRecord, RecordReject } from '../records/record-types.js';
import { executionPrefix } from '../s3-keys.js';
import { runStage } from '../stage/run-stage.js';
import type { StageDefinition, StageResult } from '../stage/stage-contract.js';
import { readStageLog, StageLog } from '../stage/stage-logs.js';
import type { ScratchS3 } from './scratch-s3.js';

/** What {@link runStageOn} ran: the stage's result and what it wrote, read back. */
export interface StageTestRun {
  readonly result: StageResult;
  readonly records: JsonRecord[];
  readonly rejects: RecordReject[];
  readonly filtered: FilteredRecord[];
}

/** Options of {@link runStageOn}. */
export interface RunStageOnOptions {
  /** @default a fresh id per call */
  readonly executionId?: string;
  /** @default '2026-01-01' */
  readonly logicalDate?: string;
  /** The stage's configuration, as its Lambda's environment would hold it. @default {} */
  readonly env?: NodeJS.ProcessEnv;
}

let runs = 0;

/**
 * Runs one stage on the given lines as the runtime does in a pipeline: they are written as an
 * upstream step's output on the scratch S3, the stage reads them through its pointer, and its
 * output, rejects and filtered records are read back. Lines may be anything JSON can hold; a
 * line that is not a record is rejected by the runtime, as it would be in a pipeline.
 *
 * @example
 * const { result, records, rejects } = await runStageOn(s3, upperStage, [{ name: 'ada' }, 5]);
 * expect(result.received).toBe(result.records + result.rejected + result.filtered);
 */
export async function runStageOn<Config>(
  s3: ScratchS3,
  stage: StageDefinition<Config>,
  lines: readonly unknown[],
  options: RunStageOnOptions = {},
): Promise<StageTestRun> {
  const executionId = options.executionId ?? `stage-test-${process.pid}-${++runs}`;
  const upstream = {
    bucket: s3.bucket,
    key: `${executionPrefix(executionId)}/Upstream/output.json`,
  };
  await s3.put(upstream.key, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  const result = await runStage(
    stage,
    {
      executionId,
      workflow: 'stage-test',
      input: { ...upstream, logicalDate: options.logicalDate ?? '2026-01-01' },
    },
    {
      s3: s3.client,
      location: { bucket: s3.bucket },
      logger: createLogger({ level: 'silent' }),
      env: options.env ?? {},
    },
  );
  // Read as the runner reads them: what the result counts, never what merely lies at the key.
  const logOf = async (log: StageLog) => {
    const records: JsonRecord[] = [];
    for await (const record of readStageLog(s3.client, [result], log)) records.push(record);
    return records;
  };
  return {
    result,
    records: await s3.readRecords(result.key),
    rejects: (await logOf(StageLog.Rejects)) as unknown as RecordReject[],
    filtered: (await logOf(StageLog.Filtered)) as unknown as FilteredRecord[],
  };
}
