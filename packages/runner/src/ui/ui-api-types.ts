/*
 * The JSON the UI server answers with, shared by the server (src/ui) and the page (ui-app).
 * This file imports nothing, so the page's DOM-only compilation can include it; the server's
 * handlers are typed against it, so the two sides cannot drift apart unnoticed.
 */

/** Any JSON object, as records and log lines are. */
export type UiJsonObject = { readonly [key: string]: unknown };

/** What the page learns when it loads, embedded in its HTML. */
export interface UiBootstrap {
  /** The per-server token every state-changing request carries in `x-ceap-token`. */
  readonly token: string;
  readonly target: string;
  /** True with `--show-values`: record previews are not masked. */
  readonly showValues: boolean;
}

/** A workflow's schedule, as `ceap schedule show` reports it for the server's target. */
export interface UiSchedule {
  readonly expression: string;
  readonly timeZone: string;
  /** UNKNOWN when the target's schedule could not be read (`note` says why). */
  readonly state: 'ACTIVE' | 'PAUSED' | 'UNKNOWN';
  /** On AWS, the EventBridge Scheduler schedule's name. */
  readonly scheduleName?: string;
  /** The next run time, ISO-8601 UTC (while paused: when it would run once resumed). */
  readonly nextRunAt?: string;
  /** The same instant on the zone's clock, with its offset: `2026-03-29T02:00+01:00`. */
  readonly nextRunLocal?: string;
  /** The logical date that run processes (the day before, in the zone). */
  readonly nextLogicalDate?: string;
  /** The workflow's latest run, null when it has not run. */
  readonly lastRun: {
    readonly executionId: string;
    readonly status: string;
    readonly startedAt: string;
    readonly logicalDate?: string;
  } | null;
  /** Why the state is UNKNOWN. */
  readonly note?: string;
}

/** One run, as a cell in a list of runs. */
export interface UiRunSummary {
  readonly executionId: string;
  readonly status: string;
  readonly logicalDate?: string;
  readonly startedAt: string;
  readonly stoppedAt?: string;
}

export interface UiWorkflow {
  readonly name: string;
  readonly type: string;
  readonly description?: string;
  readonly steps: readonly string[];
  readonly schedule: UiSchedule | null;
  /** Whether its runs are keyed by logical date, so it can be backfilled (not EXPRESS unscheduled). */
  readonly logicalDates: boolean;
  /** The newest runs first, at most 10. */
  readonly lastRuns: readonly UiRunSummary[];
  /** Why the runs could not be listed (e.g. AWS keeps no list of Express executions). */
  readonly note?: string;
}

export interface UiWorkflows {
  readonly target: string;
  readonly workflows: readonly UiWorkflow[];
}

/** A run in the grid: its summary and each step's status, by step name. */
export interface UiGridRun extends UiRunSummary {
  readonly cells: Readonly<Record<string, string>>;
}

/** Runs (oldest logical date first) × steps (workflow order). */
export interface UiGrid {
  readonly workflow: string;
  /** Whether it can be backfilled (see {@link UiWorkflow.logicalDates}). */
  readonly logicalDates: boolean;
  readonly steps: readonly string[];
  readonly runs: readonly UiGridRun[];
}

