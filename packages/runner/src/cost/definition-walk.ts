import type { StateMachineDefinition, Workflow } from '@ceap/core/workflow';

type States = Readonly<Record<string, Record<string, unknown>>>;

/** What AWS bills a task state's work under. */
export type TaskService = 'lambda' | 'glue' | 'other';

/** A task state of a compiled definition (Parallel branches and Map iterations included). */
export interface TaskState {
  readonly name: string;
  readonly service: TaskService;
  /** The Map state whose iterations run it. */
  readonly inMap?: string;
}

/** Every task state of a definition, with the service its `Resource` calls. */
export function taskStates(definition: StateMachineDefinition): TaskState[] {
  const found: TaskState[] = [];
  const visit = (states: States, inMap?: string): void => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') {
        found.push({ name, service: serviceOf(String(state.Resource)), ...(inMap && { inMap }) });
      }
      for (const branch of (state.Branches as { States: States }[] | undefined) ?? []) {
        visit(branch.States, inMap);
      }
      const processor = (state.ItemProcessor ?? state.Iterator) as { States: States } | undefined;
      if (processor) visit(processor.States, name);
    }
  };
  visit(definition.States);
  return found;
}

/** Task states in the order of the workflow's steps (a Map's iteration state at its Map). */
export function inWorkflowOrder(workflow: Workflow, states: readonly TaskState[]): TaskState[] {
  const order = (state: TaskState) => {
    const index = workflow.steps.findIndex((step) => step.name === (state.inMap ?? state.name));
    return index < 0 ? workflow.steps.length : index;
  };
  return [...states].sort((a, b) => order(a) - order(b));
}

function serviceOf(resource: string): TaskService {
  if (resource.startsWith('arn:aws:states:::lambda:invoke')) return 'lambda';
  if (resource.startsWith('arn:aws:states:::glue:startJobRun')) return 'glue';
  return 'other';
}

/**
 * The state transitions of one run that takes the longest path through the definition: every
 * Choice follows the branch that enters the most states, each loop (a sensor's poll) is gone
 * round once, a Parallel state enters all its branches, and a Map state its iterations
 * `iterations(mapState)` times. No retries, no Catch. That is one full run of every step, and
 * a sensor that finds its object at the first look.
 */
export function transitionsPerRun(
  definition: StateMachineDefinition,
  iterations: (mapState: string) => number,
): number {
  return longestPath(definition.States, definition.StartAt, new Set(), iterations);
}

function longestPath(
  states: States,
  name: string | undefined,
  visited: ReadonlySet<string>,
  iterations: (mapState: string) => number,
): number {
  if (name === undefined || visited.has(name)) return 0;
  const state = states[name];
  if (!state) return 0;
  const seen = new Set(visited).add(name);
  let own = 1;
  for (const branch of (state.Branches as { States: States; StartAt: string }[] | undefined) ??
    []) {
    own += longestPath(branch.States, branch.StartAt, new Set(), iterations);
  }
  const processor = (state.ItemProcessor ?? state.Iterator) as
    | { States: States; StartAt: string }
    | undefined;
  if (processor) {
    own +=
      iterations(name) * longestPath(processor.States, processor.StartAt, new Set(), iterations);
  }
  const next = nextStates(state);
  const rest = next.map((target) => longestPath(states, target, seen, iterations));
  return own + Math.max(0, ...rest);
}

function nextStates(state: Record<string, unknown>): string[] {
  if (state.Type === 'Choice') {
    const choices = (state.Choices as { Next?: string }[] | undefined) ?? [];
    const targets = choices.map((choice) => choice.Next);
    return [...targets, state.Default as string | undefined].filter(
      (target): target is string => typeof target === 'string',
    );
  }
  return typeof state.Next === 'string' ? [state.Next] : [];
}
