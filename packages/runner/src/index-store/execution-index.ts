import { link, mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isExecutionId, type JsonRecord } from '@ceap/core';
import type { ExecutionUsage } from '../cost/execution-usage.js';
import { ExecutionAlreadyExistsError } from '../errors.js';
import type { ExecutionDescription, ExecutionFilter } from '../execution-types.js';
import {
  homeWriteError,
  isFileSystemError,
  replaceFile,
  replaceFromSpare,
  tempPath,
  writeNewFile,
} from './atomic-file.js';

/** One execution as the local index keeps it: its description plus the index's bookkeeping. */
export interface ExecutionRecord extends ExecutionDescription {
  readonly logicalDate?: string;
  /** The input file under `.ceap/inputs/`. */
  readonly inputFile: string;
  /** The process that runs it, to tell a crashed run from a live one. */
  readonly pid: number;
  readonly hostname: string;
  readonly updatedAt: string;
  /**
   * Set by a detached start: process `pid` (the worker) is to run this reserved execution and
   * has not taken it over yet.
   */
  readonly awaitingWorker?: boolean;
  /** The input is the shipped sample: a batch run places the sample files before it runs. */
  readonly usesSample?: boolean;
  /** What the run used (transitions, task attempts), recorded when it ends; `ceap cost` reads it. */
  readonly usage?: ExecutionUsage;
}

const RECORD_SUFFIX = '.json';

/**
 * Space set aside with each reservation for the record's last write, so a run on a disk that
 * fills up can still record how it ended. A record is a few KB; this leaves room for
 * workflows with many steps.
 */
export const RECORD_SPARE_BYTES = 64 * 1024;

/**
 * The local execution index: one JSON file per execution under `{home}/executions/`, and its
 * input under `{home}/inputs/`.
 *
 * - A new id is reserved by hard-linking a complete temp file to `{id}.json`: link(2) fails
 *   with EEXIST when the name is taken, so of processes starting the same id exactly one
 *   wins, and no reader ever sees a half-written record.
 * - Only the process that reserved an id updates it, each time by writing a temp file and
 *   renaming it over the record (atomic on POSIX), so concurrent runs never corrupt the index.
 * - The reservation also allocates a spare file (`.{id}.spare`), which the run's last write
 *   fills and renames over the record: a run can say it failed on a full disk.
 * - A failed write removes its temp file, and is a {@link CeapHomeError} naming CEAP_HOME,
 *   the file and the system's error (ENOSPC).
 */
export class ExecutionIndex {
  /** The ceap home: the index lives in its `executions/` folder. */
  readonly home: string;

  constructor(
    private readonly directory: string,
    private readonly inputsDirectory: string,
  ) {
    this.home = dirname(directory);
  }

