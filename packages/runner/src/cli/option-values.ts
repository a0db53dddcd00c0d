import { InvalidArgumentError } from 'commander';

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
