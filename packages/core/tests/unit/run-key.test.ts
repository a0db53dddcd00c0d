import { logicalInputKey } from '../../src/index.js';
import { runKeyOf } from '../../src/stage/run-key.js';

describe('logicalInputKey', () => {
  const records = [{ customerId: 'C1', email: 'a@example.com' }];

  it('is the same for the same message, whatever the key order or the pipe array', () => {
    // Arrange
    const direct = { records, logicalDate: '2026-11-21' };
    const reordered = {
      logicalDate: '2026-11-21',
      records: [{ email: 'a@example.com', customerId: 'C1' }],
    };
    const piped = [{ records }];
    // Act
    const keys = [direct, reordered, piped].map((input) => logicalInputKey(input, '2026-11-21'));
    // Assert
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives a schedule and a manual start for the same day the same key', () => {
    // Arrange
    const scheduled = { scheduledTime: '2026-11-22T02:00:00Z', scheduleTimeZone: 'UTC' };
    const manual = { logicalDate: '2026-11-21' };
    // Act / Assert
    expect(logicalInputKey(scheduled, '2026-11-21')).toBe(logicalInputKey(manual, '2026-11-21'));
  });

  it('differs for another date, other records, another source or a __proto__ key', () => {
    // Arrange
    const base = logicalInputKey({ records }, '2026-11-21');
    const others = [
      logicalInputKey({ records }, '2026-11-22'),
      logicalInputKey({ records: [{ customerId: 'C2' }] }, '2026-11-21'),
      logicalInputKey({ source: { key: 'incoming/a.csv' } }, '2026-11-21'),
      logicalInputKey(
        JSON.parse('{"records":[{"customerId":"C1","email":"a@example.com","__proto__":{"x":1}}]}'),
        '2026-11-21',
      ),
      logicalInputKey([{ records }, { records }], '2026-11-21'),
    ];
    // Assert
    for (const other of others) expect(other).not.toBe(base);
  });

  it('keys input nested deeper than the stack allows', () => {
    // Arrange
    const deep = JSON.parse(`${'['.repeat(20_000)}1${']'.repeat(20_000)}`);
    // Act / Assert
    expect(logicalInputKey(deep, '2026-11-21')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('runKeyOf', () => {
  const carried = '0123456789abcdef0123456789abcdef';

  it("carries the upstream's key, for one upstream and for a join", () => {
    // Act / Assert
    expect(runKeyOf('S', { executionId: 'e', input: { runKey: carried } }, '2026-11-21')).toBe(
      carried,
    );
    expect(
      runKeyOf(
        'S',
        { executionId: 'e', inputs: { A: { status: 'SKIPPED' }, B: { runKey: carried } } },
        '2026-11-21',
      ),
    ).toBe(carried);
  });

  it('keys the execution input for a first step', () => {
    // Arrange
    const input = { records: [{ n: 1 }] };
    // Act / Assert
    expect(runKeyOf('S', { executionId: 'e', input }, '2026-11-21')).toBe(
      logicalInputKey(input, '2026-11-21'),
    );
  });

  it('refuses a carried key that could break out of an S3 key', () => {
    // Act / Assert
    expect(() =>
      runKeyOf('S', { executionId: 'e', input: { runKey: '../../etc' } }, '2026-11-21'),
    ).toThrow('S input.runKey must be 32 lowercase hex digits, got "../../etc"');
  });
});
