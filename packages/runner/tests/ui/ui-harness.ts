import { setTimeout as sleep } from 'node:timers/promises';
import { defineStage, type JsonRecord } from '@ceap/core';
import { chain, defineWorkflow, lambda, type Workflow } from '@ceap/core/workflow';
import { SHIPPED_WORKFLOWS } from '@ceap/stages';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import type { LocalStageBindings } from '../../src/local/local-engine-options.js';
import type { LocalTargetOptions } from '../../src/local/local-target-options.js';
import { LocalScheduleStore } from '../../src/schedule/local-schedule-store.js';
import { startUiServer, type UiServer, type UiServerOptions } from '../../src/ui/ui-server.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Reads the input's records: one without an `id` is rejected (`missing-id`), one whose
 * `email` has no `@` is rejected (`invalid-email`), one with `optIn: false` is filtered.
 */
export const intakeStage = defineStage({
  name: 'IntakeStage',
  source: async function* (ctx) {
    const records = (ctx.event.input as { records?: JsonRecord[] } | undefined)?.records ?? [];
    for (const record of records) {
      if (typeof record.id !== 'string') ctx.reject('missing-id', { record, field: 'id' });
      else if (!String(record.email ?? '').includes('@'))
        ctx.reject('invalid-email', { record, field: 'email' });
      else yield record;
    }
  },
  async *transform(records, ctx) {
    for await (const record of records) {
      if (record.optIn === false) ctx.filter('not-opted-in', { record });
      else yield record;
    }
  },
});

/** How long SlowStage holds its records; a test sets it before it starts a run. */
export const slowControl = { delayMs: 0 };

/** Holds its records for `slowControl.delayMs` (stopped early by an abort), then passes them on. */
export const slowStage = defineStage({
  name: 'SlowStage',
  async *transform(records, ctx) {
    const held: JsonRecord[] = [];
    for await (const record of records) held.push(record);
    await sleep(slowControl.delayMs, undefined, { signal: ctx.signal });
    yield* held;
  },
});

/** Adds `done: true`. */
export const finishStage = defineStage({
  name: 'FinishStage',
  async *transform(records) {
    for await (const record of records) yield { ...record, done: true };
  },
});

/** Intake → Slow → Finish, STANDARD. */
export const uiFlowWorkflow: Workflow = defineWorkflow({
  name: 'ui-flow',
  type: 'STANDARD',
  timeoutSeconds: 120,
  defaultTaskTimeoutSeconds: 60,
  steps: chain(lambda('IntakeStage'), lambda('SlowStage'), lambda('FinishStage')),
});

export const UI_WORKFLOWS = { 'ui-flow': uiFlowWorkflow } as const;

export const uiBindings: LocalStageBindings = {
  stages: { IntakeStage: intakeStage, SlowStage: slowStage, FinishStage: finishStage },
};

/** Six records: three pass, one is rejected for each reason, one is filtered. */
export function flowInput(): JsonRecord {
  return {
    records: [
      {
        id: 'r1',
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        phone: '+44 20 7946 0001',
      },
      { id: 'r2', name: 'Bob Stone', email: 'bob@example.com' },
      { id: 'r3', name: 'Cy Young', email: 'cy@example.com' },
      { name: 'No Id', email: 'noid@example.com' },
      { id: 'r5', name: 'Bad Mail', email: 'not-an-email' },
      { id: 'r6', name: 'Opted Out', email: 'out@example.com', optIn: false },
    ],
  };
}

/** A UI server on 127.0.0.1 and a free port, over a client with its own home. */
export interface UiHarness {
  readonly client: RunnerClient;
  readonly server: UiServer;
  readonly home: string;
  /** The server's URL joined with `path`. */
  url(path?: string): string;
  stop(): Promise<void>;
}

/**
 * Starts a UI server over a fresh client: with no workflows given, the shipped ones on the
 * shipped stages (so the real CLI can read the same home); else the given ones and bindings.
 * Runs start in this process (`detach: false`), so the test's own stages run them; schedules
 * are paused and resumed under the client's home.
 */
export async function startUiHarness(
  options: {
    workflows?: Readonly<Record<string, Workflow>>;
    bindings?: LocalStageBindings;
    /** More local target options (e.g. small samples in `examplesDirectory`). */
    local?: Omit<LocalTargetOptions, 'home' | 'bindings'>;
    server?: Partial<UiServerOptions>;
  } = {},
): Promise<UiHarness> {
  const home = tempDir('ceap-ui-');
  const client = createRunnerClient({
    ...(options.workflows && { workflows: options.workflows }),
    local: {
      ...options.local,
      home: home.path,
      ...(options.bindings && { bindings: options.bindings }),
    },
  });
  const workflows = options.workflows ?? SHIPPED_WORKFLOWS;
  const server = await startUiServer({
    client,
    workflows,
    port: 0,
    detach: false,
    scheduleStore: new LocalScheduleStore(home.path),
    ...options.server,
  });
  return {
    client,
    server,
    home: home.path,
    url: (path = '/') => new URL(path, server.url).toString(),
    stop: async () => {
      await server.close();
      await client.close();
      home.remove();
    },
  };
}
