import type { BackoffOptions } from './aws-target-options.js';

/**
 * Waits between monitoring calls: `initialMs`, then ×`factor` each time, capped at `maxMs`.
 * With the defaults (1 s, ×1.5, 60 s) a 2-hour run costs about 130 polls, not thousands.
 */
export function* backoffDelays(options: BackoffOptions = {}): Generator<number, never> {
  const initial = options.initialMs ?? 1000;
  const factor = options.factor ?? 1.5;
  const max = options.maxMs ?? 60_000;
  let delay = initial;
  for (;;) {
    yield Math.round(Math.min(delay, max));
    delay = Math.min(delay * factor, max);
  }
}
