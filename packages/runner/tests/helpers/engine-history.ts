import type {
  GetExecutionHistoryCommandInput,
  GetExecutionHistoryCommandOutput,
  HistoryEvent,
} from '@aws-sdk/client-sfn';
import type { StateMachineDefinition } from '@ceap/core/workflow';

/** One entry of aws-local-stepfunctions' `eventLogs` (its EventLog type is not exported). */
export interface EngineEvent {
  readonly type: string;
  readonly timestamp: number;
  readonly state?: {
    readonly name: string;
    readonly type: string;
    readonly input: unknown;
    readonly output?: unknown;
  };
  readonly input?: unknown;
  readonly output?: unknown;
  readonly Error?: string;
  readonly Cause?: unknown;
  /** The Map iteration an event belongs to. */
  readonly index?: number;
  /** The Map or Parallel state of a MapIteration* or ParallelBranch* event. */
  readonly parentState?: { readonly name: string };
}

/** One call of a task override: what the state sent (its Parameters) and what came back. */
export interface TaskCall {
  readonly state: string;
  /** The state's `Resource`, e.g. `arn:aws:states:::lambda:invoke`. */
  readonly resource: string;
  readonly parameters: unknown;
  readonly startedAt: number;
  finishedAt?: number;
  /** What the service integration returned; unset when the call failed. */
  output?: unknown;
  /** A Glue job run's id, known once the job was submitted. */
  jobRunId?: string;
  /** The Map iteration that made the call. */
  readonly index?: number;
}

const NOT_TRUNCATED = { truncated: false } as const;

/**
 * Converts the engine's live events, and the task calls made during them, into the history
 * GetExecutionHistory returns, following AWS's documented event shapes: `{State}StateEntered`
 * / `{State}StateExited` with `stateEnteredEventDetails` / `stateExitedEventDetails` (name and
 * JSON text), TaskScheduled (the Parameters), TaskStarted, TaskSubmitted (`.sync` jobs),
 * TaskSucceeded / TaskFailed, and the Execution* events; ids from 1, each `previousEventId`
 * naming the event before it. Every input, output, error and cause is the one the engine
 * computed.
 */
export function toAwsHistory(
  events: readonly EngineEvent[],
  calls: readonly TaskCall[],
  context: HistoryContext,
): HistoryEvent[] {
  const builder = new HistoryBuilder(calls, context);
  for (const event of events) builder.add(event);
  return builder.history;
}

/** What the history needs besides the events: the definition (timeouts) and the role. */
export interface HistoryContext {
  readonly definition: StateMachineDefinition;
  readonly roleArn: string;
}

class HistoryBuilder {
  readonly history: HistoryEvent[] = [];
  /** Task calls not yet scheduled, by state entry (`state#iteration`), in call order. */
  private readonly pending = new Map<string, TaskCall[]>();
  /** The call of each task state's current attempt, by state entry. */
  private readonly current = new Map<string, TaskCall>();
  /** The last event of each state entry, which its next event names as `previousEventId`. */
  private readonly last = new Map<string, number>();

  constructor(
    calls: readonly TaskCall[],
    private readonly context: HistoryContext,
  ) {
    for (const call of calls) {
      const key = entryKey(call.state, call.index);
      this.pending.set(key, [...(this.pending.get(key) ?? []), call]);
    }
  }

