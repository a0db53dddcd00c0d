import type { StateMachineDefinition } from '@ceap/core/workflow';

/** aws-local-stepfunctions' timeout for a Task state that sets no TimeoutSeconds. */
export const ENGINE_DEFAULT_TASK_TIMEOUT_SECONDS = 60;

export interface StatesLike {
  readonly [name: string]: {
    readonly Type?: string;
    readonly TimeoutSeconds?: number;
    readonly Branches?: readonly { readonly States: StatesLike }[];
    readonly ItemProcessor?: { readonly States: StatesLike };
    readonly Iterator?: { readonly States: StatesLike };
  };
}

/**
 * Every Task state's TimeoutSeconds, by state name, Parallel branches and Map iterations
 * included: how long the engine waits for the task before it fails it with States.Timeout.
 */
export function taskTimeouts(definition: StateMachineDefinition): Record<string, number> {
  const timeouts: Record<string, number> = {};
  for (const [name, state] of eachState(definition)) {
    if (state.Type === 'Task') {
      timeouts[name] = state.TimeoutSeconds ?? ENGINE_DEFAULT_TASK_TIMEOUT_SECONDS;
    }
  }
  return timeouts;
}

/** Every state of a definition, by name, Parallel branches and Map iterations included. */
export function* eachState(
  definition: StateMachineDefinition,
): Generator<[string, StatesLike[string]]> {
  const pending: StatesLike[] = [definition.States as unknown as StatesLike];
  while (pending.length > 0) {
    const states = pending.pop() as StatesLike;
    for (const [name, state] of Object.entries(states)) {
      yield [name, state];
      for (const branch of state.Branches ?? []) pending.push(branch.States);
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) pending.push(processor.States);
    }
  }
}

/** One task invocation's signal: aborted when its TimeoutSeconds elapse or the run stops. */
export interface TaskSignal {
  readonly signal: AbortSignal;
  /** True once the task's own TimeoutSeconds elapsed (not when the run stopped). */
  timedOut(): boolean;
  /** Clears the timer and the listener on the run's signal; call when the task settles. */
  dispose(): void;
}

/**
 * The signal a task runs under. The engine abandons a timed-out task (it fails the state with
 * States.Timeout and moves on, retrying it or not): this signal is what stops the stage too,
 * so nothing goes on reading and writing behind the next attempt.
 */
export function taskSignal(run: AbortSignal, state: string, timeoutSeconds: number): TaskSignal {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`state ${state} ran past its TimeoutSeconds (${timeoutSeconds} s)`));
  }, timeoutSeconds * 1000);
  const onStop = () => controller.abort(run.reason);
  if (run.aborted) onStop();
  else run.addEventListener('abort', onStop, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      run.removeEventListener('abort', onStop);
    },
  };
}

/**
 * The work of a run's task invocations still under way. A task the engine abandoned (timed
 * out, or beside a failed Parallel branch) or stopped keeps running until its signal reaches
 * it; `settled()` is when the last of them has.
 */
export class TaskWork {
  private readonly pending = new Set<Promise<unknown>>();

  add(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
  }

  /** Resolves once no invocation is under way, those that start meanwhile included. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }
}
