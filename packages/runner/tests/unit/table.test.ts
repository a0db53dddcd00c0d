import { renderTable } from '../../src/cli/table.js';
import { createStyler, executionTable, stageTable } from '../../src/cli/terminal-format.js';
import type { ExecutionDescription } from '../../src/execution-types.js';

const plain = createStyler({ isTTY: false });

describe('the table renderer', () => {
  it('pads each column to its widest cell, right-aligns where asked, trims line ends', () => {
    // Arrange
    const columns = [{ title: 'NAME' }, { title: 'N', align: 'right' as const }, { title: 'NOTE' }];

    // Act
    const lines = renderTable(columns, [
      ['a', '1', ''],
      ['longer', '1,000', 'x'],
    ]);

    // Assert
    expect(lines).toEqual(['NAME        N  NOTE', 'a           1', 'longer  1,000  x']);
  });

  it('styles cells without counting the colour codes as width', () => {
    // Arrange
    const columns = [{ title: 'S' }, { title: 'T' }];

    // Act
    const lines = renderTable(columns, [['ok', 'x']], {
      header: (text) => `<${text}>`,
      cell: (column, text) => (column === 0 ? `\u001b[32m${text}\u001b[39m` : text),
    });

    // Assert
    expect(lines).toEqual(['<S   T>', '\u001b[32mok\u001b[39m  x']);
  });

  it.each([
    [
      'stage',
      stageTable(
        [
          {
            name: 'ETLStage',
            status: 'SUCCEEDED',
            durationMs: 94,
            received: 1002,
            records: 977,
            rejected: 25,
            filtered: 0,
            retries: 0,
          },
          {
            name: 'ScoreStage',
            status: 'SUCCEEDED',
            durationMs: 1200,
            received: 977,
            records: 950,
            rejected: 27,
            filtered: 0,
            retries: 1,
            iterations: 4,
            failedIterations: 1,
          },
          { name: 'QualityStage', status: 'SKIPPED', retries: 0 },
          { name: 'StoreStage', status: 'UPSTREAM_FAILED', retries: 0 },
        ],
        plain,
      ),
      [
        'STEP          STATUS           DURATION     IN  OUT  REJECTED  FILTERED  RETRIES    ITERATIONS',
        'ETLStage      SUCCEEDED            94ms  1,002  977        25         0        0             -',
        'ScoreStage    SUCCEEDED            1.2s    977  950        27         0        1  4 (1 failed)',
        'QualityStage  SKIPPED                 -      -    -         -         -        0             -',
        'StoreStage    UPSTREAM_FAILED         -      -    -         -         -        0             -',
      ],
    ],
    [
      'list',
      executionTable(
        [
          {
            executionId: 'rt-1',
            workflow: 'realtime',
            target: 'local',
            status: 'SUCCEEDED',
            startedAt: '2026-01-01T00:00:00.000Z',
            stoppedAt: '2026-01-01T00:00:00.505Z',
            stages: [],
          } satisfies ExecutionDescription,
        ],
        plain,
      ),
      [
        'EXECUTION ID  WORKFLOW  STATUS     STARTED                   DURATION',
        'rt-1          realtime  SUCCEEDED  2026-01-01T00:00:00.000Z  505ms',
      ],
    ],
  ])('lays out the %s table the CLI prints', (_table, lines, expected) => {
    // Arrange / Act: the table was rendered above.

    // Assert
    expect(lines).toEqual(expected);
  });

  it.each([
    ['FAILED', '\u001b[31m'],
    ['SKIPPED', '\u001b[2m'],
    ['UPSTREAM_FAILED', '\u001b[2m'],
  ] as const)('colours a %s step, never as a failure unless it failed', (status, colour) => {
    // Arrange
    const colours = createStyler({ isTTY: true }, {});

    // Act
    const [, row] = stageTable([{ name: 'QualityStage', status, retries: 0 }], colours);

    // Assert
    expect(row).toContain(`${colour}${status}`);
  });
});
