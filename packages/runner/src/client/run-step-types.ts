import type { JsonRecord, StageResult } from '@ceap/core';
import type { Target } from '../constants.js';

/** What {@link RunnerClient.runStep} runs: one step of an existing execution, on its inputs. */
export interface RunStepRequest {
  readonly workflow: string;
  /** A Lambda or Map step of the workflow. */
  readonly step: string;
  /** The execution whose inputs the step reads. */
  readonly executionId: string;
  /**
   * A Map step's iteration to run (its part index, from 0). @default every iteration the
   * execution gave the step
   */
  readonly iteration?: number;
  /** How many of the test run's rejects to return. @default 10 */
  readonly rejectsLimit?: number;
}

/** One test run of a step: where it wrote, its counts, and its first rejects. */
export interface StepTestRun {
  readonly executionId: string;
  readonly workflow: string;
  readonly step: string;
  readonly target: Target;
  /** n of `{step}/test-{n}/`: the first number not used by an earlier test run. */
  readonly testRun: number;
  /** `s3://{bucket}/{prefix}executions/{id}/{step}/test-{n}/`: everything the run wrote. */
  readonly folder: string;
  /** The Map iterations that ran (part indexes); absent for a Lambda step. */
  readonly iterations?: readonly number[];
  readonly received: number;
  readonly records: number;
  readonly rejected: number;
  readonly rejectedBy: Readonly<Record<string, number>>;
  readonly filtered: number;
  readonly filteredBy: Readonly<Record<string, number>>;
  /** Each invocation's result, as the stage returned it (one per Map iteration). */
  readonly results: readonly StageResult[];
  /** The first rejects (`{ reason, record?, … }`), at most `rejectsLimit`. */
  readonly rejects: readonly JsonRecord[];
}
