import { hostname } from 'node:os';
import { join } from 'node:path';
import { type DataLocation, type JsonRecord, type RunManifest, readManifest } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { SHIPPED_WORKFLOWS } from '@ceap/stages';
import type { CleanReport, CleanRequest } from '../client/clean-types.js';
import { assertStepOf, type LogsRequest } from '../client/execution-logs.js';
import type { ExecutionTarget } from '../client/execution-target.js';
import { listObjectKeys } from '../client/object-keys.js';
import type { RunStepRequest, StepTestRun } from '../client/run-step-types.js';
import { readStageRecords, stageOutputUri } from '../client/stage-output.js';
import {
  type RejectsRequest,
  readStageRejects,
  type StageRejects,
} from '../client/stage-rejects.js';
import { resolveTestStep } from '../client/step-test-run.js';
import { LOCAL_DATA_BUCKET } from '../constants.js';
import type { RecordedUsage } from '../cost/execution-cost.js';
import { ExecutionNotFoundError, UsageNotRecordedError } from '../errors.js';
import type {
  ExecutionDescription,
  ExecutionFilter,
  ExecutionHandle,
  RedriveRequest,
  StartRequest,
} from '../execution-types.js';
import { ExecutionIndex, type ExecutionRecord } from '../index-store/execution-index.js';
import { Admission, resolveMaxActive } from './admission.js';
import {
  type CeapLayout,
  ceapLayout,
  resolveCeapHome,
  resolveExamplesDirectory,
} from './ceap-home.js';
import { defaultLocalBindings } from './default-bindings.js';
import { startDetachedWorker } from './detached-start.js';
import { checkCeapHome, type HomeUse } from './home-check.js';
import { cleanExecutions } from './local-clean.js';
import { claimRedrive } from './local-redrive.js';
import { type ActiveRun, launchRun } from './local-run.js';
import { runStepLocally } from './local-run-step.js';
import { LocalS3 } from './local-s3.js';
import { type LocalTargetContexts, localTargetContexts } from './local-target-contexts.js';
import type { LocalTargetOptions } from './local-target-options.js';
import { readLogLines } from './log-reader.js';
import { toDescription, withLiveness } from './record-description.js';
import { watchedHandle } from './record-watch.js';
import { settleStartInput, storeClaim } from './start-input.js';
import { type ReservedExecution, readReservation, reserveExecution } from './start-reservation.js';
import { signalStop, takeStopRequest } from './stop-request.js';

/**
 * The local target: runs workflows with the embedded engine, against the embedded S3 server
 * (or `--s3-endpoint`), and keeps the execution index under `.ceap/`. A run belongs to the
 * process that runs it; any other process (or target) follows it through its index record.
 */
export class LocalTarget implements ExecutionTarget {
  /** Where this target keeps its state. */
  readonly layout: CeapLayout;
  private readonly index: ExecutionIndex;
  private readonly s3: LocalS3;
  private readonly workflows: Readonly<Record<string, Workflow>>;
  private readonly location: DataLocation;
  private readonly examplesDirectory: string;
  private readonly env: NodeJS.ProcessEnv;
  /** The runs this target runs (or is starting), by execution id, until they end. */
  private readonly runs = new Map<string, Promise<ActiveRun>>();
  private readonly homeChecks = new Map<HomeUse, Promise<void>>();
  private readonly admission: Admission;
  private readonly contexts: LocalTargetContexts;

  constructor(private readonly options: LocalTargetOptions = {}) {
    this.env = options.env ?? process.env;
    this.admission = new Admission(resolveMaxActive(options.maxActive, this.env));
    this.layout = ceapLayout(options.home ?? resolveCeapHome());
    this.index = new ExecutionIndex(this.layout.executions, this.layout.inputs);
    this.s3 = new LocalS3(this.layout.s3, options.s3Endpoint);
    this.workflows = options.workflows ?? SHIPPED_WORKFLOWS;
    this.location = {
      bucket: LOCAL_DATA_BUCKET,
      keyPrefix: options.keyPrefix ?? this.env.CEAP_KEY_PREFIX ?? '',
    };
    this.examplesDirectory = options.examplesDirectory ?? resolveExamplesDirectory(this.env);
    const { layout, index, s3, workflows, location, examplesDirectory, env, admission } = this;
    this.contexts = localTargetContexts(
      { layout, index, s3, workflows, location, examplesDirectory, env, admission },
      options,
    );
  }

  async start(request: StartRequest): Promise<ExecutionHandle> {
    await this.checkHome('write');
    const workflow = Object.hasOwn(this.workflows, request.workflow)
      ? this.workflows[request.workflow]
      : undefined;
    if (workflow) (this.options.bindings ?? defaultLocalBindings()).preflight?.(workflow);
    const settled = await settleStartInput(this.contexts.reservation, request);
    const reserved = await reserveExecution(this.contexts.reservation, settled.request);
    if (settled.claim) {
      await storeClaim(this.s3, this.location, this.index, reserved, settled.claim);
    }
    if (request.detach) return this.detach(reserved);
    return this.launch(reserved.record.executionId, Promise.resolve(reserved), request.onProgress);
  }

  /**
   * A handle on an execution in the index. One this target runs is its live handle; one
   * handed to this process by a detached start is run here, now; any other is watched
   * through its record.
   */
  async getHandle(executionId: string): Promise<ExecutionHandle> {
    const record = await this.read(executionId);
    // Looked up after the read, with no await before launch() registers a run: of two calls
    // for a record handed to this process, exactly one runs it.
    const owned = this.runs.get(executionId);
    if (owned) return this.withStopRequest((await owned).handle);
    if (record.awaitingWorker && record.pid === process.pid && record.hostname === hostname()) {
      // A redrive handed over (`redrive --no-wait`) reuses what succeeded, as a waited one does.
      const redrive = (record.redriveCount ?? 0) > 0;
      const reservation = readReservation(this.contexts.reservation, record);
      return this.launch(executionId, reservation, undefined, redrive);
    }
    return this.watch(record);
  }

