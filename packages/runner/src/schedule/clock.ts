import { RunnerUsageError } from '../errors.js';

/**
 * The time the schedule commands and the scheduler take as now: the system clock, or
 * `CEAP_NOW` (an ISO-8601 instant) when it is set. CEAP_NOW is for tests and for operators
 * replaying a moment (what would `scheduler --once` have started at 03:00?); it never moves,
 * so a long-running scheduler under it starts what is due at that instant and then waits.
 */
export function clockFrom(env: NodeJS.ProcessEnv = process.env): () => Date {
  const fixed = env.CEAP_NOW?.trim();
  if (!fixed) return () => new Date();
  const instant = new Date(fixed);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(fixed) || Number.isNaN(instant.getTime())) {
    throw new RunnerUsageError(
      `CEAP_NOW ${JSON.stringify(fixed)} must be an ISO-8601 instant such as 2026-03-10T03:00:00Z`,
    );
  }
  return () => new Date(instant.getTime());
}
