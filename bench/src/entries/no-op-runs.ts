import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  createLogger,
  defineStage,
  ensurePromiseWithResolvers,
  STAGE_RESULT_FIELDS,
  type StageDefinition,
} from '@ceap/core';
import { compileWorkflow, StateSuffix, stepStateName, type Workflow } from '@ceap/core/workflow';
import { createLocalEngine } from '@ceap/runner/local';
import { StateMachine } from 'aws-local-stepfunctions';
import { withEmbeddedS3 } from '../embedded.js';
import { type BenchEntry, entry, interleavedRounds } from '../harness.js';

const BUCKET = 'bench-engine';
const LOGICAL_DATE = '2026-03-11';
type Json = Record<string, unknown>;

/** A stage that reads nothing and writes one record: what is left is ceap's own cost per step. */
const noOp: StageDefinition = defineStage({
  name: 'NoOpStage',
  async *source() {
    yield { n: 1 };
  },
  async *transform(records) {
    yield* records;
  },
});

/**
 * A workflow run through ceap's local engine with no-op stages (the stage runtime's S3 requests
 * against the embedded server, the engine's bindings and events), against the same compiled
 * definition on raw aws-local-stepfunctions whose tasks answer at once.
 */
export async function noOpRuns(
  workflow: Workflow,
  executions: number,
  rounds: number,
  base: Pick<BenchEntry, 'name' | 'description'>,
): Promise<BenchEntry> {
  ensurePromiseWithResolvers();
  return withEmbeddedS3(BUCKET, async (s3) => {
    await s3.client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `incoming/dt=${LOGICAL_DATE}/_SUCCESS`,
        Body: Buffer.alloc(0),
      }),
    );
    const stages = Object.fromEntries(
      workflow.steps.flatMap((s) => (s.kind === 'lambda' ? [[s.stage, noOp]] : [])),
    );
    const engine = createLocalEngine({
      stages,
      s3: s3.client,
      location: { bucket: BUCKET },
      logger: createLogger({ level: 'silent' }),
      env: {},
    });
    let sequence = 0;
    // CPU time as well as wall time: on a busy machine the wall time also counts the wait for a
    // core, and the server, the client and the engine all run in this process.
    let cpuMicros = 0;
    let ceapRuns = 0;
    const ceap = async () => {
      const cpu = process.cpuUsage();
      for (let i = 0; i < executions; i++) {
        const run = engine.run({
          workflow,
          executionId: `bench-${workflow.name}-${sequence++}`,
          input: { logicalDate: LOGICAL_DATE, records: [] },
        });
        const outcome = await run.outcome;
        if (outcome.status !== 'SUCCEEDED')
          throw new Error(`bench run ${outcome.status}: ${outcome.cause}`);
      }
      const used = process.cpuUsage(cpu);
      cpuMicros += used.user + used.system;
      ceapRuns += executions;
    };
    const [ceapTimes, rawTimes] = (await interleavedRounds(rounds, [
      ceap,
      rawEngine(workflow, executions),
    ])) as [number[], number[]];
    const result = entry(
      { ...base, goal: 'at most 5 ms added per step', detail: '' },
      { label: `ceap local engine, ${executions} executions`, times: ceapTimes },
      { label: 'raw aws-local-stepfunctions, same ASL, trivial tasks', times: rawTimes },
    );
    const steps = workflow.steps.length;
    const addedPerStep = (result.ceap.median - result.baseline.median) / (executions * steps);
    return {
      ...result,
      met: addedPerStep <= 5,
      detail: `${addedPerStep.toFixed(2)} ms added per step (${(cpuMicros / 1000 / (ceapRuns * steps)).toFixed(2)} ms of CPU per step, server and client included); the raw engine takes ${((result.baseline.median * 1000) / (executions * steps)).toFixed(0)} µs per step`,
    };
  });
}

/** The compiled workflow on aws-local-stepfunctions, every task answering at once. */
function rawEngine(workflow: Workflow, executions: number): () => Promise<void> {
  const reply = Object.fromEntries(STAGE_RESULT_FIELDS.map((field) => [field, field]));
  const handlers: Record<string, (input: Json) => Promise<Json>> = {};
  for (const step of workflow.steps) {
    if (step.kind === 'lambda')
      handlers[step.name] = async () => ({ Payload: { ...reply, records: 1 } });
    else if (step.kind === 's3-sensor') handlers[step.name] = async () => ({ KeyCount: 1 });
    else if (step.kind === 'map')
      handlers[stepStateName(step.name, StateSuffix.Items)] = async () => ({ KeyCount: 0 });
  }
  const machine = new StateMachine(compileWorkflow(workflow) as never, {
    validationOptions: { checkArn: false },
  });
  return async () => {
    for (let i = 0; i < executions; i++) {
      await machine.run({ logicalDate: LOGICAL_DATE, records: [] } as never, {
        context: { Execution: { Name: `raw-${i}`, StartTime: '2026-03-12T02:00:00.000Z' } },
        overrides: { taskResourceLocalHandlers: handlers as never },
      }).result;
    }
  };
}