  add(event: EngineEvent): void {
    const at = event.timestamp;
    const state = event.state;
    const key = state ? entryKey(state.name, event.index) : '';
    const call = state?.type === 'Task' ? this.current.get(key) : undefined;
    switch (event.type) {
      case 'ExecutionStarted': {
        const input = { input: json(event.input), inputDetails: NOT_TRUNCATED };
        const details = { ...input, roleArn: this.context.roleArn };
        this.push(event.type, at, { executionStartedEventDetails: details });
        return;
      }
      case 'StateEntered':
        this.entered(at, state, key);
        return;
      case 'StateRetried':
        if (state?.type === 'Task') this.schedule(state.name, key);
        return;
      case 'StateFailed':
        if (call) {
          const failure = { ...resourceOf(call), error: event.Error, cause: text(event.Cause) };
          this.pushIn(key, 'TaskFailed', at, { taskFailedEventDetails: failure });
        }
        return;
      case 'StateExited':
        this.exited(at, state, key, call);
        return;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const details = { name: event.parentState?.name, index: event.index };
        const field = `${event.type[0]?.toLowerCase()}${event.type.slice(1)}EventDetails`;
        this.push(event.type, at, { [field]: details });
        return;
      }
      default:
        this.ended(event);
    }
  }

  private entered(at: number, state: EngineEvent['state'], key: string): void {
    const details = { name: state?.name, input: json(state?.input), inputDetails: NOT_TRUNCATED };
    // AWS gives the first state's entry no previous event.
    const previous = this.history.length === 1 ? 0 : undefined;
    const type = `${state?.type}StateEntered`;
    this.last.set(key, this.push(type, at, { stateEnteredEventDetails: details }, previous));
    if (state?.type === 'Task') this.schedule(state?.name ?? '', key);
  }

  private exited(
    at: number,
    state: EngineEvent['state'],
    key: string,
    call: TaskCall | undefined,
  ): void {
    // A task that exits right after failing was caught: it has no TaskSucceeded.
    if (call?.output !== undefined) {
      const output = { output: json(call.output), outputDetails: NOT_TRUNCATED };
      const succeeded = { ...resourceOf(call), ...output };
      this.pushIn(key, 'TaskSucceeded', call.finishedAt ?? at, {
        taskSucceededEventDetails: succeeded,
      });
    }
    const details = {
      name: state?.name,
      output: json(state?.output),
      outputDetails: NOT_TRUNCATED,
    };
    this.pushIn(key, `${state?.type}StateExited`, at, { stateExitedEventDetails: details });
  }

  private ended(event: EngineEvent): void {
    const at = event.timestamp;
    if (event.type === 'ExecutionSucceeded') {
      const output = { output: json(event.output), outputDetails: NOT_TRUNCATED };
      this.push(event.type, at, { executionSucceededEventDetails: output });
    } else if (event.type === 'ExecutionFailed') {
      const failure = { error: event.Error, cause: text(event.Cause) };
      this.push(event.type, at, { executionFailedEventDetails: failure });
    } else if (event.type === 'ExecutionAborted') {
      this.push(event.type, at, { executionAbortedEventDetails: {} });
    } else if (event.type === 'ExecutionTimeout') {
      const timeout = { error: 'States.Timeout' };
      this.push('ExecutionTimedOut', at, { executionTimedOutEventDetails: timeout });
    }
  }

  /** TaskScheduled and TaskStarted (and TaskSubmitted for a job) for the entry's next call. */
  private schedule(state: string, key: string): void {
    const call = this.pending.get(key)?.shift();
    if (!call) return;
    this.current.set(key, call);
    const resource = resourceOf(call);
    const timeoutInSeconds = findState(this.context.definition.States, state)?.TimeoutSeconds as
      | number
      | undefined;
    const parameters = JSON.stringify(call.parameters);
    const scheduled = { ...resource, region: 'eu-west-1', parameters, timeoutInSeconds };
    this.pushIn(key, 'TaskScheduled', call.startedAt, { taskScheduledEventDetails: scheduled });
    this.pushIn(key, 'TaskStarted', call.startedAt, { taskStartedEventDetails: resource });
    if (call.jobRunId) {
      const output = JSON.stringify({ JobRunId: call.jobRunId, JobName: jobNameOf(call) });
      this.pushIn(key, 'TaskSubmitted', call.startedAt, {
        taskSubmittedEventDetails: { ...resource, output },
      });
    }
  }

  /** An event of a state entry: its `previousEventId` is the entry's last event, as on AWS. */
  private pushIn(key: string, type: string, at: number, details: Partial<HistoryEvent>): void {
    this.last.set(key, this.push(type, at, details, this.last.get(key)));
  }

  private push(type: string, at: number, details: Partial<HistoryEvent>, previous?: number) {
    const id = this.history.length + 1;
    const event = { id, previousEventId: previous ?? id - 1, timestamp: new Date(at), type };
    this.history.push({ ...event, ...details } as HistoryEvent);
    return id;
  }
}

