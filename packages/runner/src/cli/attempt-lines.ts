import type { ExecutionDescription } from '../execution-types.js';
import { formatDuration } from './terminal-format.js';

/**
 * A redriven execution's attempts, one line each (number, outcome, start, duration, error), so
 * `status` shows what each run of it did; nothing for an execution never redriven.
 */
export function attemptLines(description: ExecutionDescription): string[] {
  const count = description.redriveCount ?? 0;
  if (count === 0) return [];
  const lines = [
    `Redriven ${count} time${count === 1 ? '' : 's'}${description.redriveDate ? `, last at ${description.redriveDate}` : ''}`,
  ];
  for (const attempt of description.attempts ?? []) {
    const took =
      attempt.stoppedAt === undefined
        ? 'running'
        : formatDuration(Date.parse(attempt.stoppedAt) - Date.parse(attempt.startedAt));
    const failure = attempt.error
      ? `  ${attempt.error}${attempt.failedState ? ` at ${attempt.failedState}` : ''}`
      : '';
    lines.push(
      `  attempt ${attempt.attempt}  ${attempt.status.padEnd(9)}  ${attempt.startedAt}  ${took}${failure}`,
    );
  }
  return lines;
}
