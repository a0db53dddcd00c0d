import type { BackfillDate } from '../backfill/backfill-types.js';
import type { ProgressStream } from './progress-renderer.js';
import { renderTable } from './table.js';
import { createStyler, formatDuration, type Styler } from './terminal-format.js';

const REDRAW_MS = 250;
const COLUMNS = ['DATE', 'EXECUTION ID', 'ACTION', 'STATUS', 'DURATION', 'ERROR'];

/** The backfill's table: one row per date, as the summary and the live view show it. */
export function backfillTable(
  rows: readonly BackfillDate[],
  style: Styler,
  now: number = Date.now(),
): string[] {
  const cells = rows.map((row) => {
    const end = row.stoppedAt ? Date.parse(row.stoppedAt) : now;
    const duration =
      row.startedAt && row.action !== 'skip'
        ? formatDuration(end - Date.parse(row.startedAt))
        : '-';
    return [row.logicalDate, row.executionId, row.action, row.status, duration, row.error ?? ''];
  });
  const columns = COLUMNS.map((title) => ({
    title,
    ...(title === 'DURATION' && { align: 'right' as const }),
  }));
  return renderTable(columns, cells, { header: (text) => style.bold(text) });
}

/**
 * Shows a backfill's dates on stderr: on a terminal a table redrawn in place (one row per
 * date), otherwise one line each time a date's status changes.
 */
export class BackfillRenderer {
  private readonly style: Styler;
  private readonly rows = new Map<string, BackfillDate>();
  private readonly printed = new Map<string, string>();
  private drawnLines = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly stream: ProgressStream,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.style = createStyler(stream, env);
  }

  update(row: BackfillDate): void {
    this.rows.set(row.logicalDate, row);
    if (!this.stream.isTTY) {
      const key = `${row.executionId}/${row.status}`;
      if (this.printed.get(row.logicalDate) === key) return;
      this.printed.set(row.logicalDate, key);
      this.stream.write(`${row.logicalDate} ${row.executionId} ${row.action} ${row.status}\n`);
      return;
    }
    this.timer ??= setInterval(() => this.draw(), REDRAW_MS).unref();
  }

  /** Draws the last frame and stops redrawing. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.stream.isTTY && this.rows.size > 0) this.draw();
  }

  private draw(): void {
    const rows = [...this.rows.values()].sort((a, b) => a.logicalDate.localeCompare(b.logicalDate));
    const lines = backfillTable(rows, this.style);
    const up = this.drawnLines > 0 ? `\u001b[${this.drawnLines}A` : '';
    this.stream.write(`${up}${lines.map((line) => `\u001b[2K${line}`).join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}
