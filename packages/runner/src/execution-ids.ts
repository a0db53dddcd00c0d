import { randomBytes } from 'node:crypto';
import { type ExecutionId, isLogicalDate, parseExecutionId } from '@ceap/core';
import { RunnerUsageError } from './errors.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A fresh execution id, `{workflow}-{YYYYMMDDTHHMMSSZ}-{6 random}`, e.g.
 * `batch-20260101T020000Z-k3x9qa`: sortable by start time, unique enough to never collide.
 */
export function newExecutionId(workflow: string, now: Date = new Date()): ExecutionId {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const bytes = randomBytes(6);
  const suffix = Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join('');
  return parseExecutionId(`${workflow}-${stamp}-${suffix}`);
}

/** Checks a user-given id with core's rule; the message names the id and the rule. */
export function checkExecutionId(value: string): ExecutionId {
  try {
    return parseExecutionId(value);
  } catch (error) {
    throw new RunnerUsageError(`--execution-id: ${(error as Error).message}`, { cause: error });
  }
}

/** Checks `--logical-date`. */
export function checkLogicalDate(value: string): string {
  if (!isLogicalDate(value)) {
    throw new RunnerUsageError(
      `--logical-date ${JSON.stringify(value)} must be a calendar date written YYYY-MM-DD`,
    );
  }
  return value;
}

/** The default logical date: yesterday (UTC) for a nightly batch, today for realtime. */
export function defaultLogicalDate(
  workflowType: 'EXPRESS' | 'STANDARD',
  now: Date = new Date(),
): string {
  const day = 24 * 60 * 60 * 1000;
  const date = workflowType === 'STANDARD' ? new Date(now.getTime() - day) : now;
  return date.toISOString().slice(0, 10);
}
