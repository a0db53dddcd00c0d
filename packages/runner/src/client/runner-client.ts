import type { JsonRecord } from '@ceap/core';
import { compileWorkflow } from '@ceap/core/workflow';
import { SHIPPED_WORKFLOWS as WORKFLOWS } from '@ceap/stages';
import { AwsTarget } from '../aws/aws-target.js';
import { Target } from '../constants.js';
import { RunnerUsageError } from '../errors.js';
import type {
  ExecutionDescription,
  ExecutionFilter,
  ExecutionHandle,
  StartRequest,
} from '../execution-types.js';
import { mermaidFlowchart } from '../graph/mermaid-graph.js';
import { defaultLocalBindings } from '../local/default-bindings.js';
import { LocalTarget } from '../local/local-target.js';
import type { ExecutionTarget } from './execution-target.js';
import type { RunnerClientOptions } from './runner-client-options.js';
import { findWorkflow } from './start-plan.js';

/** Starts, watches and reads executions, locally or on AWS. */
export interface RunnerClient {
  readonly target: Target;
  /** Starts an execution and returns its handle once it is running. */
  start(request: StartRequest): Promise<ExecutionHandle>;
  /** `start()` then `result()`: throws ExecutionFailedError when the execution did not succeed. */
  execute(request: StartRequest): Promise<ExecutionDescription>;
  describe(executionId: string): Promise<ExecutionDescription>;
  /** Executions, newest first. */
  list(filter?: ExecutionFilter): Promise<ExecutionDescription[]>;
  /** The records of a stage's output (default: the last stage's), streamed. */
  output(executionId: string, stage?: string): AsyncIterable<JsonRecord>;
  /** The workflow's compiled definition as a Mermaid flowchart. */
  graph(workflow: string): string;
  /** Waits for executions this client runs locally, then stops the embedded S3 server. */
  close(): Promise<void>;
}

/**
 * The runner as a library: the CLI is a thin layer over this client.
 *
 * @example
 * const client = createRunnerClient();
 * try {
 *   const handle = await client.start({ workflow: 'realtime' });
 *   const done = await handle.result(); // throws ExecutionFailedError on failure
 *   for await (const record of client.output(done.executionId)) process.stdout.write(`${JSON.stringify(record)}\n`);
 * } finally {
 *   await client.close();
 * }
 */
export function createRunnerClient(options: RunnerClientOptions = {}): RunnerClient {
  const target = options.target ?? Target.Local;
  if (target !== Target.Local && target !== Target.Aws) {
    throw new RunnerUsageError(`--target ${JSON.stringify(target)} must be local or aws`);
  }
  const workflows = options.workflows ?? WORKFLOWS;
  let backend: ExecutionTarget | undefined;
  const get = (): ExecutionTarget => {
    backend ??=
      target === Target.Local
        ? new LocalTarget({ workflows, ...options.local }, defaultLocalBindings)
        : new AwsTarget({ workflows, ...options.aws });
    return backend;
  };

  const client: RunnerClient = {
    target,
    start: (request) => get().start(request),
    execute: async (request) => (await get().start(request)).result(),
    describe: (executionId) => get().describe(executionId),
    list: (filter = {}) => get().list(filter),
    output: (executionId, stage) => get().output(executionId, stage),
    graph: (workflow) => mermaidFlowchart(compileWorkflow(findWorkflow(workflows, workflow))),
    close: async () => {
      await backend?.close();
    },
  };
  return client;
}
