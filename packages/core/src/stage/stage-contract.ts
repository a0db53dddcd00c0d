import type { Logger } from 'pino';
import type { StageAccess } from '../contracts/stage-access.js';
import type { ExecutionId } from '../execution-id.js';
import type { JsonRecord, S3Pointer } from '../records/record-types.js';
import type { DataLocation } from '../s3-keys.js';
import type { StageIO } from './stage-io.js';
import { assertStageOptions } from './stage-options-checks.js';

/**
 * What a stage task receives. The compiled ASL builds it from `$$.Execution.Name`,
 * `$$.Execution.StartTime` and the state's input, so Lambda and the local engine see the same.
 */
export interface StageEvent {
  readonly executionId: string;
  readonly executionStartTime?: string;
  readonly workflow?: string;
  /**
   * The workflow step this run is: its folder under the execution and its name in the
   * manifest. Two steps may run the same stage. @default the stage's name
   */
  readonly step?: string;
  /** The upstream step's {@link StageResult}, or the execution input for a first step. */
  readonly input?: unknown;
  /**
   * Each upstream step's result (or `{ status }` when it did not succeed) by step name, for a
   * step that joins several. The default source reads every upstream that succeeded.
   */
  readonly inputs?: Readonly<Record<string, unknown>>;
  /**
   * A Map iteration's index: the run writes part `part-{index}` of the step's folder output
   * (and of its rejects), leaving the other iterations' parts alone.
   */
  readonly part?: number;
  /**
   * A test run of the step (`ceap run-step`), numbered from 1: the run writes its output,
   * rejects and side outputs under `{step}/test-{n}/` and records nothing in the run manifest,
   * so the execution's own results stay as they were. @default the step's own run
   */
  readonly testRun?: number;
}

/** What a stage returns: a pointer to its output and its counts, never the records. */
export interface StageResult extends S3Pointer {
  readonly executionId: string;
  readonly workflow: string;
  readonly stage: string;
  readonly logicalDate: string;
  /**
   * The identity of the run's logical input (see `logicalInputKey`), the same for every step
   * and for every execution of the same input: outputs meant to be written once per input are
   * keyed by it, not by the execution.
   */
  readonly runKey: string;
  /** `{prefix}executions/{executionId}`, so later steps (the Glue job) can place outputs. */
  readonly executionPrefix: string;
  /**
   * Where this run's rejects are, when `rejected` is more than 0. With 0 there is nothing to
   * read, whatever an earlier attempt left at this key: a run never deletes a stale log, so
   * readers go by the counts (`readStageLog` does).
   */
  readonly rejectsKey: string;
  /** Records that came in: those read plus lines that were not records. */
  readonly received: number;
  /** Records written to the output. */
  readonly records: number;
  readonly rejected: number;
  /** Records the stage dropped on purpose, in total and by reason. */
  readonly filtered: number;
  readonly filteredBy: Readonly<Record<string, number>>;
  readonly rejectedBy: Readonly<Record<string, number>>;
  readonly bytes: number;
  /**
   * `sha256:{hex}` of the output's bytes (parts in key order): with `records` and `bytes`, what
   * every reader checks, so a truncated object is never read as complete.
   */
  readonly checksum: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /**
   * The stage's own figures, and what the run wrote beside its output: `{object}.records` for
   * each side output it opened (`events.json.records`) and, when it filtered records, how many
   * it kept in `filtered.json` (`filtered.json.records`). An object beside the output that the
   * metrics do not count is not this run's.
   */
  readonly metrics: Readonly<Record<string, number | string>>;
}

/**
 * Every field of a {@link StageResult}, in order: the compiled state machine selects exactly
 * these from a stage's reply, so a test checks the list against a real result.
 */
export const STAGE_RESULT_FIELDS = [
  'bucket',
  'key',
  'executionId',
  'workflow',
  'stage',
  'logicalDate',
  'runKey',
  'executionPrefix',
  'rejectsKey',
  'received',
  'records',
  'rejected',
  'filtered',
  'filteredBy',
  'rejectedBy',
  'bytes',
  'checksum',
  'startedAt',
  'durationMs',
  'metrics',
] as const satisfies readonly (keyof StageResult)[];

/** The counts and timing of a result, as stages and jobs log them when they finish. */
export function summarizeStageResult(result: StageResult): Record<string, number> {
  return {
    received: result.received,
    records: result.records,
    rejected: result.rejected,
    filtered: result.filtered,
    bytes: result.bytes,
    durationMs: result.durationMs,
  };
}

/** Details of a reject reported by a stage. */
export interface RejectDetail {
  readonly record?: unknown;
  readonly field?: string;
  readonly message?: string;
  /** Where the record came from (an object, or a field of the input), and its 1-based line. */
  readonly source?: string;
  readonly line?: number;
}

/** What {@link StageContext.filter} is told about what it drops. */
export type FilterDetail =
  | { readonly record: unknown; readonly count?: never }
  | { readonly count: number; readonly record?: never };

/** A secondary JSON Lines object a stage writes beside its output (e.g. `events.json`). */
export interface SideOutput {
  write(record: JsonRecord): void;
}

