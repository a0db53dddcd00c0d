import { type StepEvent, StepEventKind } from '../progress/step-events.js';

/** What an execution used, as AWS bills it: state transitions and each task state's attempts. */
export interface ExecutionUsage {
  /**
   * States entered plus retries. AWS: "Step Functions counts a state transition each time a
   * step of your workflow is executed … including retries" and "each retry will be charged as
   * an additional state transition" (https://aws.amazon.com/step-functions/pricing/). States
   * inside Parallel branches and Map iterations count like any other.
   */
  readonly transitions: number;
  /** Task states by name: their attempts (Map iterations and retries each one) and time. */
  readonly tasks: Readonly<Record<string, TaskUsage>>;
}

/** One task state's attempts. */
export interface TaskUsage {
  readonly attempts: number;
  /** The attempts' durations added up, each from its start (entry or retry) to its end. */
  readonly durationMs: number;
  /** The same with each attempt counted as at least a minute (Glue 2.0+'s minimum charge). */
  readonly minuteMinimumMs: number;
}

const MINUTE_MS = 60_000;

/**
 * Folds execution events (from either adapter: the local engine's events or the AWS history)
 * into {@link ExecutionUsage}. An attempt of a task state starts when the state is entered or
 * retried and ends when it fails or exits. Attempts of one state that overlap (Map iterations)
 * are paired first in, first out: their total is exact whatever the pairing, and a state that
 * needs each attempt's own length (a Glue job, for its minimum) never overlaps itself.
 */
export class UsageMeter {
  private transitions = 0;
  private readonly open = new Map<string, number[]>();
  private readonly tasks = new Map<string, { attempts: number; ms: number; minuteMs: number }>();

  /** Records one event. */
  apply(event: StepEvent): void {
    switch (event.kind) {
      case StepEventKind.Entered:
        this.transitions += 1;
        if (event.stateType === 'Task') this.start(event.state, event.at);
        return;
      case StepEventKind.Retried:
        this.transitions += 1;
        this.start(event.state, event.at);
        return;
      case StepEventKind.Failed:
      case StepEventKind.Exited:
        this.end(event.state, event.at);
        return;
      default:
    }
  }

  /** The usage so far, added to `earlier` (a redriven execution's previous attempts). */
  usage(earlier?: ExecutionUsage): ExecutionUsage {
    const tasks: Record<string, TaskUsage> = { ...earlier?.tasks };
    for (const [state, used] of this.tasks) {
      const before = tasks[state];
      tasks[state] = {
        attempts: used.attempts + (before?.attempts ?? 0),
        durationMs: used.ms + (before?.durationMs ?? 0),
        minuteMinimumMs: used.minuteMs + (before?.minuteMinimumMs ?? 0),
      };
    }
    return { transitions: this.transitions + (earlier?.transitions ?? 0), tasks };
  }

  private start(state: string, at: number): void {
    this.open.set(state, [...(this.open.get(state) ?? []), at]);
  }

  private end(state: string, at: number): void {
    const starts = this.open.get(state);
    const started = starts?.shift();
    if (started === undefined) return;
    const ms = Math.max(0, Math.ceil(at - started));
    const used = this.tasks.get(state) ?? { attempts: 0, ms: 0, minuteMs: 0 };
    this.tasks.set(state, {
      attempts: used.attempts + 1,
      ms: used.ms + ms,
      minuteMs: used.minuteMs + Math.max(MINUTE_MS, ms),
    });
  }
}

/** The usage of a list of events, e.g. an AWS execution history through `fromHistory`. */
export function usageOf(events: Iterable<StepEvent>): ExecutionUsage {
  const meter = new UsageMeter();
  for (const event of events) meter.apply(event);
  return meter.usage();
}
