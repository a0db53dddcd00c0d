import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonRecord } from '@ceap/core';
import { formatLogLine } from '../../src/cli/log-format.js';
import { createStyler } from '../../src/cli/terminal-format.js';
import type { ExecutionStatus } from '../../src/constants.js';
import type { ExecutionDescription } from '../../src/execution-types.js';
import { readLogLines } from '../../src/local/log-reader.js';
import { tempDir } from '../helpers/temp-dir.js';

const line = (stage: string, msg: string) =>
  `${JSON.stringify({ level: 30, time: '2026-03-11T04:14:32.382Z', executionId: 'x', stage, msg })}\n`;

function describedAs(status: () => ExecutionStatus): () => Promise<ExecutionDescription> {
  return async () => ({
    executionId: 'x',
    workflow: 'realtime',
    target: 'local',
    status: status(),
    startedAt: '2026-03-11T04:14:32.000Z',
    stages: [],
  });
}

async function collect(lines: AsyncIterable<JsonRecord>): Promise<JsonRecord[]> {
  const all: JsonRecord[] = [];
  for await (const one of lines) all.push(one);
  return all;
}

describe('readLogLines (the local log file, one step, --follow)', () => {
  let dir: ReturnType<typeof tempDir>;

  beforeEach(() => {
    dir = tempDir('ceap-logs-');
  });

  afterEach(() => dir.remove());

  it("keeps one step's lines, by the stage each line is bound to", async () => {
    // Arrange
    const file = join(dir.path, 'x.log');
    writeFileSync(file, line('ETLStage', 'a') + line('ScoreStage', 'b') + line('ETLStage', 'c'));

    // Act
    const lines = await collect(
      readLogLines(
        file,
        { step: 'ETLStage' },
        describedAs(() => 'SUCCEEDED'),
      ),
    );

    // Assert
    expect(lines.map((l) => l.msg)).toEqual(['a', 'c']);
  });

  it('follows the file as it grows and ends once the execution has ended', async () => {
    // Arrange
    const file = join(dir.path, 'x.log');
    let reads = 0;
    // The run writes a line and a half, then ends (the last line without its newline).
    const status = (): ExecutionStatus => {
      reads++;
      if (reads === 2) writeFileSync(file, `${line('ETLStage', 'first')}{"msg":"sec`);
      if (reads === 3) appendFileSync(file, 'ond"}');
      return reads >= 3 ? 'SUCCEEDED' : 'RUNNING';
    };

    // Act
    const lines = await collect(readLogLines(file, { follow: true }, describedAs(status)));

    // Assert
    expect(lines.map((l) => l.msg)).toEqual(['first', 'second']);
  });

  it('reads nothing from a log that does not exist yet, without failing', async () => {
    // Arrange
    const file = join(dir.path, 'missing.log');

    // Act
    const lines = await collect(
      readLogLines(
        file,
        {},
        describedAs(() => 'ABORTED'),
      ),
    );

    // Assert
    expect(lines).toEqual([]);
  });
});

describe('formatLogLine (pretty logs on a terminal)', () => {
  it.each([
    [
      { level: 30, stage: 'ETLStage', msg: 'stage finished', records: 977 },
      'INFO  [ETLStage] stage finished records=977',
    ],
    [{ level: 50, msg: 'failed', err: { name: 'X' } }, 'ERROR failed err={"name":"X"}'],
  ])('prints %j as a line a person reads', (fields, expected) => {
    // Arrange
    const style = createStyler({ isTTY: false });

    // Act
    const text = formatLogLine(
      { time: '2026-03-11T04:14:32.382Z', executionId: 'x', ...fields },
      style,
    );

    // Assert
    expect(text).toBe(`04:14:32.382 ${expected}`);
  });
});
