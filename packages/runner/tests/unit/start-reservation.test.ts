import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StartRequest } from '../../src/execution-types.js';
import { ExecutionIndex } from '../../src/index-store/execution-index.js';
import { ceapLayout } from '../../src/local/ceap-home.js';
import { reserveExecution } from '../../src/local/start-reservation.js';
import { tempDir } from '../helpers/temp-dir.js';
import { TEST_WORKFLOWS } from '../helpers/test-stages.js';

const SAMPLE_DATE = '2025-12-31';

describe('reserving a local start', () => {
  let dir: ReturnType<typeof tempDir>;

  beforeEach(() => {
    dir = tempDir('ceap-reserve-');
    writeFileSync(
      join(dir.path, 'realtime-input.json'),
      JSON.stringify({ logicalDate: SAMPLE_DATE, records: [{ id: 'a' }] }),
    );
  });

  afterEach(() => dir.remove());

  function reserve(request: StartRequest) {
    const layout = ceapLayout(join(dir.path, 'home'));
    const index = new ExecutionIndex(layout.executions, layout.inputs);
    const context = { index, layout, workflows: TEST_WORKFLOWS, examplesDirectory: dir.path };
    return { index, reserved: reserveExecution(context, request) };
  }

  it.each([
    ['realtime, the sample', { workflow: 'test-realtime' }, SAMPLE_DATE, true],
    ['batch, the sample', { workflow: 'test-batch' }, SAMPLE_DATE, true],
    [
      'the sample, --logical-date',
      { workflow: 'test-batch', logicalDate: '2026-01-09' },
      '2026-01-09',
      true,
    ],
    [
      'an input with its own date',
      { workflow: 'test-realtime', input: { records: [], logicalDate: '2026-01-08' } },
      '2026-01-08',
      false,
    ],
  ])('decides the logical date before anything runs: %s', async (_case, request, date, sample) => {
    // Arrange
    const { index, reserved } = reserve({ ...request, executionId: 'reserved-1' });

    // Act
    const { record, input } = await reserved;

    // Assert
    expect(record.logicalDate).toBe(date);
    expect(input.logicalDate).toBe(date);
    expect(Boolean(record.usesSample)).toBe(sample);
    expect(await index.readInput(record)).toEqual(input);
    expect(await index.get('reserved-1')).toEqual(record);
  });

  it('gives a realtime run the sample records, and a batch run only its date', async () => {
    // Arrange
    const realtime = reserve({ workflow: 'test-realtime', executionId: 'rt' });
    const batch = reserve({ workflow: 'test-batch', executionId: 'bt' });

    // Act
    const [rt, bt] = [await realtime.reserved, await batch.reserved];

    // Assert
    expect(rt.input).toEqual({ logicalDate: SAMPLE_DATE, records: [{ id: 'a' }] });
    expect(bt.input).toEqual({ logicalDate: SAMPLE_DATE });
  });
});
