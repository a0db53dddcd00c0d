import type { JsonRecord, RunManifest, StageEvent } from '@ceap/core';
import { type Workflow, WorkflowGraph } from '@ceap/core/workflow';
import type { TestableStep } from '../client/step-test-run.js';
import { StateRole, stateTarget } from '../progress/step-rows.js';
import { loadLocalEngine } from './engine-loader.js';
import type { LocalRun } from './local-engine.js';
import type { LocalEngineOptions } from './local-engine-options.js';
import type { StateEvent } from './stage-tracker.js';
import { recordedResult, type StepReuse } from './step-reuse.js';

/** The error a replayed task ends with: no Retry or Catch rule names it. */
const REPLAY_ENDED = 'ceap.ReplayEnded';

/** What a replay reads: the execution as it was recorded. */
export interface ReplayRequest {
  readonly workflow: Workflow;
  readonly step: TestableStep;
  readonly executionId: string;
  /** The execution's input, as its run had it. */
  readonly input: JsonRecord;
  /** The run's `$$.Execution.StartTime`, which every stage event carries. */
  readonly startedAt: string;
  readonly manifest: RunManifest | undefined;
  /** Only this Map iteration. */
  readonly iteration?: number;
}

/**
 * The events the state machine gave a step's stage in a recorded execution (one per Map
 * iteration, by part), rebuilt by running the same compiled definition again: every task
 * returns the result the run manifest recorded for it (nothing runs, nothing is written), Map
 * listings and sensors read S3, and the step's own task records the `Payload` its state built.
 * So the event comes from the definition's own Parameters, Choice rules and Map items, never
 * from guessing at the key layout. An upstream of the step with no recorded result ends the
 * replay (the step never received input in that execution); a step in another branch with none
 * waits until the replay ends, so that a failed sibling branch does not end it first.
 */
export async function replayStepEvents(
  options: LocalEngineOptions,
  request: ReplayRequest,
): Promise<StageEvent[]> {
  const { step, iteration } = request;
  const graph = new WorkflowGraph(request.workflow);
  const ancestors = graph.ancestorsOf(step.name);
  const descendants = graph.descendantsOf(step.name);
  const captured = new Map<number, StageEvent>();
  let run: LocalRun | undefined;
  const finish = () => run?.abort();
  const reuse: StepReuse = async (task, signal) => {
    if (task.step === step.name && task.event) {
      const part = task.part ?? -1;
      if (iteration === undefined || part === iteration) captured.set(part, task.event);
      // A Lambda step (or the one iteration asked for) is all there is to see.
      if (step.kind === 'lambda' || part === iteration) {
        finish();
        throw replayEnded(task.step);
      }
    }
    const recorded = recordedResult(request.manifest, task);
    if (recorded) return recorded;
    // Past the step (it ran, or was skipped): nothing more to see.
    if (descendants.has(task.step)) finish();
    // A step the target needs that did not succeed: the target got no input after it.
    if (task.step === step.name || ancestors.has(task.step) || descendants.has(task.step)) {
      throw replayEnded(task.step);
    }
    // A step beside it (another branch) that did not succeed waits, so that its failure does
    // not end the replay before the target is reached; it ends when the replay does.
    return untilAborted(signal);
  };
  const onEvent = (event: StateEvent) => {
    const target = event.state?.name === undefined ? undefined : stateTarget(event.state.name);
    if (target?.step !== step.name) return;
    // The Map has given out every iteration once its state ends, whichever way; a step that
    // was marked SKIPPED or UPSTREAM_FAILED gets none.
    const ended = event.type === 'StateExited' || event.type === 'StateFailed';
    if ((ended && event.state?.name === step.name) || target.role === StateRole.Mark) finish();
  };
  run = loadLocalEngine().createLocalEngine(options).run({
    workflow: request.workflow,
    executionId: request.executionId,
    input: request.input,
    reuse,
    onEvent,
    startedAt: request.startedAt,
    instant: true,
  });
  await run.outcome;
  return [...captured.entries()].sort(([a], [b]) => a - b).map(([, event]) => event);
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const stop = () => reject(replayEnded('the replay'));
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}

function replayEnded(step: string): Error {
  const error = new Error(`the replay ends at ${step}`);
  error.name = REPLAY_ENDED;
  return error;
}
