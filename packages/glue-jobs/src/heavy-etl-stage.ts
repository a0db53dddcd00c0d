import {
  defineStage,
  type JsonRecord,
  OutputLayout,
  StageAbortedError,
  type StageContext,
  type StageDefinition,
  type StageResult,
} from '@ceap/core';
import { PythonFailedError, PythonSummaryError } from './errors.js';
import { LOCAL_RUNNER_PATH } from './paths.js';
import { PythonProcess } from './python-process.js';
import type { PythonSummary } from './tagged-output.js';

/** What one run of the heavy-ETL stage is built with. */
export interface HeavyEtlStageOptions {
  /** The stage's name: the folder of `--outputKey`. */
  readonly name: string;
  /** The Python interpreter. */
  readonly python: string;
  /** The reference segments CSV. */
  readonly segmentsPath: string;
  /** Start a new part file every this many records, as Spark's executors would. */
  readonly recordsPerPart?: number;
}

/** The stage for one job run, and a way to stop its Python child after a failure. */
export interface HeavyEtlStageRun {
  readonly stage: StageDefinition;
  /**
   * Stops the python3 child if it is still running (SIGTERM then SIGKILL when the run was
   * aborted, SIGKILL after any other failure), and waits until it has exited.
   */
  stop(): Promise<void>;
}

/** What the transform learns during a run, for `finalize` to check against runStage's counts. */
interface RunState {
  python?: PythonProcess;
  /** Stops python3 the way the run's state calls for, and waits for its exit. */
  stopPython?: () => Promise<unknown>;
  feeding: Promise<void>;
  /** Records handed to Python (runStage's source, after the reader's rejects). */
  sent: number;
  /** Rejects Python reported, each passed to `ctx.reject`. */
  pythonRejects: number;
  summary?: PythonSummary;
}

/** The outcome of writing the input to Python's stdin. */
interface Feed {
  failed: boolean;
  error?: unknown;
}

/**
 * The heavy-ETL job as a stage for `runStage`: its source is the default (the input pointer),
 * its output is written as parts (Spark's layout), and its transform is `python3
 * local_runner.py`: records go in on stdin, tagged records, rejects and a summary come back.
 * Python's rejects go to `ctx.reject`, its filtered counts to `ctx.filter`, and `finalize`
 * checks its summary against what runStage counted and adds its metrics.
 */
export function heavyEtlStage(options: HeavyEtlStageOptions): HeavyEtlStageRun {
  const run: RunState = { feeding: Promise.resolve(), sent: 0, pythonRejects: 0 };
  const stage = defineStage({
    name: options.name,
    description: 'The heavy-ETL Glue job run locally: dedupe, RFM features and segment join',
    outputLayout: OutputLayout.Parts,
    ...(options.recordsPerPart !== undefined && { recordsPerPart: options.recordsPerPart }),
    transform: (records, ctx) => pythonTransform(records, ctx, options, run),
    finalize: async (result) => checkSummary(options.name, result, run),
  });
  return {
    stage,
    async stop() {
      await run.stopPython?.();
      await run.feeding;
    },
  };
}

/** The reject reason of a record the stage read but cannot hand to Python as JSON. */
const UNSERIALIZABLE = 'unserializable';

async function* pythonTransform(
  records: AsyncIterable<JsonRecord>,
  ctx: StageContext<undefined>,
  options: HeavyEtlStageOptions,
  run: RunState,
): AsyncGenerator<JsonRecord> {
  const python = await PythonProcess.start(
    options.python,
    [LOCAL_RUNNER_PATH, '--logical-date', ctx.logicalDate, '--segments', options.segmentsPath],
    { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
  );
  run.python = python;
  // A stopped run (a timed-out task, a stopped execution) gets SIGTERM, then SIGKILL after a
  // grace; python3 may be busy and write nothing, so waiting for its output would not do.
  const stopPython = () => (ctx.signal.aborted ? python.terminate() : python.kill());
  run.stopPython = stopPython;
  const onAbort = () => void python.terminate();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal.aborted) onAbort();
  const feed: Feed = { failed: false };
  const unserializable = (_record: JsonRecord, error: Error) =>
    ctx.reject(UNSERIALIZABLE, {
      message: `the record cannot be written as JSON for the Python core: ${error.message}`,
    });
  run.feeding = python.feed(records, unserializable).then(
    (sent) => {
      run.sent = sent;
    },
    (error: unknown) => {
      // Reading the input failed: stop Python, whose outputs then end.
      feed.failed = true;
      feed.error = error;
      void stopPython();
    },
  );
  let completed = false;
  try {
    const outputs = python.outputs(({ reason, ...detail }) => {
      run.pythonRejects++;
      ctx.reject(reason, detail);
    });
    // for…of rather than yield*, which would wrap the array in an async iterator per batch.
    for await (const batch of outputs) for (const record of batch) yield record;
    await run.feeding;
    if (feed.failed) throw feed.error;
    const summary = python.summary;
    if (summary === undefined)
      throw new PythonSummaryError(ctx.stage, 'the Python core ended without its summary line');
    run.summary = summary;
    for (const [reason, count] of Object.entries(summary.filtered)) ctx.filter(reason, { count });
    completed = true;
  } catch (error) {
    await stopPython();
    await run.feeding;
    throw reportedError(error, feed, ctx);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    // The consumer stopped early (its write failed, or the run was stopped): no python3 is
    // left behind.
    if (!completed) await stopPython();
  }
}

/**
 * A stopped run fails with the abort, whatever python3 said as it went; Python killed because
 * reading the input failed reports the read failure, not the kill.
 */
function reportedError(error: unknown, feed: Feed, ctx: StageContext<undefined>): unknown {
  if (ctx.signal.aborted) return new StageAbortedError(ctx.stage, ctx.signal.reason);
  if (!feed.failed) return error;
  const killedByUs = error instanceof PythonFailedError && error.signal !== null;
  return killedByUs || !(error instanceof PythonFailedError) ? feed.error : error;
}

/**
 * Python's summary must agree with what runStage counted: every record runStage handed over
 * reached Python, Python's output is what was written, and runStage's rejects are Python's plus
 * the lines the reader refused before Python saw them.
 */
function checkSummary(
  stage: string,
  result: StageResult,
  run: RunState,
): Record<string, number | string> {
  const summary = run.summary;
  if (summary === undefined) throw new PythonSummaryError(stage, 'no Python summary was read');
  const readerRejects = result.received - run.sent;
  const filtered = Object.values(summary.filtered).reduce((sum, count) => sum + count, 0);
  const agrees =
    summary.received === run.sent &&
    summary.records === result.records &&
    summary.rejected === run.pythonRejects &&
    summary.rejected + readerRejects === result.rejected &&
    filtered === result.filtered;
  if (!agrees) {
    throw new PythonSummaryError(
      stage,
      `runStage counted ${result.received} in (${run.sent} sent to Python), ${result.records} out, ${result.rejected} rejected (${run.pythonRejects} by Python), ${result.filtered} filtered; Python counted ${JSON.stringify(summary)}`,
    );
  }
  return { ...summary.metrics };
}
