import type { DataLocation } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import type { ExecutionIndex } from '../index-store/execution-index.js';
import type { Admission } from './admission.js';
import type { CeapLayout } from './ceap-home.js';
import { defaultLocalBindings } from './default-bindings.js';
import type { DetachedStartContext } from './detached-start.js';
import type { RunContext } from './local-run.js';
import type { LocalS3 } from './local-s3.js';
import type { LocalTargetOptions } from './local-target-options.js';
import type { StartInputContext } from './start-input.js';
import type { ReservationContext } from './start-reservation.js';

/** What the local target's parts share: its home, index, S3 server, workflows and data place. */
export interface LocalTargetState {
  readonly layout: CeapLayout;
  readonly index: ExecutionIndex;
  readonly s3: LocalS3;
  readonly workflows: Readonly<Record<string, Workflow>>;
  readonly location: DataLocation;
  readonly examplesDirectory: string;
  readonly env: NodeJS.ProcessEnv;
  readonly admission: Admission;
}

/** The views of the target's state that reserving, running and detaching a run each take. */
export interface LocalTargetContexts {
  readonly reservation: ReservationContext & StartInputContext;
  readonly run: RunContext;
  readonly detachedStart: DetachedStartContext;
}

export function localTargetContexts(
  state: LocalTargetState,
  options: LocalTargetOptions,
): LocalTargetContexts {
  const { index, layout, s3, workflows, location, examplesDirectory, env, admission } = state;
  return {
    reservation: { index, layout, workflows, examplesDirectory, location },
    run: {
      index,
      s3,
      location,
      examplesDirectory,
      bindings: () => options.bindings ?? defaultLocalBindings(),
      admission,
      env,
      logLevel: options.logLevel ?? process.env.LOG_LEVEL ?? 'info',
      ...(options.retryIntervalOverrides && {
        retryIntervalOverrides: options.retryIntervalOverrides,
      }),
    },
    detachedStart: {
      index,
      layout,
      examplesDirectory,
      location,
      env,
      ...(options.s3Endpoint && { s3Endpoint: options.s3Endpoint }),
      ...(options.logLevel && { logLevel: options.logLevel }),
      ...(options.worker && { worker: options.worker }),
    },
  };
}
