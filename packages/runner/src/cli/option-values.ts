import { InvalidArgumentError } from 'commander';
import { parseDuration } from './durations.js';

/**
 * Parses an option value that must be a whole number of 1 or more. Commander reports the
 * thrown error naming the option and the value (`option '--limit <n>' argument 'abc' is
 * invalid`), and the CLI exits with 2.
 */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError('expected a whole number of 1 or more');
  }
  return parsed;
}

/**
 * Parses an age such as `7d`, `12h` or `30m` into milliseconds (see {@link parseDuration});
 * commander names the option and the value of anything else, and the CLI exits with 2.
 */
export function duration(value: string): number {
  const parsed = parseDuration(value);
  if (parsed === undefined) {
    throw new InvalidArgumentError(
      'expected a whole number of 1 or more and a unit: 7d, 12h or 30m',
    );
  }
  return parsed;
}

/** Parses an option value that must be a whole number of 0 or more (a Map iteration's index). */
export function wholeNumber(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed)) {
    throw new InvalidArgumentError('expected a whole number of 0 or more');
  }
  return parsed;
}
