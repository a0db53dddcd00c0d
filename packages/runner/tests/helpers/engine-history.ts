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
  /** Task calls not yet scheduled, by state, in call order. */
  private readonly pending = new Map<string, TaskCall[]>();
  /** The call of each task state's current attempt. */
  private readonly current = new Map<string, TaskCall>();

  constructor(
    calls: readonly TaskCall[],
    private readonly context: HistoryContext,
  ) {
    for (const call of calls) {
      this.pending.set(call.state, [...(this.pending.get(call.state) ?? []), call]);
    }
  }

  add(event: EngineEvent): void {
    const at = event.timestamp;
    const state = event.state;
    const call = state?.type === 'Task' ? this.current.get(state.name) : undefined;
    switch (event.type) {
      case 'ExecutionStarted': {
        const input = { input: json(event.input), inputDetails: NOT_TRUNCATED };
        const details = { ...input, roleArn: this.context.roleArn };
        this.push(event.type, at, { executionStartedEventDetails: details });
        return;
      }
      case 'StateEntered':
        this.entered(at, state);
        return;
      case 'StateRetried':
        if (state?.type === 'Task') this.schedule(state.name);
        return;
      case 'StateFailed':
        if (call) {
          const failure = { ...resourceOf(call), error: event.Error, cause: text(event.Cause) };
          this.push('TaskFailed', at, { taskFailedEventDetails: failure });
        }
        return;
      case 'StateExited':
        this.exited(at, state, call);
        return;
      default:
        this.ended(event);
    }
  }

  private entered(at: number, state: EngineEvent['state']): void {
    const details = { name: state?.name, input: json(state?.input), inputDetails: NOT_TRUNCATED };
    // AWS gives the first state's entry no previous event.
    const previous = this.history.length === 1 ? 0 : undefined;
    this.push(`${state?.type}StateEntered`, at, { stateEnteredEventDetails: details }, previous);
    if (state?.type === 'Task') this.schedule(state.name);
  }

  private exited(at: number, state: EngineEvent['state'], call: TaskCall | undefined): void {
    // A task that exits right after failing was caught: it has no TaskSucceeded.
    if (call?.output !== undefined) {
      const output = { output: json(call.output), outputDetails: NOT_TRUNCATED };
      const succeeded = { ...resourceOf(call), ...output };
      this.push('TaskSucceeded', call.finishedAt ?? at, { taskSucceededEventDetails: succeeded });
    }
    const details = {
      name: state?.name,
      output: json(state?.output),
      outputDetails: NOT_TRUNCATED,
    };
    this.push(`${state?.type}StateExited`, at, { stateExitedEventDetails: details });
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

  /** TaskScheduled and TaskStarted (and TaskSubmitted for a job) for the state's next call. */
  private schedule(state: string): void {
    const call = this.pending.get(state)?.shift();
    if (!call) return;
    this.current.set(state, call);
    const resource = resourceOf(call);
    const timeoutInSeconds = this.context.definition.States[state]?.TimeoutSeconds as number;
    const parameters = JSON.stringify(call.parameters);
    const scheduled = { ...resource, region: 'eu-west-1', parameters, timeoutInSeconds };
    this.push('TaskScheduled', call.startedAt, { taskScheduledEventDetails: scheduled });
    this.push('TaskStarted', call.startedAt, { taskStartedEventDetails: resource });
    if (call.jobRunId) {
      const output = JSON.stringify({ JobRunId: call.jobRunId, JobName: jobNameOf(call) });
      this.push('TaskSubmitted', call.startedAt, {
        taskSubmittedEventDetails: { ...resource, output },
      });
    }
  }

  private push(type: string, at: number, details: Partial<HistoryEvent>, previous?: number) {
    const id = this.history.length + 1;
    const event = { id, previousEventId: previous ?? id - 1, timestamp: new Date(at), type };
    this.history.push({ ...event, ...details } as HistoryEvent);
  }
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
