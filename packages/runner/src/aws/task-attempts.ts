import type { HistoryEvent } from '@aws-sdk/client-sfn';

/** One attempt of a Task state, from its TaskScheduled event to the event that ended it. */
export interface TaskAttempt {
  /** The Task state's name (a Map iteration's is `{step}.iteration`). */
  readonly state: string;
  /** `lambda`, `glue`, … and `invoke`, `startJobRun.sync`, … as TaskScheduled names them. */
  readonly resourceType: string;
  readonly resource: string;
  /** The Parameters the state sent (for `lambda:invoke`, `{ FunctionName, Payload }`). */
  readonly parameters: Record<string, unknown>;
  readonly scheduledAt: Date;
  /** When it succeeded, failed or timed out; absent while it runs. */
  endedAt?: Date;
  /** What TaskSubmitted and TaskSucceeded reported (a job run, a Lambda response), parsed. */
  readonly outputs: Record<string, unknown>[];
}

const TASK_ENDS = new Set(['TaskSucceeded', 'TaskFailed', 'TaskTimedOut']);

/**
 * Every Task attempt of an execution history, oldest first. An event belongs to the attempt
 * whose TaskScheduled its `previousEventId` chain leads back to, and an attempt to the state
 * whose TaskStateEntered that chain reaches: how AWS links the events of one state, in
 * Parallel branches and Map iterations alike.
 */
export function taskAttempts(history: readonly HistoryEvent[]): TaskAttempt[] {
  const byId = new Map(history.map((event) => [event.id ?? 0, event]));
  const attempts = new Map<number, TaskAttempt>();
  const back = (event: HistoryEvent, stop: (at: HistoryEvent) => boolean) => {
    let at: HistoryEvent | undefined = event;
    while (at && !stop(at)) at = at.previousEventId ? byId.get(at.previousEventId) : undefined;
    return at;
  };
  for (const event of history) {
    const scheduled = event.taskScheduledEventDetails;
    if (event.type === 'TaskScheduled' && scheduled) {
      const entered = back(event, (at) => at.type === 'TaskStateEntered');
      attempts.set(event.id ?? 0, {
        state: entered?.stateEnteredEventDetails?.name ?? '',
        resourceType: scheduled.resourceType ?? '',
        resource: scheduled.resource ?? '',
        parameters: parsed(scheduled.parameters),
        scheduledAt: event.timestamp ?? new Date(0),
        outputs: [],
      });
      continue;
    }
    if (!event.type?.startsWith('Task') || event.type === 'TaskStateEntered') continue;
    const origin = back(event, (at) => at.type === 'TaskScheduled');
    const attempt = origin ? attempts.get(origin.id ?? 0) : undefined;
    if (!attempt) continue;
    const output =
      event.taskSucceededEventDetails?.output ?? event.taskSubmittedEventDetails?.output;
    if (output !== undefined) attempt.outputs.push(parsed(output));
    if (TASK_ENDS.has(event.type)) attempt.endedAt = event.timestamp;
  }
  return [...attempts.values()];
}

function parsed(text: string | undefined): Record<string, unknown> {
  try {
    const value = JSON.parse(text ?? '{}') as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
