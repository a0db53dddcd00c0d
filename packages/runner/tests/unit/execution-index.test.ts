import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ExecutionAlreadyExistsError } from '../../src/errors.js';
import { ExecutionIndex, type ExecutionRecord } from '../../src/index-store/execution-index.js';
import { tempDir } from '../helpers/temp-dir.js';

function record(executionId: string, overrides: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    executionId,
    workflow: 'realtime',
    target: 'local',
    status: 'RUNNING',
    startedAt: '2026-01-01T00:00:00.000Z',
    stages: [],
    inputFile: `/tmp/${executionId}.json`,
    pid: process.pid,
    hostname: 'test',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('execution index', () => {
  let dir: ReturnType<typeof tempDir>;
  let index: ExecutionIndex;

  beforeEach(() => {
    dir = tempDir();
    index = new ExecutionIndex(join(dir.path, 'executions'), join(dir.path, 'inputs'));
  });

  afterEach(() => dir.remove());

  it('reserves an id once: a second reservation fails with "already exists"', async () => {
    // Arrange
    await index.reserve(record('run-1'));

    // Act
    const second = index.reserve(record('run-1', { workflow: 'batch' }));

    // Assert
    await expect(second).rejects.toBeInstanceOf(ExecutionAlreadyExistsError);
    await expect(second).rejects.toThrow('execution "run-1" already exists');
    expect((await index.get('run-1'))?.workflow).toBe('realtime');
  });

  it('lets exactly one of many concurrent reservations of the same id win', async () => {
    // Arrange
    const attempts = Array.from({ length: 20 }, (_, i) =>
      index.reserve(record('same-id', { pid: i })),
    );

    // Act
    const results = await Promise.allSettled(attempts);

    // Assert
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // The winner's record and the space set aside for its last write; no loser left a file.
    expect(readdirSync(join(dir.path, 'executions')).sort()).toEqual([
      '.same-id.spare',
      'same-id.json',
    ]);
  });

  it('replaces a record atomically on update and leaves no temp files', async () => {
    // Arrange
    await index.reserve(record('run-2'));

    // Act
    await index.update(
      record('run-2', { status: 'SUCCEEDED', stoppedAt: '2026-01-01T00:01:00.000Z' }),
    );

    // Assert
    expect(await index.get('run-2')).toMatchObject({
      status: 'SUCCEEDED',
      stoppedAt: '2026-01-01T00:01:00.000Z',
    });
    expect(readdirSync(join(dir.path, 'executions')).sort()).toEqual([
      '.run-2.spare',
      'run-2.json',
    ]);
  });

  it('lists newest first and filters by workflow and status', async () => {
    // Arrange
    await index.reserve(record('a', { startedAt: '2026-01-01T00:00:00.000Z' }));
    await index.reserve(
      record('b', { startedAt: '2026-01-02T00:00:00.000Z', workflow: 'batch', status: 'FAILED' }),
    );
    await index.reserve(
      record('c', { startedAt: '2026-01-03T00:00:00.000Z', status: 'SUCCEEDED' }),
    );

    // Act
    const all = await index.list();
    const batch = await index.list({ workflow: 'batch' });
    const succeeded = await index.list({ status: 'SUCCEEDED' });

    // Assert
    expect(all.map((r) => r.executionId)).toEqual(['c', 'b', 'a']);
    expect(batch.map((r) => r.executionId)).toEqual(['b']);
    expect(succeeded.map((r) => r.executionId)).toEqual(['c']);
  });

  it.each(['../x', 'a/b', ''])('finds nothing for the invalid id %j', async (id) => {
    // Arrange
    await index.reserve(record('valid'));

    // Act
    const found = await index.get(id);

    // Assert
    expect(found).toBeUndefined();
  });
});
