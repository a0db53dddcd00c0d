import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { homeWriteError, replaceFile, tempPath } from '../index-store/atomic-file.js';
import { ScheduleState, type ScheduleStore, type StoredSchedule } from './schedule-types.js';

interface ScheduleFile {
  readonly workflow: string;
  readonly state: ScheduleState;
  readonly updatedAt: string;
}

/**
 * The local target's schedule state: `{home}/schedules/{workflow}.json`, written through a
 * temp file and rename as the execution index writes its records, so the scheduler never reads
 * half a file. A workflow with no file is ACTIVE; the expression and zone are the workflow's own.
 */
export class LocalScheduleStore implements ScheduleStore {
  private readonly folder: string;

  constructor(private readonly home: string) {
    this.folder = join(home, 'schedules');
  }

  async read(
    workflow: string,
    declared: { expression: string; timeZone: string },
  ): Promise<StoredSchedule> {
    return { ...declared, state: await this.stateOf(workflow) };
  }

  async setState(
    workflow: string,
    declared: { expression: string; timeZone: string },
    state: ScheduleState,
  ): Promise<StoredSchedule> {
    const file: ScheduleFile = { workflow, state, updatedAt: new Date().toISOString() };
    const path = this.pathOf(workflow);
    try {
      await mkdir(this.folder, { recursive: true });
      await replaceFile(
        path,
        tempPath(this.folder, workflow),
        `${JSON.stringify(file, null, 2)}\n`,
      );
    } catch (error) {
      throw homeWriteError(this.home, path, error);
    }
    return { ...declared, state };
  }

  private async stateOf(workflow: string): Promise<ScheduleState> {
    let text: string;
    try {
      text = await readFile(this.pathOf(workflow), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ScheduleState.Active;
      throw error;
    }
    const state = (JSON.parse(text) as Partial<ScheduleFile>).state;
    return state === ScheduleState.Paused ? ScheduleState.Paused : ScheduleState.Active;
  }

  private pathOf(workflow: string): string {
    return join(this.folder, `${workflow}.json`);
  }
}