  /**
   * Runs an ended execution again under its id and input: what succeeded is reused (see
   * `manifestReuse`), the rest runs with the current code and configuration.
   */
  async redrive(executionId: string, request: RedriveRequest = {}): Promise<ExecutionHandle> {
    await this.checkHome('write');
    const record = withLiveness(await this.read(executionId));
    // Claimed before launch() registers it: a refused redrive must not displace a live run.
    const reserved = await claimRedrive(this.contexts.reservation, record);
    if (request.detach) return this.detach(reserved);
    return this.launch(executionId, Promise.resolve(reserved), request.onProgress, true);
  }

  async describe(executionId: string): Promise<ExecutionDescription> {
    return toDescription(withLiveness(await this.read(executionId)));
  }

  /** The usage the run recorded when it ended (none while it runs, nor for older runs). */
  async usage(executionId: string): Promise<RecordedUsage> {
    const record = await this.read(executionId);
    if (!record.usage) throw new UsageNotRecordedError(executionId, record.status);
    return { usage: record.usage, lambdas: {} };
  }

  async list(filter: ExecutionFilter): Promise<ExecutionDescription[]> {
    await this.checkHome('read');
    // Liveness can turn RUNNING into ABORTED, so the status filter applies after it.
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
    yield* readStageRecords(await this.s3.client(), uri);
  }

  async rejects(executionId: string, request: RejectsRequest): Promise<StageRejects> {
    const description = await this.describe(executionId);
    return readStageRejects(await this.s3.client(), description, this.location, request);
  }

  async manifest(executionId: string): Promise<RunManifest | undefined> {
    await this.read(executionId);
    const { bucket, keyPrefix } = this.location;
    return readManifest(await this.s3.client(), bucket, executionId, keyPrefix);
  }

  async input(executionId: string): Promise<JsonRecord> {
    return this.index.readInput(await this.read(executionId));
  }

  async *logs(executionId: string, request: LogsRequest): AsyncIterable<JsonRecord> {
    const description = await this.describe(executionId);
    assertStepOf(description, request.step);
    const file = description.logFile ?? join(this.layout.logs, `${executionId}.log`);
    yield* readLogLines(file, request, () => this.describe(executionId));
  }

  /** Runs one step of a recorded execution under `{step}/test-{n}/` (see `runStepLocally`). */
  async runStep(request: RunStepRequest): Promise<StepTestRun> {
    const { step } = resolveTestStep(this.workflows, request);
    const record = await this.read(request.executionId);
    return runStepLocally(this.contexts.run, this.contexts.reservation, record, request, step);
  }

  async clean(request: CleanRequest): Promise<CleanReport> {
    await this.checkHome('write');
    const { index, layout, location } = this;
    return cleanExecutions({ index, layout, location, s3: () => this.s3.client() }, request);
  }

  async objectKeys(_workflow: string, prefix: string): Promise<string[]> {
    const { bucket, keyPrefix } = this.location;
    return listObjectKeys(await this.s3.client(), bucket, keyPrefix, prefix);
  }

  /**
   * Waits for the runs of this target to end (those still waiting for a slot included, and
   * every task they started), then stops the embedded S3 server.
   */
  async close(): Promise<void> {
    const runs = [...this.runs.values()];
    await Promise.all(runs.map((run) => run.then((r) => r.finished).catch(() => undefined)));
    await this.s3.close();
  }

  /** Runs a reservation here; the run is registered at once, before anything is awaited. */
  private launch(
    executionId: string,
    reservation: Promise<ReservedExecution>,
    onProgress?: (description: ExecutionDescription) => void,
    redrive = false,
  ): Promise<ExecutionHandle> {
    const run = reservation.then((reserved) =>
      launchRun(this.contexts.run, reserved, onProgress, redrive),
    );
    this.runs.set(executionId, run);
    void run
      .then((active) => active.finished)
      .catch(() => undefined)
      .finally(() => this.runs.delete(executionId));
    return run.then((active) => this.withStopRequest(active.handle));
  }

  /** A run's own handle that, stopped without a reason, takes the one `stop` left for it. */
  private withStopRequest(handle: ExecutionHandle): ExecutionHandle {
    const { executions } = this.layout;
    return {
      ...handle,
      stop: async (reason) =>
        handle.stop(reason ?? (await takeStopRequest(executions, handle.executionId))),
    };
  }

  /** Hands a reserved run to a detached worker, and follows it through its record. */
  private async detach(reserved: ReservedExecution): Promise<ExecutionHandle> {
    await startDetachedWorker(this.contexts.detachedStart, reserved);
    return this.watch(reserved.record);
  }

  /** Follows a run of another process; stopping it signals that process (on this host). */
  private watch(record: ExecutionRecord): ExecutionHandle {
    return watchedHandle(
      record,
      (id) => this.read(id),
      (running, reason) => signalStop(this.layout.executions, running, reason),
    );
  }

  private async read(executionId: string): Promise<ExecutionRecord> {
    await this.checkHome('read');
    const record = await this.index.get(executionId);
    if (!record) {
      throw new ExecutionNotFoundError(executionId, `in the local index ${this.layout.executions}`);
    }
    return record;
  }

  /** Checks the home once per use (read, write) for this target's life. */
  private checkHome(use: HomeUse): Promise<void> {
    let checked = this.homeChecks.get(use);
    if (!checked) {
      checked = checkCeapHome(this.layout.home, use);
      this.homeChecks.set(use, checked);
    }
    return checked;
  }
}
