import type { ExecutionDescription } from '../execution-types.js';
import { createStyler, type Styler, stageLine, stageTable } from './terminal-format.js';

/** Where progress goes: stderr, a terminal or not. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): boolean;
}

const REDRAW_MS = 250;

/**
 * Shows an execution's progress on stderr. On a terminal it redraws a live stage table in
 * place (and ticks the running stage's duration); otherwise it prints one plain line each
 * time a stage changes status.
 */
export class ProgressRenderer {
  private readonly style: Styler;
  private latest?: ExecutionDescription;
  private drawnLines = 0;
  private timer?: NodeJS.Timeout;
  private readonly printed = new Map<string, string>();

  constructor(
    private readonly stream: ProgressStream,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.style = createStyler(stream, env);
  }

  get live(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(description: ExecutionDescription): void {
    this.latest = description;
    this.header(description);
    if (!this.live) {
      this.printChanges(description);
      return;
    }
    if (!this.timer) {
      this.draw();
      this.timer = setInterval(() => this.draw(), REDRAW_MS);
      this.timer.unref();
    }
  }

  /** Draws the final state and stops redrawing. */
  finish(description: ExecutionDescription): void {
    this.latest = description;
    this.header(description);
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.live) this.draw(true);
    else this.printChanges(description);
  }

  private headerShown = false;

  /** Names the execution once, above the table. */
  private header(description: ExecutionDescription): void {
    if (this.headerShown) return;
    this.headerShown = true;
    this.stream.write(
      `${this.style.bold(`Execution ${description.executionId}`)} (${description.workflow}, ${description.target})\n`,
    );
  }

  private printChanges(description: ExecutionDescription): void {
    for (const stage of description.stages) {
      // A failure is only final once the execution says so: RETRYING is shown as the retry.
      if (stage.status === 'PENDING' || stage.status === 'RETRYING') continue;
      // A Map step's counts may come a moment after it ended: print it again then.
      const counts = stage.status === 'SUCCEEDED' ? (stage.records ?? '') : '';
      const key = `${stage.status}/${stage.retries}/${counts}`;
      if (this.printed.get(stage.name) === key) continue;
      this.printed.set(stage.name, key);
      this.stream.write(`${stageLine(stage)}\n`);
    }
  }

  private draw(final = false): void {
    if (!this.latest) return;
    const now = Date.now();
    const stages = this.latest.stages.map((stage) =>
      !final && (stage.status === 'RUNNING' || stage.status === 'RETRYING') && stage.startedAt
        ? { ...stage, durationMs: now - Date.parse(stage.startedAt) }
        : stage,
    );
    const lines = stageTable(stages, this.style);
    const up = this.drawnLines > 0 ? `\u001b[${this.drawnLines}A` : '';
    this.stream.write(`${up}${lines.map((line) => `\u001b[2K${line}`).join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}
