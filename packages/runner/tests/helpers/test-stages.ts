import { Writable } from 'node:stream';
import { CopyObjectCommand } from '@aws-sdk/client-s3';
import {
  ConfigurationError,
  createLogger,
  defineStage,
  FatalStageError,
  type JsonRecord,
  type Logger,
  OutputLayout,
  RetryableStageError,
  type StageDefinition,
} from '@ceap/core';
import { chain, defineWorkflow, glue, lambda, type Workflow } from '@ceap/core/workflow';
import type {
  GlueExecutorFactory,
  LocalStageBindings,
} from '../../src/local/local-engine-options.js';

/** Reads the execution input's `records` (the realtime SQS body), like the ETL stage. */
export const sourceStage = defineStage({
  name: 'SourceStage',
  source: async function* (ctx) {
    const records = (ctx.event.input as { records?: JsonRecord[] } | undefined)?.records ?? [];
    for (const record of records) {
      if (typeof record.id !== 'string') ctx.reject('missing-id', { record, field: 'id' });
      else yield record;
    }
  },
  async *transform(records, ctx) {
    for await (const record of records) yield { ...record, seenBy: ctx.executionId };
  },
});

/** SourceStage that writes one part file per record, so a Map runs once per record. */
export const partsSourceStage = defineStage({
  name: 'PartsSourceStage',
  outputLayout: OutputLayout.Parts,
  recordsPerPart: 1,
  source: sourceStage.source,
  transform: sourceStage.transform,
});

/** Upper-cases `name`, failing for good in the Map iteration of part `failingPart`. */
export function pickyStage(failingPart: number): StageDefinition<undefined> {
  return defineStage({
    name: 'PickyStage',
    async *transform(records, ctx) {
      if (ctx.event.part === failingPart) {
        throw new FatalStageError(`PickyStage refuses part ${failingPart}`);
      }
      for await (const record of records)
        yield { ...record, name: String(record.name ?? '').toUpperCase() };
    },
  });
}

/** Upper-cases `name`; fails with ConfigurationError when TEST_UPPER_BROKEN is set. */
export const upperStage = defineStage<{ broken: boolean }>({
  name: 'UpperStage',
  loadConfig: (env) => {
    if (env.TEST_UPPER_BROKEN)
      throw new ConfigurationError('TEST_UPPER_BROKEN is set: UpperStage refuses to run');
    return { broken: false };
  },
  async *transform(records) {
    for await (const record of records)
      yield { ...record, name: String(record.name ?? '').toUpperCase() };
  },
});

/** A stage that fails retryably the first `failures` times it runs. */
export function flakyStage(
  failures: number,
): StageDefinition<undefined> & { attempts: () => number } {
  let attempts = 0;
  const stage = defineStage({
    name: 'FlakyStage',
    async *transform(records) {
      attempts++;
      if (attempts <= failures)
        throw new RetryableStageError(`FlakyStage attempt ${attempts} failed`);
      yield* records;
    },
  });
  return Object.assign(stage, { attempts: () => attempts });
}

/** A Glue executor that copies its input to its output key through the same S3. */
export const copyingGlueExecutor: GlueExecutorFactory = ({ s3, location }) => ({
  async run(args) {
    await s3.send(
      new CopyObjectCommand({
        Bucket: args['--bucket'],
        Key: args['--outputKey'],
        CopySource: `${args['--bucket']}/${args['--inputKey']}`,
      }),
    );
    return {
      Id: `jr_${args['--executionId']}`,
      JobName: 'test-job',
      JobRunState: 'SUCCEEDED',
      result: {
        bucket: location.bucket,
        key: args['--outputKey'] as string,
        executionId: args['--executionId'] as string,
        workflow: 'test-batch',
        stage: 'HeavyStage',
        logicalDate: args['--logicalDate'] as string,
        runKey: '0123456789abcdef0123456789abcdef',
        executionPrefix: '',
        rejectsKey: '',
        received: 0,
        records: 0,
        rejected: 0,
        filtered: 0,
        filteredBy: {},
        rejectedBy: {},
        bytes: 0,
        checksum: '',
        startedAt: new Date().toISOString(),
        durationMs: 0,
        metrics: {},
      },
    };
  },
});

/**
 * A Glue executor held at a gate: `reached` resolves once the Glue step has started. `open()`
 * lets the step copy its input; `abandon()`, or its signal aborting (the run was stopped),
 * fails it without touching S3, so nothing runs or writes once the test has ended.
 */
export function gatedGlueExecutor(): {
  readonly bindings: LocalStageBindings;
  readonly reached: Promise<void>;
  open(): void;
  abandon(): void;
} {
  let arrive = (): void => undefined;
  let settle = (_copy: boolean): void => undefined;
  const reached = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  const gate = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  const bindings: LocalStageBindings = {
    ...testBindings,
    createGlueExecutor: (deps) => ({
      run: async (args, options) => {
        arrive();
        // Like the shipped executor, the step stops when its signal aborts (the run was stopped).
        const stopped = new Promise<boolean>((resolve) => {
          options?.signal?.addEventListener('abort', () => resolve(false), { once: true });
        });
        if (!(await Promise.race([gate, stopped])))
          throw new Error('the gated Glue step was abandoned or stopped');
        return copyingGlueExecutor(deps).run(args);
      },
    }),
  };
  return { bindings, reached, open: () => settle(true), abandon: () => settle(false) };
}

/** Source → Upper, EXPRESS. */
export const testRealtimeWorkflow: Workflow = defineWorkflow({
  name: 'test-realtime',
  type: 'EXPRESS',
  timeoutSeconds: 60,
  defaultTaskTimeoutSeconds: 30,
  steps: chain(lambda('SourceStage'), lambda('UpperStage')),
});

/** Source → Heavy (Glue) → Upper, STANDARD. */
export const testBatchWorkflow: Workflow = defineWorkflow({
  name: 'test-batch',
  type: 'STANDARD',
  timeoutSeconds: 600,
  defaultTaskTimeoutSeconds: 30,
  steps: chain(lambda('SourceStage'), glue('HeavyStage'), lambda('UpperStage')),
});

export const TEST_WORKFLOWS = {
  'test-realtime': testRealtimeWorkflow,
  'test-batch': testBatchWorkflow,
} as const;

export const testBindings: LocalStageBindings = {
  stages: { SourceStage: sourceStage, UpperStage: upperStage },
  createGlueExecutor: copyingGlueExecutor,
};

/** A logger that drops everything (tests assert on results, not logs). */
export function silentLogger(): Logger {
  return createLogger({
    level: 'silent',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });
}

/** A few records, one of them without an id (rejected by SourceStage). */
export function sampleRecords(): JsonRecord[] {
  return [{ id: 'a', name: 'ada' }, { id: 'b', name: 'bob' }, { name: 'no id' }];
}
