import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isExecutionId, type JsonRecord } from '@ceap/core';
import { ExecutionAlreadyExistsError } from '../errors.js';
import type { ExecutionDescription, ExecutionFilter } from '../execution-types.js';

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
}

const RECORD_SUFFIX = '.json';

/**
 * The local execution index: one JSON file per execution under `.ceap/executions/`.
 *
 * - A new id is reserved by hard-linking a complete temp file to `{id}.json`: link(2) fails
 *   with EEXIST when the name is taken, so of two processes starting the same id exactly one
 *   wins, and no reader ever sees a half-written record.
 * - Only the process that reserved an id updates it, each time by writing a temp file and
 *   renaming it over the record (atomic on POSIX), so concurrent runs never corrupt the index.
 */
export class ExecutionIndex {
  constructor(
    private readonly directory: string,
    private readonly inputsDirectory: string,
  ) {}

  /** Reserves `record.executionId`; throws {@link ExecutionAlreadyExistsError} when it is taken. */
  async reserve(record: ExecutionRecord): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const temp = await this.writeTemp(record);
    try {
      await link(temp, this.pathOf(record.executionId));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ExecutionAlreadyExistsError(record.executionId, { cause: error });
      }
      throw error;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  /** Replaces the record of an execution this process owns. */
  async update(record: ExecutionRecord): Promise<void> {
    const temp = await this.writeTemp(record);
    await rename(temp, this.pathOf(record.executionId));
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
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: ExecutionRecord[] = [];
    for (const name of names) {
      if (!name.endsWith(RECORD_SUFFIX) || name.startsWith('.')) continue;
      const record = await this.get(name.slice(0, -RECORD_SUFFIX.length));
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
    await mkdir(this.inputsDirectory, { recursive: true });
    const file = join(this.inputsDirectory, `${executionId}${RECORD_SUFFIX}`);
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(input));
    await rename(temp, file);
    return file;
  }

  /** The stored input of an execution. */
  async readInput(record: ExecutionRecord): Promise<JsonRecord> {
    return JSON.parse(await readFile(record.inputFile, 'utf8')) as JsonRecord;
  }

  private pathOf(executionId: string): string {
    return join(this.directory, `${executionId}${RECORD_SUFFIX}`);
  }

  private async writeTemp(record: ExecutionRecord): Promise<string> {
    const temp = join(
      this.directory,
      `.${record.executionId}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
    );
    await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`);
    return temp;
  }
}