/** One entry of a state: Map iterations enter the same state once each. */
function entryKey(state: string, index: number | undefined): string {
  return index === undefined ? state : `${state}#${index}`;
}

/** A state of the definition by name, in Parallel branches and Map iterations too. */
export function findState(
  states: Readonly<Record<string, Record<string, unknown>>>,
  name: string,
): Record<string, unknown> | undefined {
  if (Object.hasOwn(states, name)) return states[name];
  for (const state of Object.values(states)) {
    const nested = [
      ...((state.Branches as { States: Record<string, Record<string, unknown>> }[]) ?? []),
      ...[state.ItemProcessor ?? state.Iterator].filter(Boolean),
    ] as { States: Record<string, Record<string, unknown>> }[];
    for (const machine of nested) {
      const found = findState(machine.States, name);
      if (found) return found;
    }
  }
  return undefined;
}

/** Every state name of a definition, nested ones included. */
export function allStateNames(states: Readonly<Record<string, Record<string, unknown>>>): string[] {
  return Object.entries(states).flatMap(([name, state]) => {
    const nested = [
      ...((state.Branches as { States: Record<string, Record<string, unknown>> }[]) ?? []),
      ...[state.ItemProcessor ?? state.Iterator].filter(Boolean),
    ] as { States: Record<string, Record<string, unknown>> }[];
    return [name, ...nested.flatMap((machine) => allStateNames(machine.States))];
  });
}

/** DescribeExecution's answer for a generated history: status, dates, input, output, error. */
export function describeExecutionOf(
  history: readonly HistoryEvent[],
  names: { readonly executionArn: string; readonly stateMachineArn: string; readonly name: string },
) {
  const started = history[0];
  const last = history.at(-1);
  const statuses: Record<string, string> = {
    ExecutionSucceeded: 'SUCCEEDED',
    ExecutionFailed: 'FAILED',
    ExecutionAborted: 'ABORTED',
    ExecutionTimedOut: 'TIMED_OUT',
  };
  const status = (last?.type && statuses[last.type]) || 'RUNNING';
  const failure = last?.executionFailedEventDetails;
  return {
    ...names,
    status: status as 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT' | 'RUNNING',
    startDate: started?.timestamp,
    input: started?.executionStartedEventDetails?.input,
    ...(status !== 'RUNNING' && { stopDate: last?.timestamp }),
    ...(last?.executionSucceededEventDetails && {
      output: last.executionSucceededEventDetails.output,
    }),
    ...(failure && { error: failure.error, cause: failure.cause }),
  };
}

/**
 * Serves a history as GetExecutionHistory does: newest first with `reverseOrder`, pages of
 * `maxResults` (default 100; AWS may return fewer, here at most `pageLimit`) and a `nextToken`
 * while more remain. For aws-sdk-client-mock's `callsFake`.
 */
export function historyPages(
  events: readonly HistoryEvent[],
  pageLimit = 1000,
): (input: GetExecutionHistoryCommandInput) => GetExecutionHistoryCommandOutput {
  return (input) => {
    const ordered = input.reverseOrder ? [...events].reverse() : [...events];
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const end = start + Math.min(input.maxResults || 100, pageLimit);
    return {
      events: ordered.slice(start, end),
      ...(end < ordered.length && { nextToken: String(end) }),
      $metadata: {},
    };
  };
}

/** `arn:aws:states:::glue:startJobRun.sync` → `{ resourceType: 'glue', resource: 'startJobRun.sync' }` */
function resourceOf(call: TaskCall): { resourceType: string; resource: string } {
  const service = call.resource.replace(/^arn:aws:states:::/, '');
  const colon = service.indexOf(':');
  return { resourceType: service.slice(0, colon), resource: service.slice(colon + 1) };
}

function jobNameOf(call: TaskCall): string {
  return String((call.parameters as { JobName?: unknown }).JobName);
}

function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** A Cause as the engine gives it (a string, an Error, or a value), as history text. */
function text(cause: unknown): string | undefined {
  if (cause === undefined || cause === null) return undefined;
  if (typeof cause === 'string') return cause;
  return cause instanceof Error ? cause.message : JSON.stringify(cause);
}
