import { StateMachine } from 'aws-local-stepfunctions';
import { ensurePromiseWithResolvers } from '../../src/index.js';
import { STAGE_RESULT_FIELDS } from '../../src/stage/stage-contract.js';
import {
  compileWorkflow,
  StateSuffix,
  stepStateName,
  type Workflow,
} from '../../src/workflow/index.js';

ensurePromiseWithResolvers();

export type Json = Record<string, unknown>;
export type Handler = (input: Json) => Promise<Json | undefined>;

/** One task the engine ran: its state and the Parameters it was given. */
export interface Call {
  readonly state: string;
  readonly input: Json;
}

export interface RunOptions {
  /** Replaces a state's handler (by state name), e.g. to fail it. */
  readonly handlers?: Record<string, Handler>;
  /** Records written by each stage step, by step name. @default 1 */
  readonly records?: Record<string, number>;
  /** Part files of each Glue step's output, by step name. @default 2 parts */
  readonly parts?: Record<string, number>;
  /** Objects a sensor's poke finds, by poke (1-based): found from this poke on. */
  readonly sensorFoundAtPoke?: Record<string, number>;
}

/** A StageResult-shaped reply, as runStage gives it, for a step of execution `exec-1`. */
export function stageResult(step: string, records: number, extra: Json = {}): Json {
  const base: Json = {
    bucket: 'data',
    key: `executions/exec-1/${step}/output.json`,
    executionId: 'exec-1',
    workflow: 'test',
    stage: step,
    logicalDate: '2026-11-21',
    runKey: '0123456789abcdef0123456789abcdef',
    executionPrefix: 'executions/exec-1',
    rejectsKey: `executions/exec-1/${step}/rejects.json`,
    received: records,
    records,
    rejected: 0,
    filtered: 0,
    filteredBy: {},
    rejectedBy: {},
    bytes: records * 10,
    checksum: `sha256:${'0'.repeat(64)}`,
    startedAt: '2026-11-22T02:00:00.000Z',
    durationMs: 5,
    metrics: {},
  };
  return Object.fromEntries(STAGE_RESULT_FIELDS.map((f) => [f, extra[f] ?? base[f]]));
}

/**
 * Runs a compiled definition on aws-local-stepfunctions with stand-in tasks: a stage step
 * replies `{ Payload: StageResult }` as lambda:invoke does on AWS, a Glue step the job-run
 * shape, a Map listing and a sensor poke the ListObjectsV2 shape. Waits and retries take no
 * time.
 */
export function runCompiled(workflow: Workflow, input: unknown, options: RunOptions = {}) {
  const definition = compileWorkflow(workflow);
  const calls: Call[] = [];
  const defaults = defaultHandlers(workflow, options);
  const handlers: Record<string, Handler> = {};
  for (const state of Object.keys({ ...defaults, ...options.handlers })) {
    handlers[state] = async (taskInput) => {
      calls.push({ state, input: taskInput });
      const custom = options.handlers?.[state];
      const fallback = defaults[state] as Handler;
      if (custom) return (await custom(taskInput)) ?? (await fallback(taskInput));
      return fallback(taskInput);
    };
  }
  const noWait = Object.fromEntries(Object.keys(definition.States).map((s) => [s, 0]));
  const machine = new StateMachine(definition as never, { validationOptions: { checkArn: false } });
  const execution = machine.run(input as never, {
    context: {
      Execution: { Name: 'exec-1', Id: 'arn:local:exec-1', StartTime: '2026-11-22T02:00:00.000Z' },
    },
    overrides: {
      taskResourceLocalHandlers: handlers as never,
      retryIntervalOverrides: allStates(definition.States, 0),
      waitTimeOverrides: noWait,
    },
  });
  return { definition, result: execution.result as Promise<Json>, calls };
}

function defaultHandlers(workflow: Workflow, options: RunOptions): Record<string, Handler> {
  const handlers: Record<string, Handler> = {};
  const pokes: Record<string, number> = {};
  for (const step of workflow.steps) {
    const records = options.records?.[step.name] ?? 1;
    if (step.kind === 'lambda') {
      handlers[step.name] = async () => ({
        StatusCode: 200,
        Payload: stageResult(step.name, records),
      });
    } else if (step.kind === 'glue') {
      handlers[step.name] = async () => ({ Id: `jr_${step.name}`, JobRunState: 'SUCCEEDED' });
    } else if (step.kind === 'map') {
      handlers[stepStateName(step.name, StateSuffix.Items)] = async (params) =>
        listing(String(params.Prefix), options.parts?.[step.over] ?? 2);
      handlers[stepStateName(step.name, StateSuffix.Iteration)] = async (params) => {
        const payload = params.Payload as Json;
        const part = String(payload.part).padStart(5, '0');
        return {
          Payload: stageResult(step.name, records, {
            key: `executions/exec-1/${step.name}/output.json/part-${part}.json`,
          }),
        };
      };
    } else if (step.kind === 's3-sensor') {
      handlers[step.name] = async () => {
        const poke = (pokes[step.name] ?? 0) + 1;
        pokes[step.name] = poke;
        const foundAt = options.sensorFoundAtPoke?.[step.name] ?? 1;
        return { KeyCount: poke >= foundAt ? 1 : 0 };
      };
    }
  }
  return handlers;
}

/**
 * A ListObjectsV2 reply for `{folder}/part-`, as the AWS SDK integration returns it: no
 * `Contents` at all when nothing matched, and `IsTruncated` past MaxKeys.
 */
function listing(prefix: string, parts: number): Json {
  const keys = Array.from({ length: Math.min(parts, 500) }, (_, i) => ({
    Key: `${prefix}${String(i).padStart(5, '0')}.json`,
    Size: 100 + i,
  }));
  return {
    IsTruncated: parts > 500,
    KeyCount: keys.length,
    MaxKeys: 500,
    Prefix: prefix,
    ...(keys.length > 0 && { Contents: keys }),
  };
}

/** Every state name, nested ones included, mapped to a value (for retry overrides). */
function allStates(states: Record<string, unknown>, value: number): Record<string, number> {
  const found: Record<string, number> = {};
  const visit = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.States && typeof record.States === 'object') {
      for (const [name, state] of Object.entries(record.States as Record<string, unknown>)) {
        found[name] = value;
        visit(state);
      }
    }
    for (const child of Object.values(record)) if (typeof child === 'object') visit(child);
  };
  visit({ States: states });
  return found;
}

/** What a stage task was given: its Payload. */
export function payloadOf(call: Call | undefined): Json {
  return (call?.input.Payload ?? {}) as Json;
}
