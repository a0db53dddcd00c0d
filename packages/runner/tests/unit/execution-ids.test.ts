import { isExecutionId } from '@ceap/core';
import { RunnerUsageError } from '../../src/errors.js';
import {
  checkExecutionId,
  checkLogicalDate,
  defaultLogicalDate,
  newExecutionId,
} from '../../src/execution-ids.js';

describe('execution ids', () => {
  it('makes ids named {workflow}-{YYYYMMDDTHHMMSSZ}-{6 random} that pass the executionId rule', () => {
    // Arrange
    const now = new Date('2026-03-11T02:03:04.567Z');

    // Act
    const ids = Array.from({ length: 50 }, () => newExecutionId('batch', now));

    // Assert
    for (const id of ids) {
      expect(id).toMatch(/^batch-20260311T020304Z-[a-z0-9]{6}$/);
      expect(isExecutionId(id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(50);
  });

  it.each(['../x', 'a/b', '', 'x'.repeat(81), 'café', 'has space'])(
    "refuses the id %j with core's rule",
    (id) => {
      // Arrange
      const check = () => checkExecutionId(id);

      // Act / Assert
      expect(check).toThrow(RunnerUsageError);
      expect(check).toThrow('must be 1-80 characters of A-Z a-z 0-9 _ -');
    },
  );

  it.each([
    ['STANDARD', '2026-03-10'],
    ['EXPRESS', '2026-03-11'],
  ] as const)('defaults the logical date of a %s workflow to %s', (type, expected) => {
    // Arrange
    const now = new Date('2026-03-11T01:00:00Z');

    // Act
    const date = defaultLogicalDate(type, now);

    // Assert
    expect(date).toBe(expected);
  });

  it.each(['2026-02-30', '2026/01/01', 'yesterday'])('refuses --logical-date %j', (value) => {
    // Arrange
    const check = () => checkLogicalDate(value);

    // Act / Assert
    expect(check).toThrow(`--logical-date "${value}" must be a calendar date written YYYY-MM-DD`);
  });
});
