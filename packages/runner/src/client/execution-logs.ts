import { RunnerUsageError } from '../errors.js';
import type { ExecutionDescription } from '../execution-types.js';

/** Which log lines {@link RunnerClient.logs} returns. */
export interface LogsRequest {
  /** Only the lines of this step (the `stage` each line is bound to). @default every line */
  readonly step?: string;
  /** Read on as the log grows until the execution has ended. @default false */
  readonly follow?: boolean;
}

/** Throws RunnerUsageError naming `--step` when the step is not one of the execution's. */
export function assertStepOf(description: ExecutionDescription, step: string | undefined): void {
  if (step === undefined || description.stages.some((stage) => stage.name === step)) return;
  throw new RunnerUsageError(
    `--step ${JSON.stringify(step)} is not a step of ${description.workflow}; expected one of: ${description.stages
      .map((s) => s.name)
      .join(', ')}`,
  );
}
