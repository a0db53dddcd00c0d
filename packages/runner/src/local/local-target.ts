import { hostname } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  createBucketIfMissing,
  createLogger,
  createS3Client,
  type DataLocation,
  type JsonRecord,
} from '@ceap/core';
import { type EmbeddedS3, startEmbeddedS3 } from '@ceap/core/embedded-s3';
import type { Workflow } from '@ceap/core/workflow';
import { SHIPPED_WORKFLOWS as WORKFLOWS } from '@ceap/stages';
import pino from 'pino';
import { executionFailure } from '../client/execution-failure.js';
import type { ExecutionTarget } from '../client/execution-target.js';
import { readStageRecords, stageOutputUri } from '../client/stage-output.js';
import { planStart, type StartPlan } from '../client/start-plan.js';
import {
  ExecutionStatus,
  LOCAL_DATA_BUCKET,
  LOCAL_GLUE_RETRY_INTERVAL_MS,
  StageStatus,
  Target,
} from '../constants.js';
import { ExecutionNotFoundError } from '../errors.js';
import type {
  ExecutionDescription,
  ExecutionFilter,
  ExecutionHandle,
  StartRequest,
} from '../execution-types.js';
import { ExecutionIndex, type ExecutionRecord } from '../index-store/execution-index.js';
import {
  type CeapLayout,
  ceapLayout,
  resolveCeapHome,
  resolveExamplesDirectory,
} from './ceap-home.js';
import { createLocalEngine, type LocalOutcome } from './local-engine.js';
import type { LocalStageBindings } from './local-engine-options.js';
import type { LocalTargetOptions } from './local-target-options.js';
import { readRealtimeSample, stageBatchSample } from './sample-inputs.js';
import { StageTracker } from './stage-tracker.js';

/** An execution reserved in the index, ready to run here or in a detached worker. */
export interface ReservedExecution {
  readonly plan: StartPlan;
  readonly record: ExecutionRecord;
}

/**
 * The local target: runs workflows with the embedded engine, against the embedded S3 server
 * (or `--s3-endpoint`), and keeps the execution index under `.ceap/`.
 */
