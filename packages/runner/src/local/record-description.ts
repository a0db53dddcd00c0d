import { hostname } from 'node:os';
import { ExecutionStatus, StageStatus } from '../constants.js';
import type { ExecutionDescription } from '../execution-types.js';
import type { ExecutionRecord } from '../index-store/execution-index.js';
import { attemptsOf } from './execution-attempts.js';

/** True once an execution has ended: SUCCEEDED, FAILED, TIMED_OUT or ABORTED. */
export function isTerminal(status: ExecutionStatus): boolean {
  return status !== ExecutionStatus.Running;
}

/** The public view of a record: the index's bookkeeping fields are left out. */
export function toDescription(record: ExecutionRecord): ExecutionDescription {
  const {
    inputFile: _inputFile,
    pid: _pid,
    hostname: _hostname,
    updatedAt: _updatedAt,
    awaitingWorker: _awaitingWorker,
    usesSample: _usesSample,
    usage: _usage,
    ...description
  } = record;
  return record.attempts ? { ...description, attempts: attemptsOf(record) } : description;
}

/**
 * False only when the record's process ran on this machine and is gone; a process on another
 * machine cannot be asked, so it counts as alive.
 */
export function runnerIsAlive(record: ExecutionRecord): boolean {
  return record.hostname !== hostname() || isAlive(record.pid);
}

/**
 * A RUNNING record whose process has gone (killed, crashed) is reported as ABORTED, and so is
 * each step it was running: it stopped when the process did, at the record's last update.
 */
export function withLiveness(record: ExecutionRecord): ExecutionRecord {
  if (record.status !== ExecutionStatus.Running || runnerIsAlive(record)) return record;
  const stoppedAt = Date.parse(record.updatedAt);
  return {
    ...record,
    status: ExecutionStatus.Aborted,
    stoppedAt: record.updatedAt,
    error: 'States.Aborted',
    cause: `the runner process ${record.pid} ended before the execution finished`,
    stages: record.stages.map((stage) => {
      if (stage.status !== StageStatus.Running && stage.status !== StageStatus.Retrying) {
        return stage;
      }
      const started = Date.parse(stage.startedAt ?? '');
      const durationMs = Number.isFinite(started) ? Math.max(0, stoppedAt - started) : undefined;
      return {
        ...stage,
        status: StageStatus.Aborted,
        ...(durationMs !== undefined && { durationMs }),
      };
    }),
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