  /**
   * Reserves `record.executionId`: throws {@link ExecutionAlreadyExistsError} when it is
   * taken, and a CeapHomeError (leaving nothing behind) when the home cannot hold it.
   */
  async reserve(record: ExecutionRecord): Promise<void> {
    const target = this.pathOf(record.executionId);
    await this.guard(target, () => mkdir(this.directory, { recursive: true }));
    const temp = tempPath(this.directory, record.executionId);
    await this.guard(target, () => writeNewFile(temp, recordText(record)));
    try {
      await link(temp, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ExecutionAlreadyExistsError(record.executionId, { cause: error });
      }
      throw homeWriteError(this.home, target, error);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    const spare = this.sparePathOf(record.executionId);
    try {
      await this.guard(spare, () => writeNewFile(spare, Buffer.alloc(RECORD_SPARE_BYTES)));
    } catch (error) {
      await this.discard(record.executionId);
      throw error;
    }
  }

  /** Replaces the record of an execution this process owns. */
  async update(record: ExecutionRecord): Promise<void> {
    const target = this.pathOf(record.executionId);
    const temp = tempPath(this.directory, record.executionId);
    await this.guard(target, () => replaceFile(target, temp, recordText(record)));
  }

  /**
   * The last write of a run: the record goes into the space its reservation set aside, so it
   * is written even when the disk has filled up since. Without a spare (written already, or
   * an index of an older version) it is an ordinary {@link update}.
   */
  async finish(record: ExecutionRecord): Promise<void> {
    const target = this.pathOf(record.executionId);
    try {
      await replaceFromSpare(target, this.sparePathOf(record.executionId), recordText(record));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.update(record);
      throw homeWriteError(this.home, target, error);
    }
  }

  /** Removes a reservation that never ran: its input, its spare, then its record. */
  async discard(executionId: string): Promise<void> {
    for (const file of [
      this.inputPathOf(executionId),
      this.sparePathOf(executionId),
      this.pathOf(executionId),
    ]) {
      await unlink(file).catch(() => undefined);
    }
  }

  /** The record of one execution, or undefined. */
  async get(executionId: string): Promise<ExecutionRecord | undefined> {
    if (!isExecutionId(executionId)) return undefined;
    try {
      return JSON.parse(await readFile(this.pathOf(executionId), 'utf8')) as ExecutionRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Executions, newest first. */
  async list(filter: ExecutionFilter = {}): Promise<ExecutionRecord[]> {
    const records: ExecutionRecord[] = [];
    for (const executionId of idsIn(await namesIn(this.directory))) {
      const record = await this.get(executionId);
      if (!record) continue;
      if (filter.workflow !== undefined && record.workflow !== filter.workflow) continue;
      if (filter.status !== undefined && record.status !== filter.status) continue;
      records.push(record);
    }
    records.sort(
      (a, b) =>
        b.startedAt.localeCompare(a.startedAt) || b.executionId.localeCompare(a.executionId),
    );
    return records.slice(0, filter.limit ?? 100);
  }

  /** Stores the input of an execution this process reserved. */
  async writeInput(executionId: string, input: JsonRecord): Promise<string> {
    const file = this.inputPathOf(executionId);
    await this.guard(file, async () => {
      await mkdir(this.inputsDirectory, { recursive: true });
      await replaceFile(file, tempPath(this.inputsDirectory, executionId), JSON.stringify(input));
    });
    return file;
  }

  /** The stored input of an execution. */
  async readInput(record: ExecutionRecord): Promise<JsonRecord> {
    return JSON.parse(await readFile(record.inputFile, 'utf8')) as JsonRecord;
  }

  /** Where the input of an execution is kept. */
  inputPathOf(executionId: string): string {
    return join(this.inputsDirectory, `${executionId}${RECORD_SUFFIX}`);
  }

  /** Where the record of an execution is kept. */
  pathOf(executionId: string): string {
    return join(this.directory, `${executionId}${RECORD_SUFFIX}`);
  }

  /**
   * The hidden files in the index and inputs folders, by execution id: spares, stop requests,
   * and temp files a killed process left. Read once for all executions, as clean needs them.
   */
  async hiddenFiles(): Promise<Map<string, string[]>> {
    const byId = new Map<string, string[]>();
    for (const folder of [this.directory, this.inputsDirectory]) {
      for (const name of await namesIn(folder)) {
        // `.{id}.…`: ids hold no dots, so the id ends at the second dot.
        const end = name.indexOf('.', 1);
        if (!name.startsWith('.') || end < 0) continue;
        const executionId = name.slice(1, end);
        byId.set(executionId, [...(byId.get(executionId) ?? []), join(folder, name)]);
      }
    }
    return byId;
  }

  /** Input files under the inputs folder whose execution has no record (any more). */
  async inputsWithoutRecord(): Promise<string[]> {
    const orphans: string[] = [];
    for (const executionId of idsIn(await namesIn(this.inputsDirectory))) {
      if (!(await this.get(executionId))) orphans.push(this.inputPathOf(executionId));
    }
    return orphans;
  }

  private sparePathOf(executionId: string): string {
    return join(this.directory, `.${executionId}.spare`);
  }

  /** Runs a write, turning a file-system failure into a CeapHomeError naming `path`. */
  private async guard(path: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      throw isFileSystemError(error) ? homeWriteError(this.home, path, error) : error;
    }
  }
}

function recordText(record: ExecutionRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** The names in a folder; none when it does not exist yet. */
async function namesIn(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The execution ids of `{id}.json` names; hidden files are skipped. */
function idsIn(names: readonly string[]): string[] {
  return names
    .filter((name) => name.endsWith(RECORD_SUFFIX) && !name.startsWith('.'))
    .map((name) => name.slice(0, -RECORD_SUFFIX.length));
}
