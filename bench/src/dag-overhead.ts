import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  createLogger,
  defineStage,
  ensurePromiseWithResolvers,
  STAGE_RESULT_FIELDS,
  type StageDefinition,
} from '@ceap/core';
import { startEmbeddedS3 } from '@ceap/core/embedded-s3';
import { compileWorkflow, StateSuffix, stepStateName } from '@ceap/core/workflow';
import { createLocalEngine } from '@ceap/runner/local';
import { guardedBatchWorkflow } from '@ceap/stages';
import { StateMachine } from 'aws-local-stepfunctions';
import { type Comparison, interleavedMediansMs } from './harness.js';

const EXECUTIONS = 20;
const BUCKET = 'bench-dag';
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
 * The example DAG (guarded-batch: a sensor, a short-circuit, two parallel branches and a join)
 * through ceap's local engine with no-op stages, against the same compiled ASL on raw
 * aws-local-stepfunctions whose tasks answer at once. The difference is what ceap adds per
 * step: the stage runtime's S3 writes (output, manifest) and the engine's bindings and events.
 */
export async function measureDagOverhead(): Promise<Comparison[]> {
  ensurePromiseWithResolvers();
  const directory = mkdtempSync(join(tmpdir(), 'ceap-bench-dag-'));
  const s3 = await startEmbeddedS3({ directory, buckets: [BUCKET] });
  try {
    await s3.client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'incoming/dt=2026-03-11/_SUCCESS',
        Body: Buffer.alloc(0),
      }),
    );
    const workflow = guardedBatchWorkflow;
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
    const ceap = async () => {
      for (let i = 0; i < EXECUTIONS; i++) {
        const run = engine.run({
          workflow,
          executionId: `bench-dag-${sequence++}`,
          input: { logicalDate: '2026-03-11' },
        });
        const outcome = await run.outcome;
        if (outcome.status !== 'SUCCEEDED')
          throw new Error(`bench run ${outcome.status}: ${outcome.cause}`);
      }
    };
    const raw = rawEngine(workflow);
    const [rawMs, ceapMs] = (await interleavedMediansMs(5, [raw, ceap])) as [number, number];
    const steps = workflow.steps.length;
    return [
      {
        name: `example DAG (guarded-batch, ${steps} steps), ${EXECUTIONS} executions with no-op stages`,
        unit: 'ms',
        baselineName: 'raw aws-local-stepfunctions, same ASL, trivial tasks',
        baseline: rawMs,
        measured: ceapMs,
        detail: `${((ceapMs - rawMs) / (EXECUTIONS * steps)).toFixed(2)} ms added per step (${((rawMs * 1000) / (EXECUTIONS * steps)).toFixed(0)} µs per step on the raw engine)`,
      },
    ];
  } finally {
    await s3.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The compiled workflow on aws-local-stepfunctions, every task answering at once. */
function rawEngine(workflow: typeof guardedBatchWorkflow): () => Promise<void> {
  const reply = Object.fromEntries(STAGE_RESULT_FIELDS.map((field) => [field, field]));
  const handlers: Record<string, (input: Json) => Promise<Json>> = {};
  for (const step of workflow.steps) {
    if (step.kind === 'lambda') {
      handlers[step.name] = async () => ({ Payload: { ...reply, records: 1 } });
    } else if (step.kind === 's3-sensor') {
      handlers[step.name] = async () => ({ KeyCount: 1 });
    } else if (step.kind === 'map') {
      handlers[stepStateName(step.name, StateSuffix.Items)] = async () => ({ KeyCount: 0 });
    }
  }
  const machine = new StateMachine(compileWorkflow(workflow) as never, {
    validationOptions: { checkArn: false },
  });
  return async () => {
    for (let i = 0; i < EXECUTIONS; i++) {
      await machine.run({ logicalDate: '2026-03-11' } as never, {
        context: { Execution: { Name: `raw-${i}`, StartTime: '2026-03-12T02:00:00.000Z' } },
        overrides: { taskResourceLocalHandlers: handlers as never },
      }).result;
    }
  };
}