/** What a stage's code can see and do. It never holds an S3 client: the runtime does the I/O. */
export interface StageContext<Config> {
  readonly executionId: ExecutionId;
  readonly workflow: string;
  readonly stage: string;
  /** The run's logical date, `YYYY-MM-DD`. */
  readonly logicalDate: string;
  /** The identity of the run's logical input: key once-per-input outputs by it. */
  readonly runKey: string;
  readonly executionStartTime: string;
  /**
   * Aborts when the host stops the run (a timed-out task on the local engine, a stopped
   * execution). The runtime stops reading and writing by itself; a stage that starts a process
   * or a long request of its own stops it too.
   */
  readonly signal: AbortSignal;
  readonly config: Config;
  readonly logger: Logger;
  readonly location: Required<DataLocation>;
  /** The event as received, for stages (ETL) that read the execution input. */
  readonly event: StageEvent;
  readonly io: StageIO;
  /** Sends a record to rejects.json with its reason. It is counted, never lost. */
  reject(reason: string, detail?: RejectDetail): void;
  /**
   * Counts a record the stage drops on purpose (ineligible, duplicate) under its rule, and
   * keeps it in `filtered.json` beside the rejects, so nothing dropped is invisible. `count`
   * counts several at once, without the records, when another process did the dropping (the
   * Glue job's Python core).
   */
  filter(reason: string, detail?: FilterDetail): void;
  /** Adds a figure to the stage's result and the manifest. */
  metric(name: string, value: number | string): void;
  /** Opens (once per name) a JSON Lines object under this stage's folder. */
  sideOutput(objectName: string): SideOutput;
}

/** A streaming transform: records in, records out, with rejects and filters reported. */
export type StageTransform<Config> = (
  records: AsyncIterable<JsonRecord>,
  context: StageContext<Config>,
) => AsyncIterable<JsonRecord>;

/** Where a stage's records come from, when not from the previous stage's output. */
export type StageSource<Config> = (context: StageContext<Config>) => AsyncIterable<JsonRecord>;

/**
 * How a stage's output and rejects are stored at their keys: one JSON Lines object, or a
 * folder of part files (`{key}/part-00000.json`), the layout Spark writes. Readers accept both;
 * writing one layout removes whatever the other left.
 */
export const OutputLayout = {
  Object: 'object',
  Parts: 'parts',
} as const;

/** One of the {@link OutputLayout} values. */
export type OutputLayout = (typeof OutputLayout)[keyof typeof OutputLayout];

/** A reusable stage. The same object serves a Lambda handler, the local engine and programs. */
export interface StageDefinition<Config = undefined> {
  /** The stage's name: its folder in the key layout and its state name in ASL. */
  readonly name: string;
  readonly description?: string;
  /**
   * Reads configuration for one invocation, so a corrected environment takes effect on
   * redrive. Throw {@link ConfigurationError} naming the variable when it is wrong.
   */
  readonly loadConfig: (env: NodeJS.ProcessEnv) => Config;
  /** @default the JSON Lines records at the input pointer (`event.input.bucket/key`) */
  readonly source?: StageSource<Config>;
  readonly transform: StageTransform<Config>;
  /** @default OutputLayout.Object */
  readonly outputLayout?: OutputLayout;
  /**
   * With `OutputLayout.Parts`: start a new part file every this many records, so a later Map
   * step can fan out over the parts. @default every record in one part
   */
  readonly recordsPerPart?: number;
  /** What the stage reads and writes beyond its execution's folder. @default nothing more */
  readonly access?: StageAccess;
  /**
   * The output is the input unchanged: the stage is there for what it does with each record
   * (a store, an event). Its transform yields each record it keeps exactly as received (the
   * same object, unmodified, in order) and rejects or filters the rest; yielding any other
   * record fails the run. When every record is kept, the output is a server-side copy of the
   * input, byte for byte, with the input's verified counts and checksum, so nothing is
   * serialized or uploaded; otherwise the kept records are written from a second read.
   * Needs the default source and `OutputLayout.Object`. @default false
   */
  readonly passThrough?: boolean;
  /** Runs once the output is stored; its figures join the stage's metrics. */
  readonly finalize?: (
    result: StageResult,
    context: StageContext<Config>,
  ) => Promise<Record<string, number | string> | undefined>;
}

/** Options for {@link defineStage}; `loadConfig` may be omitted when the stage has none. */
export type StageOptions<Config> = Omit<StageDefinition<Config>, 'loadConfig'> &
  (undefined extends Config
    ? { readonly loadConfig?: StageDefinition<Config>['loadConfig'] }
    : { readonly loadConfig: StageDefinition<Config>['loadConfig'] });

/**
 * Defines a stage.
 *
 * @example
 * const upper = defineStage({
 *   name: 'UpperStage',
 *   async *transform(records, ctx) {
 *     for await (const record of records) {
 *       if (typeof record.name !== 'string') ctx.reject('missing-name', { record, field: 'name' });
 *       else yield { ...record, name: record.name.toUpperCase() };
 *     }
 *   },
 * });
 */
export function defineStage<Config = undefined>(
  options: StageOptions<Config>,
): StageDefinition<Config> {
  assertStageOptions(options);
  return {
    ...options,
    loadConfig: options.loadConfig ?? (() => undefined as Config),
  };
}
