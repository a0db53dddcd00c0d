import { FatalStageError, isLogicalDate, resolveLogicalDate } from '../../src/index.js';

const START = '2026-11-22T03:04:05.000Z';

describe('resolveLogicalDate', () => {
  it.each<[string, unknown, string]>([
    ['logicalDate from the input', { logicalDate: '2026-10-01' }, '2026-10-01'],
    [
      'logicalDate carried by the previous stage',
      { bucket: 'b', key: 'k', logicalDate: '2026-01-31' },
      '2026-01-31',
    ],
    ['the execution start date when none is given', { records: [] }, '2026-11-22'],
    [
      'the dt= part of the key whose creation started the run',
      { objectKey: 'landing/orders/dt=2026-03-10/part-0.json', bucket: 'b' },
      '2026-03-10',
    ],
    ['the execution start date for no input', undefined, '2026-11-22'],
    [
      'the day before a UTC schedule',
      { scheduledTime: '2026-11-22T02:00:00Z', scheduleTimeZone: 'UTC' },
      '2026-11-21',
    ],
    [
      'the day before, in the schedule zone east of UTC',
      { scheduledTime: '2026-11-21T17:00:00Z', scheduleTimeZone: 'Asia/Tokyo' },
      '2026-11-21',
    ],
    [
      'the day before, in the schedule zone west of UTC',
      { scheduledTime: '2026-11-22T10:00:00Z', scheduleTimeZone: 'America/Los_Angeles' },
      '2026-11-21',
    ],
    ['the day before across a month end', { scheduledTime: '2026-03-01T02:00:00Z' }, '2026-02-28'],
    [
      'logicalDate from a pipe batch of one message',
      [{ records: [], logicalDate: '2026-05-05' }],
      '2026-05-05',
    ],
    [
      'the start date for a pipe batch with no date',
      [{ records: [] }, { records: [] }],
      '2026-11-22',
    ],
  ])('takes %s', (_label, input, expected) => {
    // Arrange / Act
    const date = resolveLogicalDate(input, START);
    // Assert
    expect(date).toBe(expected);
  });

  it.each<[string, unknown, string]>([
    [
      'a logicalDate that is not a date',
      { logicalDate: '2026-02-30' },
      'logicalDate "2026-02-30" must be a calendar date',
    ],
    [
      'a logicalDate that is a timestamp',
      { logicalDate: '2026-02-03T00:00:00Z' },
      'written YYYY-MM-DD',
    ],
    [
      'a scheduledTime that is not a time',
      { scheduledTime: 'tonight' },
      'scheduledTime "tonight" must be an ISO-8601 timestamp',
    ],
    [
      'an unknown time zone',
      { scheduledTime: '2026-11-22T02:00:00Z', scheduleTimeZone: 'Mars/Olympus' },
      'scheduleTimeZone "Mars/Olympus"',
    ],
    [
      'an objectKey without a dt= part',
      { objectKey: 'landing/orders/part-0.json' },
      'objectKey "landing/orders/part-0.json" has no dt=YYYY-MM-DD part',
    ],
    [
      'messages with different dates',
      [{ logicalDate: '2026-01-01' }, { logicalDate: '2026-01-02' }],
      'different logicalDate values',
    ],
  ])('refuses %s, naming the field', (_label, input, message) => {
    // Arrange / Act
    const attempt = () => resolveLogicalDate(input, START);
    // Assert
    expect(attempt).toThrow(FatalStageError);
    expect(attempt).toThrow(message);
  });

  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-13-01', false],
    ['26-01-01', false],
    [20260101, false],
  ])('isLogicalDate(%j) is %s', (value, expected) => {
    // Arrange / Act / Assert
    expect(isLogicalDate(value)).toBe(expected);
  });
});