/** A step row of a run, as `ceap status --json` has it. */
export interface UiStage {
  readonly name: string;
  readonly status: string;
  readonly startedAt?: string;
  readonly durationMs?: number;
  readonly received?: number;
  readonly records?: number;
  readonly rejected?: number;
  readonly filtered?: number;
  readonly retries: number;
  readonly iterations?: number;
  readonly failedIterations?: number;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** A run as `ceap status --json` has it. */
export interface UiDescription extends UiRunSummary {
  readonly workflow: string;
  readonly target: string;
  readonly error?: string;
  readonly cause?: string;
  readonly failedState?: string;
  readonly stages: readonly UiStage[];
  readonly output?: string;
  readonly redriveCount?: number;
}

export interface UiDagNode {
  readonly name: string;
  readonly kind: string;
  readonly details: readonly string[];
}

export interface UiDag {
  readonly nodes: readonly UiDagNode[];
  readonly edges: readonly {
    readonly from: string;
    readonly to: string;
    readonly label?: string;
    readonly allDone: boolean;
  }[];
  readonly roots: readonly string[];
  readonly leaves: readonly string[];
}

/**
 * One bar of the Gantt timeline: a step from its first entry to its end, the failed attempts
 * of a retried step (with their backoff), its final attempt, or one Map iteration.
 */
export interface UiBar {
  readonly step: string;
  readonly kind: 'step' | 'retries' | 'attempt' | 'iteration';
  readonly label: string;
  readonly status: string;
  /** Milliseconds from the run's start. */
  readonly offsetMs: number;
  readonly durationMs: number;
}

export interface UiRun {
  readonly description: UiDescription;
  readonly dag: UiDag;
  readonly timeline: { readonly spanMs: number; readonly bars: readonly UiBar[] };
  /** From the run's start to its stop, or to now while it runs. */
  readonly durationMs: number;
  /** The input it started with (personal fields masked unless `--show-values`), when kept. */
  readonly input?: UiJsonObject;
}

/** A step of a run: its counts, the first records and rejects, its log lines. */
export interface UiStep {
  readonly executionId: string;
  readonly stage: UiStage;
  readonly rejectedBy: Readonly<Record<string, number>>;
  readonly filteredBy: Readonly<Record<string, number>>;
  /** The first output records (at most {@link UI_PREVIEW_LIMIT}). */
  readonly records: readonly UiJsonObject[];
  readonly rejects: readonly UiJsonObject[];
  readonly logs: readonly UiJsonObject[];
  /** Why a part is missing (no output yet, logs not readable on this target, …). */
  readonly notes: readonly string[];
  readonly masked: boolean;
}

/** What POST /api/runs takes. */
export interface UiStartRequest {
  readonly workflow: string;
  /** The execution input; absent: the workflow's shipped sample. */
  readonly input?: UiJsonObject;
  readonly logicalDate?: string;
  readonly executionId?: string;
}

/** What POST /api/backfills takes: `ceap backfill`'s flags. */
export interface UiBackfillRequest {
  readonly workflow: string;
  /** The first logical date, YYYY-MM-DD. */
  readonly from: string;
  /** The last logical date, included. */
  readonly to: string;
  /** @default 1 */
  readonly maxActive?: number;
  /** @default 'none' */
  readonly rerun?: 'none' | 'failed' | 'all';
}

/** One date of a backfill, as `backfill --json` has it. */
export interface UiBackfillDate {
  readonly logicalDate: string;
  readonly executionId: string;
  readonly action: 'start' | 'redrive' | 'skip';
  readonly status: string;
  readonly previousStatus?: string;
  readonly error?: string;
  readonly cause?: string;
}

/**
 * A backfill the server runs in its background: what each date does (answered as soon as
 * every date is planned, before the runs end), and, from GET /api/backfills, how far it got.
 */
export interface UiBackfill {
  readonly id: string;
  readonly workflow: string;
  readonly from: string;
  readonly to: string;
  readonly maxActive: number;
  readonly rerun: string;
  /** RUNNING while it starts or waits for runs; DONE once every run ended; FAILED on an error. */
  readonly state: 'RUNNING' | 'DONE' | 'FAILED';
  readonly dates: readonly UiBackfillDate[];
  readonly error?: string;
}

/** Every error answer: the error's name and a message naming what is wrong. */
export interface UiError {
  readonly error: string;
  readonly message: string;
}

/** The most records, rejects and log lines a step page shows. */
export const UI_PREVIEW_LIMIT = 100;

/** The header that carries the per-server token. */
export const UI_TOKEN_HEADER = 'x-ceap-token';
