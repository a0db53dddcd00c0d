import type { JsonRecord } from '@ceap/core';
import type { Styler } from './terminal-format.js';

/** pino's numeric levels and their names. */
const LEVELS: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Fields every line carries, shown in the line's head rather than among its details. */
const HEAD_FIELDS = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'msg',
  'executionId',
  'workflow',
  'stage',
]);

/**
 * One pino line for a person: `HH:MM:SS.mmm LEVEL [stage] message key=value …`, the level
 * coloured (when the styler allows) and the details in the line's own order.
 *
 * @example
 * formatLogLine({ level: 30, time: '2026-03-11T04:14:32.382Z', stage: 'ETLStage', msg: 'stage finished', records: 977 }, styler)
 * // '04:14:32.382 INFO  [ETLStage] stage finished records=977'
 */
export function formatLogLine(line: JsonRecord, style: Styler): string {
  const level = LEVELS[Number(line.level)] ?? String(line.level ?? '');
  const painted =
    Number(line.level) >= 50
      ? style.red(level.padEnd(5))
      : Number(line.level) >= 40
        ? style.yellow(level.padEnd(5))
        : style.dim(level.padEnd(5));
  const time = typeof line.time === 'string' ? line.time.slice(11, 23) : timeOf(line.time);
  const stage = typeof line.stage === 'string' ? ` ${style.bold(`[${line.stage}]`)}` : '';
  const details = Object.entries(line)
    .filter(([key]) => !HEAD_FIELDS.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [`${time} ${painted}${stage} ${line.msg ?? ''}`.trimEnd(), ...details].join(' ');
}

function timeOf(value: unknown): string {
  return typeof value === 'number' ? new Date(value).toISOString().slice(11, 23) : '';
}
