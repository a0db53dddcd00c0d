import type { ExecutionDescription, StageSummary } from '../execution-types.js';
import { renderTable, type TableColumn } from './table.js';

/** ANSI styling that turns itself off for NO_COLOR or a stream that is not a terminal. */
export interface Styler {
  readonly enabled: boolean;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** A styler for `stream`: colours only on a terminal, and never with NO_COLOR or TERM=dumb. */
export function createStyler(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Styler {
  const enabled = Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    enabled,
    green: wrap(32, 39),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}

/** `850ms`, `12.3s`, `4m05s`, `1h02m`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

function count(value: number | undefined): string {
  return value === undefined ? '-' : value.toLocaleString('en-US');
}

/** Red only for a failure: a step that was SKIPPED or UPSTREAM_FAILED did not fail, it never ran. */
function colorStatus(status: string, style: Styler): string {
  if (status === 'SUCCEEDED') return style.green(status);
  if (status === 'FAILED' || status === 'TIMED_OUT' || status === 'ABORTED')
    return style.red(status);
  if (status === 'RUNNING' || status === 'RETRYING') return style.yellow(status);
  return style.dim(status);
}

/** A Map step's iterations: `4`, or `4 (1 failed)`; `-` for any other step. */
export function formatIterations(stage: StageSummary): string {
  if (stage.iterations === undefined) return '-';
  return stage.failedIterations
    ? `${stage.iterations} (${stage.failedIterations} failed)`
    : String(stage.iterations);
}

const STAGE_COLUMNS: readonly TableColumn[] = [
  { title: 'STEP' },
  { title: 'STATUS' },
  { title: 'DURATION', align: 'right' },
  { title: 'IN', align: 'right' },
  { title: 'OUT', align: 'right' },
  { title: 'REJECTED', align: 'right' },
  { title: 'FILTERED', align: 'right' },
  { title: 'RETRIES', align: 'right' },
  { title: 'ITERATIONS', align: 'right' },
];
const STATUS_COLUMN = 1;

/**
 * The per-step table, one row per workflow step in workflow order: status (SKIPPED and
 * UPSTREAM_FAILED as such, never as FAILED), duration, records in, out, rejected and filtered,
 * retries, and a Map step's iterations.
 */
export function stageTable(stages: readonly StageSummary[], style: Styler): string[] {
  const rows = stages.map((stage) => [
    stage.name,
    stage.status,
    formatDuration(stage.durationMs),
    count(stage.received),
    count(stage.records),
    count(stage.rejected),
    count(stage.filtered),
    String(stage.retries),
    formatIterations(stage),
  ]);
  return renderTable(STAGE_COLUMNS, rows, {
    header: style.bold,
    cell: (column, text) => (column === STATUS_COLUMN ? colorStatus(text, style) : text),
  });
}

const EXECUTION_COLUMNS: readonly TableColumn[] = [
  { title: 'EXECUTION ID' },
  { title: 'WORKFLOW' },
  { title: 'STATUS' },
  { title: 'STARTED' },
  { title: 'DURATION' },
];

/** The `list` table: one execution per line, newest first as given. */
export function executionTable(
  executions: readonly ExecutionDescription[],
  style: Styler,
): string[] {
  const rows = executions.map((execution) => [
    execution.executionId,
    execution.workflow,
    execution.status,
    execution.startedAt,
    formatDuration(executionDuration(execution)),
  ]);
  return renderTable(EXECUTION_COLUMNS, rows, { header: style.bold });
}

/** One plain line for a step, for logs and non-terminal output. */
export function stageLine(stage: StageSummary): string {
  const parts = [`${stage.name} ${stage.status}`];
  if (stage.durationMs !== undefined && stage.status !== 'RUNNING')
    parts.push(formatDuration(stage.durationMs));
  if (stage.received !== undefined) parts.push(`in=${stage.received}`);
  if (stage.records !== undefined) parts.push(`out=${stage.records}`);
  if (stage.rejected !== undefined) parts.push(`rejected=${stage.rejected}`);
  if (stage.filtered) parts.push(`filtered=${stage.filtered}`);
  if (stage.retries > 0) parts.push(`retries=${stage.retries}`);
  if (stage.iterations !== undefined) parts.push(`iterations=${stage.iterations}`);
  if (stage.failedIterations) parts.push(`failedIterations=${stage.failedIterations}`);
  if (stage.error) parts.push(`error=${stage.error}`);
  return parts.join(' ');
}

/** The execution's duration, start to stop (or now). */
export function executionDuration(
  description: ExecutionDescription,
  now: number = Date.now(),
): number {
  const stop = description.stoppedAt ? Date.parse(description.stoppedAt) : now;
  return Math.max(0, stop - Date.parse(description.startedAt));
}

/** The first few lines of a long cause (a Python traceback), for the terminal. */
export function shortCause(cause: string | undefined, maxLines = 12): string {
  if (!cause) return '';
  const lines = cause.split('\n');
  return lines.length <= maxLines
    ? cause
    : [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more lines)`].join('\n');
}
