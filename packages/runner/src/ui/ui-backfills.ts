import type { Workflow } from '@ceap/core/workflow';
import { type BackfillDate, type BackfillReport, RerunPolicy } from '../backfill/backfill-types.js';
import type { RunnerClient } from '../client/runner-client.js';
import { findWorkflow } from '../client/start-plan.js';
import { RunnerUsageError } from '../errors.js';
import { assertLogicalDates, dateRange } from '../schedule/dated-runs.js';
import type { UiBackfill, UiBackfillDate } from './ui-api-types.js';
import { UiRequestError } from './ui-params.js';

/** How many finished backfills GET /api/backfills keeps, newest first. */
const KEPT_BACKFILLS = 20;

/**
 * A backfill request's body, checked as `ceap backfill` checks its flags, with the CLI's
 * messages: the workflow (known, with logical dates), the dates and range, max-active, rerun.
 */
export function backfillRequestParam(
  workflows: Readonly<Record<string, Workflow>>,
  body: unknown,
): CheckedBackfill {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UiRequestError(
      400,
      'the request body must be a JSON object { workflow, from, to, maxActive?, rerun? }',
    );
  }
  const { workflow, from, to, maxActive, rerun, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new UiRequestError(400, `unknown field(s): ${unknown.join(', ')}`);
  if (typeof workflow !== 'string') throw new UiRequestError(400, 'workflow must be a string');
  assertLogicalDates(findWorkflow(workflows, workflow));
  const dates = dateRange(String(from ?? ''), String(to ?? ''));
  const active = maxActive ?? 1;
  if (typeof active !== 'number' || !Number.isSafeInteger(active) || active < 1) {
    throw new RunnerUsageError(
      `--max-active ${JSON.stringify(active)} must be a whole number of 1 or more`,
    );
  }
  const policy = rerun ?? RerunPolicy.None;
  if (!(Object.values(RerunPolicy) as unknown[]).includes(policy)) {
    throw new RunnerUsageError(`--rerun ${JSON.stringify(policy)} must be none, failed or all`);
  }
  return {
    workflow,
    from: String(from),
    to: String(to),
    maxActive: active,
    rerun: policy as RerunPolicy,
    dates,
  };
}

/** A backfill request as checked: every field given, and the dates it covers. */
export interface CheckedBackfill {
  readonly workflow: string;
  readonly from: string;
  readonly to: string;
  readonly maxActive: number;
  readonly rerun: RerunPolicy;
  readonly dates: readonly string[];
}

interface Running {
  view: UiBackfill;
  readonly stop: AbortController;
  /** Settles (never rejects) once the backfill has ended and its report is in `view`. */
  done: Promise<unknown>;
}

/**
 * The backfills this server runs in its background, through `client.backfill` (the CLI's
 * one implementation): a request is answered once every date is planned (start, redrive or
 * skip), and the runs go on without holding the HTTP request; the grid shows them as they
 * progress. Closing stops them as `backfill`'s Ctrl-C does: the runs under way end ABORTED.
 */
export class UiBackfills {
  private readonly backfills: Running[] = [];
  private count = 0;

  constructor(private readonly client: RunnerClient) {}

  /** Starts a backfill; resolves with each date's plan, or rejects with what refused it. */
  start(request: CheckedBackfill): Promise<UiBackfill> {
    const rows = new Map<string, UiBackfillDate>();
    const stop = new AbortController();
    const { dates, ...fields } = request;
    const entry: Running = {
      view: { id: `backfill-${++this.count}`, state: 'RUNNING', dates: [], ...fields },
      stop,
      done: Promise.resolve(),
    };
    const refresh = (patch: Partial<UiBackfill> = {}) => {
      entry.view = { ...entry.view, ...patch, dates: dates.flatMap((d) => rows.get(d) ?? []) };
    };
    return new Promise<UiBackfill>((resolve, reject) => {
      const onUpdate = (row: BackfillDate) => {
        rows.set(row.logicalDate, dateOf(row));
        refresh();
        // Every date is planned before the first run starts: answer with the plan.
        if (rows.size === dates.length) resolve(entry.view);
      };
      const done = this.client.backfill({ ...fields, signal: stop.signal, onUpdate }).then(
        (report: BackfillReport) => {
          for (const row of report.dates) rows.set(row.logicalDate, dateOf(row));
          refresh({ state: 'DONE' });
          resolve(entry.view);
        },
        (error: Error) => {
          refresh({ state: 'FAILED', error: error.message });
          reject(error);
        },
      );
      entry.done = done;
      this.backfills.unshift(entry);
      this.prune();
    });
  }

  /** The server's backfills, newest first, each as far as it got. */
  list(): UiBackfill[] {
    return this.backfills.map((entry) => entry.view);
  }

  /** Forgets the oldest finished backfills beyond KEPT_BACKFILLS; running ones are kept. */
  private prune(): void {
    let finished = 0;
    for (let i = 0; i < this.backfills.length; i++) {
      const entry = this.backfills[i] as Running;
      if (entry.view.state !== 'RUNNING' && ++finished > KEPT_BACKFILLS) {
        this.backfills.splice(i--, 1);
      }
    }
  }

  /** Stops every backfill under way and waits until their runs' ends are recorded. */
  async close(): Promise<void> {
    for (const entry of this.backfills) entry.stop.abort();
    await Promise.all(this.backfills.map((entry) => entry.done));
  }
}

function dateOf(row: BackfillDate): UiBackfillDate {
  return {
    logicalDate: row.logicalDate,
    executionId: row.executionId,
    action: row.action,
    status: row.status,
    ...(row.previousStatus !== undefined && { previousStatus: row.previousStatus }),
    ...(row.error !== undefined && { error: row.error }),
    ...(row.cause !== undefined && { cause: row.cause }),
  };
}
