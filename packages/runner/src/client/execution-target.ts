import type { JsonRecord } from '@ceap/core';
import type {
  ExecutionDescription,
  ExecutionFilter,
  ExecutionHandle,
  StartRequest,
} from '../execution-types.js';

/** What the client needs from a place executions run: the local engine or AWS. */
export interface ExecutionTarget {
  start(request: StartRequest): Promise<ExecutionHandle>;
  describe(executionId: string): Promise<ExecutionDescription>;
  list(filter: ExecutionFilter): Promise<ExecutionDescription[]>;
  /** The records of a stage's output (default: the last stage that wrote one). */
  output(executionId: string, stage?: string): AsyncIterable<JsonRecord>;
  /** Releases what the target holds (the embedded S3 server, clients). */
  close(): Promise<void>;
}