export class LocalTarget implements ExecutionTarget {
  readonly layout: CeapLayout;
  private readonly index: ExecutionIndex;
  private readonly workflows: Readonly<Record<string, Workflow>>;
  private readonly location: DataLocation;
  private s3Ready?: Promise<{ client: S3Client; embedded?: EmbeddedS3 }>;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly options: LocalTargetOptions,
    private readonly defaultBindings: () => LocalStageBindings,
  ) {
    this.layout = ceapLayout(options.home ?? resolveCeapHome());
    this.index = new ExecutionIndex(this.layout.executions, this.layout.inputs);
    this.workflows = options.workflows ?? WORKFLOWS;
    this.location = {
      bucket: LOCAL_DATA_BUCKET,
      keyPrefix: options.keyPrefix ?? (options.env ?? process.env).CEAP_KEY_PREFIX ?? '',
    };
  }

  async start(request: StartRequest): Promise<ExecutionHandle> {
    const reserved = await this.reserve(request);
    return this.launch(reserved, request.onProgress);
  }

  /**
   * Checks the request and reserves its id in the index (so a duplicate fails here, before
   * anything touches S3), and stores its input. `--no-wait` then hands the id to a worker.
   */
  async reserve(request: StartRequest): Promise<ReservedExecution> {
    const plan = planStart(this.workflows, request);
    const startedAt = new Date().toISOString();
    const record: ExecutionRecord = {
      executionId: plan.executionId,
      workflow: plan.workflow.name,
      target: Target.Local,
      status: ExecutionStatus.Running,
      startedAt,
      logicalDate: plan.logicalDate,
      stages: new StageTracker(plan.workflow).summaries(),
      executionArn: `arn:aws:states:local:000000000000:execution:${plan.workflow.name}:${plan.executionId}`,
      logFile: join(this.layout.logs, `${plan.executionId}.log`),
      inputFile: join(this.layout.inputs, `${plan.executionId}.json`),
      pid: process.pid,
      hostname: hostname(),
      updatedAt: startedAt,
    };
    await this.index.reserve(record);
    if (plan.input) await this.index.writeInput(plan.executionId, plan.input);
    return { plan, record };
  }

  /** Runs an execution this process reserved (or a worker took over). */
  async launch(
    reserved: ReservedExecution,
    onProgress?: (description: ExecutionDescription) => void,
  ): Promise<ExecutionHandle> {
    const { plan } = reserved;
    let record: ExecutionRecord = { ...reserved.record, pid: process.pid, hostname: hostname() };
    const tracker = new StageTracker(plan.workflow);
    let writes = Promise.resolve();
    const save = (next: ExecutionRecord) => {
      record = next;
      const snapshot = next;
      writes = writes.then(() => this.index.update(snapshot)).catch(() => undefined);
      onProgress?.(toDescription(snapshot));
    };
    const logDestination = pino.destination({
      dest: record.logFile as string,
      sync: true,
      mkdir: true,
    });
    const logger = createLogger({
      level: this.options.logLevel ?? process.env.LOG_LEVEL ?? 'info',
      destination: logDestination,
    });

    let input: JsonRecord;
    let client: S3Client;
    try {
      ({ client } = await this.s3());
      input = plan.input ?? (await this.sampleInput(plan, client));
      if (!plan.input) await this.index.writeInput(plan.executionId, input);
      if (typeof input.logicalDate === 'string' && input.logicalDate !== record.logicalDate) {
        save({ ...record, logicalDate: input.logicalDate, updatedAt: now() });
      }
    } catch (error) {
      // The run never started (no S3, no sample): record why, and let the caller see the error.
      save({
        ...record,
        status: ExecutionStatus.Failed,
        stoppedAt: now(),
        updatedAt: now(),
        ...errorFields(error),
      });
      await writes;
      logDestination.end();
      throw error;
    }

    let abort: (() => void) | undefined;
    let stopRequested = false;
    const finished = (async (): Promise<ExecutionRecord> => {
      let outcome: LocalOutcome;
      try {
        const bindings = this.options.bindings ?? this.defaultBindings();
        const engine = createLocalEngine({
          ...bindings,
          s3: client,
          location: this.location,
          logger,
          env: this.options.env ?? process.env,
          retryIntervalOverrides:
            this.options.retryIntervalOverrides ?? glueRetryOverrides(plan.workflow),
        });
        const run = engine.run({
          workflow: plan.workflow,
          executionId: plan.executionId,
          input,
          onStageResult: (stage, result) => tracker.recordResult(stage, result),
          onEvent: (event) => {
            if (tracker.apply(event))
              save({ ...record, stages: tracker.summaries(), updatedAt: now() });
          },
        });
        abort = run.abort;
        if (stopRequested) run.abort();
        outcome = await run.outcome;
      } catch (error) {
        outcome = { status: ExecutionStatus.Failed, stoppedAt: now(), ...errorFields(error) };
      }
      tracker.finish(outcome.status !== ExecutionStatus.Succeeded);
      const stages = tracker.summaries();
      const last = stages
        .filter((stage) => stage.status === StageStatus.Succeeded && stage.output)
        .at(-1);
      save({
        ...record,
        status: outcome.status,
        stoppedAt: outcome.stoppedAt,
        stages,
        updatedAt: now(),
        ...(outcome.status === ExecutionStatus.Succeeded &&
          last?.output && { output: last.output }),
        ...(outcome.error !== undefined && { error: outcome.error }),
        ...(outcome.cause !== undefined && { cause: outcome.cause }),
        ...(outcome.failedState !== undefined && { failedState: outcome.failedState }),
      });
      await writes;
      logDestination.end();
      return record;
    })();
    this.track(finished);

    return {
      executionId: plan.executionId,
      workflow: plan.workflow.name,
      result: async () => {
        const final = toDescription(await finished);
        if (final.status !== ExecutionStatus.Succeeded) throw executionFailure(final);
        return final;
      },
      describe: async () => toDescription(record),
      stop: async () => {
        stopRequested = true;
        abort?.();
        await finished;
      },
    };
  }

  /** Records that another process (the `--no-wait` worker) now runs a reserved execution. */
  async handOver(reserved: ReservedExecution, pid: number): Promise<void> {
    await this.index.update({ ...reserved.record, pid, updatedAt: now() });
  }

  /** Takes over an execution reserved by another process (`start --no-wait`). */
  async resume(executionId: string): Promise<ExecutionHandle> {
    const record = await this.index.get(executionId);
    if (!record) throw new ExecutionNotFoundError(executionId, `in ${this.layout.executions}`);
    const input = await this.index.readInput(record).catch(() => undefined);
    const plan = planStart(this.workflows, {
      workflow: record.workflow,
      executionId: record.executionId,
      logicalDate: record.logicalDate,
      input,
    });
    return this.launch({ plan, record });
  }

  async describe(executionId: string): Promise<ExecutionDescription> {
    const record = await this.index.get(executionId);
    if (!record)
      throw new ExecutionNotFoundError(executionId, `in the local index ${this.layout.executions}`);
    return toDescription(withLiveness(record));
  }

  async list(filter: ExecutionFilter): Promise<ExecutionDescription[]> {
    const records = await this.index.list({
      ...filter,
      status: undefined,
      limit: Number.MAX_SAFE_INTEGER,
    });
    return records
      .map((record) => toDescription(withLiveness(record)))
      .filter((description) => filter.status === undefined || description.status === filter.status)
      .slice(0, filter.limit ?? 100);
  }

  async *output(executionId: string, stage?: string): AsyncIterable<JsonRecord> {
    const uri = stageOutputUri(await this.describe(executionId), stage);
    const { client } = await this.s3();
    yield* readStageRecords(client, uri);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.running]);
    const ready = this.s3Ready;
    this.s3Ready = undefined;
    if (!ready) return;
    const { embedded, client } = await ready.catch(() => ({
      embedded: undefined,
      client: undefined,
    }));
    if (embedded) await embedded.stop();
    else client?.destroy();
  }

  /** The S3 endpoint in use, once started. */
  async s3Endpoint(): Promise<string> {
    const { embedded } = await this.s3();
    return embedded?.endpoint ?? (this.options.s3Endpoint as string);
  }

  private s3(): Promise<{ client: S3Client; embedded?: EmbeddedS3 }> {
    this.s3Ready ??= (async () => {
      if (this.options.s3Endpoint) {
        const client = createS3Client({ endpoint: this.options.s3Endpoint });
        await createBucketIfMissing(client, LOCAL_DATA_BUCKET);
        return { client };
      }
      const embedded = await startEmbeddedS3({
        directory: this.layout.s3,
        buckets: [LOCAL_DATA_BUCKET],
      });
      return { client: embedded.client, embedded };
    })();
    return this.s3Ready;
  }

  private async sampleInput(plan: StartPlan, s3: S3Client): Promise<JsonRecord> {
    const examples =
      this.options.examplesDirectory ?? resolveExamplesDirectory(this.options.env ?? process.env);
    // Both samples are generated for one logical date, recorded in the realtime sample, so
    // their recency figures make sense; --logical-date overrides it.
    const sample = await readRealtimeSample(examples);
    const sampleDate = typeof sample.logicalDate === 'string' ? sample.logicalDate : undefined;
    const logicalDate = plan.logicalDateGiven ? plan.logicalDate : (sampleDate ?? plan.logicalDate);
    if (plan.workflow.type === 'EXPRESS') return { ...sample, logicalDate };
    await stageBatchSample(s3, this.location, examples, logicalDate);
    return { logicalDate };
  }

  private track(promise: Promise<unknown>): void {
    const settled = promise.catch(() => undefined);
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
  }
}

