import type { AwsScheduleStoreOptions } from '../aws/aws-schedule-store.js';
import { Target } from '../constants.js';
import { resolveCeapHome } from '../local/ceap-home.js';
import { LocalScheduleStore } from './local-schedule-store.js';
import type { ScheduleStore } from './schedule-types.js';

/** Where a target's schedule state lives. */
export interface ScheduleStoreOptions {
  /** Local: the ceap home. @default resolveCeapHome() */
  readonly home?: string;
  readonly aws?: AwsScheduleStoreOptions;
}

/**
 * The schedule store of a target: files under the ceap home locally, EventBridge Scheduler on
 * AWS (its SDK client is loaded only then, as the runner client loads its targets).
 */
export function createScheduleStore(
  target: Target,
  options: ScheduleStoreOptions = {},
): ScheduleStore {
  if (target === Target.Local) return new LocalScheduleStore(options.home ?? resolveCeapHome());
  const aws =
    require('../aws/aws-schedule-store.js') as typeof import('../aws/aws-schedule-store.js');
  return new aws.AwsScheduleStore(options.aws);
}
