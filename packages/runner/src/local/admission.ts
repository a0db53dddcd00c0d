import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { RunnerUsageError } from '../errors.js';

/** The environment variable that sets how many local executions one process runs at once. */
export const MAX_ACTIVE_ENV = 'CEAP_MAX_ACTIVE';

/**
 * Runs per core when nothing sets the limit. A local run spends most of its time waiting on
 * the embedded S3 server's requests and disk writes, so a few runs per core keep the cores busy;
 * many more only lengthen every run (and push each towards its TimeoutSeconds) without adding
 * throughput.
 */
const RUNS_PER_CORE = 4;

/** The default limit: {@link RUNS_PER_CORE} runs per core of this machine. */
export function defaultMaxActive(): number {
  return RUNS_PER_CORE * availableParallelism();
}

/**
 * The limit a local target uses: its `maxActive` option, else `CEAP_MAX_ACTIVE`, else
 * {@link defaultMaxActive}. A value that is not a whole number of 1 or more is refused, naming
 * where it came from.
 */
export function resolveMaxActive(option: number | undefined, env: NodeJS.ProcessEnv): number {
  if (option !== undefined) return checked(option, `the local option maxActive ${option}`);
  const text = env[MAX_ACTIVE_ENV];
  if (text === undefined || text.trim() === '') return defaultMaxActive();
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  return checked(value, `${MAX_ACTIVE_ENV}=${JSON.stringify(text)}`);
}

function checked(value: number, source: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RunnerUsageError(
      `${source} must be a whole number of 1 or more (how many local executions run at once)`,
    );
  }
  return value;
}

/** What {@link Admission.admit} resolves with when the run was cancelled while it waited. */
export const NOT_ADMITTED = Symbol('not admitted');

/**
 * Admission control for the local engine: at most `maxActive` runs at once, the rest wait in
 * arrival order (p-limit's queue). A waiting run that is cancelled leaves at once, without
 * waiting for a slot, and its turn, when it comes, passes straight on.
 */
export class Admission {
  private readonly limit: pLimit.Limit;

  constructor(readonly maxActive: number) {
    this.limit = pLimit(maxActive);
  }

  /** Runs that hold a slot. */
  get active(): number {
    return this.limit.activeCount;
  }

  /** Runs waiting for one. */
  get waiting(): number {
    return this.limit.pendingCount;
  }

  /**
   * Runs `work` once a slot is free, holding it until `work` settles. Resolves with
   * {@link NOT_ADMITTED}, without running `work`, when `cancel` aborts before the slot comes.
   */
  admit<T>(work: () => Promise<T>, cancel: AbortSignal): Promise<T | typeof NOT_ADMITTED> {
    if (cancel.aborted) return Promise.resolve(NOT_ADMITTED);
    return new Promise((resolve, reject) => {
      const leave = () => resolve(NOT_ADMITTED);
      cancel.addEventListener('abort', leave, { once: true });
      void this.limit(async () => {
        cancel.removeEventListener('abort', leave);
        if (cancel.aborted) return;
        try {
          resolve(await work());
        } catch (error) {
          reject(error);
        }
      });
    });
  }
}
