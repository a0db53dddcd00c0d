import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import type { ExecutionRecord } from '../../src/index-store/execution-index.js';
import { withLiveness } from '../../src/local/record-description.js';

/** A RUNNING record whose process is `pid`, interrupted in its second step. */
function runningRecord(pid: number): ExecutionRecord {
  return {
    executionId: 'killed',
    workflow: 'batch',
    target: 'local',
    status: 'RUNNING',
    startedAt: '2026-03-11T00:00:00.000Z',
    updatedAt: '2026-03-11T00:00:05.000Z',
    inputFile: '/nowhere/killed.json',
    pid,
    hostname: hostname(),
    stages: [
      { name: 'ETLStage', status: 'SUCCEEDED', retries: 0, durationMs: 1000 },
      {
        name: 'HeavyETLStage',
        status: 'RUNNING',
        retries: 0,
        startedAt: '2026-03-11T00:00:02.000Z',
      },
      { name: 'ScoreStage', status: 'PENDING', retries: 0 },
    ],
  };
}

describe('withLiveness (a run whose process has gone)', () => {
  it('reports the run ABORTED and the step it was running ABORTED, stopped at its last update', () => {
    // Arrange
    const gone = spawnSync(process.execPath, ['-e', '']).pid;

    // Act
    const seen = withLiveness(runningRecord(gone));

    // Assert
    expect(seen).toMatchObject({
      status: 'ABORTED',
      error: 'States.Aborted',
      stoppedAt: '2026-03-11T00:00:05.000Z',
    });
    expect(seen.stages.map((stage) => [stage.name, stage.status])).toEqual([
      ['ETLStage', 'SUCCEEDED'],
      ['HeavyETLStage', 'ABORTED'],
      ['ScoreStage', 'PENDING'],
    ]);
    expect(seen.stages[1]?.durationMs).toBe(3000);
  });

  it('leaves a run whose process is alive as it is', () => {
    // Arrange
    const record = runningRecord(process.pid);

    // Act
    const seen = withLiveness(record);

    // Assert
    expect(seen).toBe(record);
  });
});
