import {
  InvalidExecutionIdError,
  isExecutionId,
  parseExecutionId,
  stageOutputKey,
} from '../../src/index.js';
import { manifestEntryKey, stageRejectsKey } from '../../src/s3-keys.js';

describe('executionId', () => {
  it.each([['a'], ['realtime-20261122T030000Z-abc123'], ['A_b-9'], ['x'.repeat(80)]])(
    'accepts %j',
    (id) => {
      // Arrange / Act
      const parsed = parseExecutionId(id);
      // Assert
      expect(parsed).toBe(id);
      expect(isExecutionId(id)).toBe(true);
    },
  );

  it.each([
    ['path traversal', '../x'],
    ['a slash', 'a/b'],
    ['the empty string', ''],
    ['81 characters', 'x'.repeat(81)],
    ['non-ASCII', 'exécution'],
    ['a space', 'a b'],
    ['a dot', 'a.b'],
    ['a newline', 'abc\n'],
    ['a number', 42],
    ['undefined', undefined],
  ])('refuses %s', (_label, id) => {
    // Arrange / Act
    const attempt = () => parseExecutionId(id);
    // Assert
    expect(attempt).toThrow(InvalidExecutionIdError);
    expect(attempt).toThrow(/must be 1-80 characters of A-Z a-z 0-9 _ -/);
    expect(isExecutionId(id)).toBe(false);
  });

  it('names the bad id in the message', () => {
    // Arrange / Act / Assert
    expect(() => parseExecutionId('../x')).toThrow(
      'executionId "../x" must be 1-80 characters of A-Z a-z 0-9 _ -',
    );
  });
});

describe('key layout', () => {
  it('builds output, rejects and manifest keys under an optional prefix', () => {
    // Arrange
    const id = 'run-1';
    // Act
    const keys = [
      stageOutputKey(id, 'FilterStage'),
      stageRejectsKey(id, 'FilterStage', 'team-a/'),
      manifestEntryKey(id, 'ETLStage', 'a/b/'),
    ];
    // Assert
    expect(keys).toEqual([
      'executions/run-1/FilterStage/output.json',
      'team-a/executions/run-1/FilterStage/rejects.json',
      'a/b/executions/run-1/_manifest/ETLStage.json',
    ]);
  });

  it.each(['../x', 'a/b', '', 'x'.repeat(81), 'ü'])(
    'builds no key from the invalid id %j',
    (id) => {
      // Arrange / Act / Assert
      expect(() => stageOutputKey(id, 'ETLStage')).toThrow(InvalidExecutionIdError);
      expect(() => stageRejectsKey(id, 'ETLStage')).toThrow(InvalidExecutionIdError);
      expect(() => manifestEntryKey(id, 'ETLStage')).toThrow(InvalidExecutionIdError);
    },
  );

  it.each([['../'], ['a'], ['/a/'], ['a//'], ['a b/']])('refuses the key prefix %j', (prefix) => {
    // Arrange / Act / Assert
    expect(() => stageOutputKey('run-1', 'ETLStage', prefix)).toThrow(/keyPrefix/);
  });

  it.each([['../Stage'], ['a/b'], [''], ['9Stage']])('refuses the stage name %j', (stage) => {
    // Arrange / Act / Assert
    expect(() => stageOutputKey('run-1', stage)).toThrow(/stage name/);
  });
});