function errorFields(error: unknown): { error: string; cause: string } {
  return error instanceof Error
    ? { error: error.name, cause: error.message }
    : { error: 'Error', cause: String(error) };
}

function now(): string {
  return new Date().toISOString();
}

/** Locally the Glue step retries after a few seconds, not 5 minutes; Lambda steps keep their waits. */
function glueRetryOverrides(workflow: Workflow): Record<string, number> {
  return Object.fromEntries(
    workflow.steps
      .filter((step) => step.kind === 'glue')
      .map((step) => [step.stage, LOCAL_GLUE_RETRY_INTERVAL_MS]),
  );
}

/** A RUNNING record whose process has gone (killed, crashed) is reported as ABORTED. */
function withLiveness(record: ExecutionRecord): ExecutionRecord {
  if (
    record.status !== ExecutionStatus.Running ||
    record.hostname !== hostname() ||
    isAlive(record.pid)
  ) {
    return record;
  }
  return {
    ...record,
    status: ExecutionStatus.Aborted,
    stoppedAt: record.updatedAt,
    error: 'States.Aborted',
    cause: `the runner process ${record.pid} ended before the execution finished`,
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The public view of a record: the index's bookkeeping fields are left out. */
export function toDescription(record: ExecutionRecord): ExecutionDescription {
  const {
    inputFile: _inputFile,
    pid: _pid,
    hostname: _hostname,
    updatedAt: _updatedAt,
    ...description
  } = record;
  return description;
}
