import { ensurePromiseWithResolvers, STAGE_RESULT_FIELDS } from '@ceap/core';
import { compileWorkflow } from '@ceap/core/workflow';
import { realtimeWorkflow } from '@ceap/stages';
import { StateMachine } from 'aws-local-stepfunctions';
import { type Comparison, interleavedMediansMs } from './harness.js';

const EXECUTIONS = 200;

type Json = Record<string, unknown>;

/**
 * What the embedded engine adds per execution: the compiled realtime definition run on
 * aws-local-stepfunctions with no-op tasks, against calling the same five no-op tasks directly.
 */
export async function measureEngineOverhead(): Promise<Comparison[]> {
  ensurePromiseWithResolvers();
  const steps = realtimeWorkflow.steps.map((step) => step.name);
  // The compiled state machine selects every StageResult field of a stage's reply.
  const reply = Object.fromEntries(STAGE_RESULT_FIELDS.map((field) => [field, field]));
  const task = async (input: Json): Promise<Json> => ({
    Payload: { ...reply, input: (input.Payload as Json | undefined)?.input },
  });
  const handlers = Object.fromEntries(steps.map((name) => [name, task]));
  const machine = new StateMachine(compileWorkflow(realtimeWorkflow) as never, {
    validationOptions: { checkArn: false },
  });

  const direct = async () => {
    for (let i = 0; i < EXECUTIONS; i++) {
      let state: Json = { records: [] };
      for (let step = 0; step < steps.length; step++) {
        state = ((await task({ Payload: { input: state } })).Payload ?? {}) as Json;
      }
    }
  };
  const engine = async () => {
    for (let i = 0; i < EXECUTIONS; i++) {
      const execution = machine.run(
        { records: [] },
        {
          context: { Execution: { Name: `bench-${i}` } },
          overrides: { taskResourceLocalHandlers: handlers as never },
        },
      );
      await execution.result;
    }
  };
  const [directMs, engineMs] = (await interleavedMediansMs(7, [direct, engine])) as [
    number,
    number,
  ];
  const transitions = EXECUTIONS * steps.length;
  return [
    {
      name: `embedded engine, ${EXECUTIONS} realtime executions of no-op tasks`,
      unit: 'ms',
      baselineName: 'direct calls',
      baseline: directMs,
      measured: engineMs,
      detail: `${(((engineMs - directMs) * 1000) / transitions).toFixed(1)} µs added per state transition`,
    },
  ];
}
