import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ExecutionIndex,
  type ExecutionRecord,
  RECORD_SPARE_BYTES,
} from '../../src/index-store/execution-index.js';
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

/** The space a reservation sets aside for the run's last write, and the files of one id. */
describe('execution index: the last write and the files of an execution', () => {
  let dir: ReturnType<typeof tempDir>;
  let index: ExecutionIndex;
  const executions = () => join(dir.path, 'executions');

  beforeEach(() => {
    dir = tempDir();
    index = new ExecutionIndex(executions(), join(dir.path, 'inputs'));
  });

  afterEach(() => dir.remove());

  it('allocates the spare with the reservation, and the last write uses it up', async () => {
    // Arrange
    await index.reserve(record('run-1'));
    const spare = statSync(join(executions(), '.run-1.spare')).size;

    // Act
    await index.finish(record('run-1', { status: 'FAILED', cause: 'the disk is full' }));

    // Assert
    expect(spare).toBe(RECORD_SPARE_BYTES);
    expect(await index.get('run-1')).toMatchObject({ status: 'FAILED', cause: 'the disk is full' });
    expect(readFileSync(join(executions(), 'run-1.json'), 'utf8')).toMatch(/\}\n$/);
    expect(readdirSync(executions())).toEqual(['run-1.json']);
  });

  it('writes the last record as an update when there is no spare left', async () => {
    // Arrange
    await index.reserve(record('run-2'));
    await index.finish(record('run-2', { status: 'SUCCEEDED' }));

    // Act
    await index.finish(record('run-2', { status: 'ABORTED' }));

    // Assert
    expect((await index.get('run-2'))?.status).toBe('ABORTED');
    expect(readdirSync(executions())).toEqual(['run-2.json']);
  });

  it('discards a reservation that never ran: record, spare and input', async () => {
    // Arrange
    await index.reserve(record('run-3'));
    await index.writeInput('run-3', { records: [] });

    // Act
    await index.discard('run-3');

    // Assert
    expect(await index.get('run-3')).toBeUndefined();
    expect(readdirSync(executions())).toEqual([]);
    expect(readdirSync(join(dir.path, 'inputs'))).toEqual([]);
  });

  it("groups the hidden files of both folders by execution, one's apart from another's", async () => {
    // Arrange
    await index.reserve(record('run-4'));
    await index.reserve(record('run-40'));
    await index.writeInput('run-4', { records: [] });
    writeFileSync(join(executions(), '.run-4.4242.abcd0123.tmp'), '');
    writeFileSync(join(dir.path, 'inputs', '.run-4.4242.0123abcd.tmp'), '{"rec');

    // Act
    const hidden = await index.hiddenFiles();

    // Assert
    expect(hidden.get('run-40')).toEqual([join(executions(), '.run-40.spare')]);
    expect(hidden.get('run-4')?.sort()).toEqual(
      [
        join(executions(), '.run-4.4242.abcd0123.tmp'),
        join(executions(), '.run-4.spare'),
        join(dir.path, 'inputs', '.run-4.4242.0123abcd.tmp'),
      ].sort(),
    );
  });

  it('finds the inputs whose execution has no record', async () => {
    // Arrange
    await index.reserve(record('kept'));
    await index.writeInput('kept', { records: [] });
    writeFileSync(index.inputPathOf('orphan'), '{"records":[]}');

    // Act
    const orphans = await index.inputsWithoutRecord();

    // Assert
    expect(orphans).toEqual([index.inputPathOf('orphan')]);
  });
});
