import { createHash, type Hash } from 'node:crypto';
import { FatalStageError } from '../errors.js';
import type { StageEvent } from './stage-contract.js';

const RUN_KEY = /^[0-9a-f]{32}$/;

/** Fields that only choose the logical date, which the key already holds. */
const DATE_FIELDS = new Set(['logicalDate', 'scheduledTime', 'scheduleTimeZone']);

/**
 * The identity of a run's logical input: 32 hex digits of SHA-256 over the logical date and
 * the execution input in canonical JSON (keys sorted, the date fields left out). A redelivered
 * message, a pipe's retry of it, or the schedule and a manual start for the same day give the
 * same key, whatever the execution is named, so outputs keyed by it (Store's dataset object,
 * Reactive's idempotency keys) are replaced rather than duplicated. A batch of one message is
 * keyed as the message, so the pipe's array and a direct start agree.
 */
export function logicalInputKey(input: unknown, logicalDate: string): string {
  const message = Array.isArray(input) && input.length === 1 ? input[0] : input;
  const hash = createHash('sha256').update(`${logicalDate}\n`);
  hashCanonical(hash, message);
  return hash.digest('hex').slice(0, 32);
}

/**
 * The run key a stage works under: its upstream's (every step of a run shares the first
 * step's), or, for a first step, the key of the execution input.
 */
export function runKeyOf(step: string, event: StageEvent, logicalDate: string): string {
  const upstreams = event.inputs === undefined ? [event.input] : Object.values(event.inputs ?? {});
  for (const upstream of upstreams) {
    const carried = (upstream as { runKey?: unknown } | null | undefined)?.runKey;
    if (carried === undefined) continue;
    if (typeof carried !== 'string' || !RUN_KEY.test(carried)) {
      throw new FatalStageError(
        `${step} input.runKey must be 32 lowercase hex digits, got ${JSON.stringify(carried)?.slice(0, 80)}`,
      );
    }
    return carried;
  }
  return logicalInputKey(event.input, logicalDate);
}

/**
 * Feeds `value` to the hash as canonical JSON: object keys sorted, the top level's date fields
 * left out. Iterative, so no nesting depth a JSON input can have overflows the stack.
 */
function hashCanonical(hash: Hash, value: unknown): void {
  const pending: { value?: unknown; text?: string; top?: boolean }[] = [{ value, top: true }];
  while (pending.length > 0) {
    const item = pending.pop() as { value?: unknown; text?: string; top?: boolean };
    if (item.text !== undefined) {
      hash.update(item.text);
      continue;
    }
    const current = item.value;
    if (typeof current !== 'object' || current === null) {
      hash.update(JSON.stringify(current) ?? 'null');
      continue;
    }
    const entries: { value?: unknown; text?: string; top?: boolean }[] = [];
    if (Array.isArray(current)) {
      current.forEach((element, index) => {
        if (index > 0) entries.push({ text: ',' });
        // A pipe's batch is messages: each one's date fields are left out too.
        entries.push({ value: element, top: item.top === true });
      });
      pending.push({ text: ']' }, ...entries.reverse(), { text: '[' });
      continue;
    }
    const keys = Object.keys(current)
      .filter((key) => !(item.top && DATE_FIELDS.has(key)))
      .sort();
    keys.forEach((key, index) => {
      entries.push({ text: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` });
      entries.push({ value: (current as Record<string, unknown>)[key] });
    });
    pending.push({ text: '}' }, ...entries.reverse(), { text: '{' });
  }
}
