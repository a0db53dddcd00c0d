import { RunnerUsageError } from '../../src/errors.js';
import { datedExecutionId, dateRange, logicalDateOf } from '../../src/schedule/dated-runs.js';
import { scheduleTimes } from '../../src/schedule/schedule-expression.js';
import { localTimeOf } from '../../src/schedule/schedules.js';

const next = (expression: string, timeZone: string, after: string, count = 3) =>
  scheduleTimes({ expression, timeZone })
    .next(count, new Date(after))
    .map((instant) => localTimeOf(instant, timeZone));

describe('EventBridge Scheduler expressions, read in the schedule’s zone', () => {
  /*
   * EventBridge Scheduler's documented DST rule: a time the clocks skip (spring forward) does
   * not run that day; a time the clocks show twice (fall back) runs once, at the first.
   */
  it.each([
    // London springs forward 01:00 GMT -> 02:00 BST: 02:30 exists, 01:30 does not.
    [
      'cron(30 2 * * ? *)',
      'Europe/London',
      '2026-03-28T12:00:00Z',
      ['2026-03-29T02:30+01:00', '2026-03-30T02:30+01:00', '2026-03-31T02:30+01:00'],
    ],
    [
      'cron(30 1 * * ? *)',
      'Europe/London',
      '2026-03-28T12:00:00Z',
      ['2026-03-30T01:30+01:00', '2026-03-31T01:30+01:00', '2026-04-01T01:30+01:00'],
    ],
    // London falls back 02:00 BST -> 01:00 GMT: 02:30 occurs once; 01:30 twice, run at the first.
    [
      'cron(30 2 * * ? *)',
      'Europe/London',
      '2026-10-24T12:00:00Z',
      ['2026-10-25T02:30+00:00', '2026-10-26T02:30+00:00', '2026-10-27T02:30+00:00'],
    ],
    [
      'cron(30 1 * * ? *)',
      'Europe/London',
      '2026-10-24T12:00:00Z',
      ['2026-10-25T01:30+01:00', '2026-10-26T01:30+00:00', '2026-10-27T01:30+00:00'],
    ],
    // New York springs forward 02:00 EST -> 03:00 EDT: 02:30 does not exist on the 8th.
    [
      'cron(30 2 * * ? *)',
      'America/New_York',
      '2026-03-07T12:00:00Z',
      ['2026-03-09T02:30-04:00', '2026-03-10T02:30-04:00', '2026-03-11T02:30-04:00'],
    ],
    // New York falls back 02:00 EDT -> 01:00 EST: 02:30 once; 01:30 twice, run at the first.
    [
      'cron(30 2 * * ? *)',
      'America/New_York',
      '2026-10-31T12:00:00Z',
      ['2026-11-01T02:30-05:00', '2026-11-02T02:30-05:00', '2026-11-03T02:30-05:00'],
    ],
    [
      'cron(30 1 * * ? *)',
      'America/New_York',
      '2026-10-31T12:00:00Z',
      ['2026-11-01T01:30-04:00', '2026-11-02T01:30-05:00', '2026-11-03T01:30-05:00'],
    ],
  ])('%s in %s after %s runs at %j', (expression, zone, after, expected) => {
    // Arrange, Act
    const runs = next(expression, zone, after);

    // Assert
    expect(runs).toEqual(expected);
  });

  it('runs an every-30-minutes cron through a repeated hour once per wall time', () => {
    // Arrange
    const times = scheduleTimes({
      expression: 'cron(0/30 * * * ? *)',
      timeZone: 'America/New_York',
    });

    // Act
    const runs = times.next(6, new Date('2026-11-01T04:10:00Z'));

    // Assert: 00:30 EDT, 01:00 and 01:30 EDT (the first pass), then 02:00 EST onwards.
    expect(runs.map((r) => localTimeOf(r, 'America/New_York'))).toEqual([
      '2026-11-01T00:30-04:00',
      '2026-11-01T01:00-04:00',
      '2026-11-01T01:30-04:00',
      '2026-11-01T02:00-05:00',
      '2026-11-01T02:30-05:00',
      '2026-11-01T03:00-05:00',
    ]);
  });

  it.each([
    ['cron(0 10 ? * 6L *)', ['2026-01-30T10:00+00:00', '2026-02-27T10:00+00:00']], // last Friday
    ['cron(0 10 ? * 3#2 *)', ['2026-01-13T10:00+00:00', '2026-02-10T10:00+00:00']], // 2nd Tuesday
    ['cron(0 10 ? * L *)', ['2026-01-03T10:00+00:00', '2026-01-10T10:00+00:00']], // Saturdays
    ['cron(0 8 L * ? *)', ['2026-01-31T08:00+00:00', '2026-02-28T08:00+00:00']], // month end
    ['cron(0 9 15W * ? *)', ['2026-01-15T09:00+00:00', '2026-02-16T09:00+00:00']], // Feb 15 is a Sunday
    ['cron(0 18 ? * MON-FRI *)', ['2026-01-01T18:00+00:00', '2026-01-02T18:00+00:00']],
    ['cron(0 18 ? * 2 *)', ['2026-01-05T18:00+00:00', '2026-01-12T18:00+00:00']], // 2 = MON
    ['cron(0 12 1 JAN ? 2028-2029)', ['2028-01-01T12:00+00:00', '2029-01-01T12:00+00:00']],
    ['cron(0/15 * * * ? *)', ['2026-01-01T00:15+00:00', '2026-01-01T00:30+00:00']],
    ['rate(6 hours)', ['2026-01-01T06:00+00:00', '2026-01-01T12:00+00:00']],
  ])(
    '%s: ?, L, W, #, names, the year field and rate() as EventBridge reads them',
    (expression, expected) => {
      // Arrange, Act
      const runs = next(expression, 'UTC', '2026-01-01T00:00:00Z', 2);

      // Assert
      expect(runs).toEqual(expected);
    },
  );

  it('lists earlier runs latest first, skipping a time the clocks skipped', () => {
    // Arrange
    const times = scheduleTimes({ expression: 'cron(30 2 * * ? *)', timeZone: 'America/New_York' });

    // Act
    const runs = times.previous(3, new Date('2026-03-10T12:00:00Z'));

    // Assert
    expect(runs.map((r) => localTimeOf(r, 'America/New_York'))).toEqual([
      '2026-03-10T02:30-04:00',
      '2026-03-09T02:30-04:00',
      '2026-03-07T02:30-05:00',
    ]);
  });

  it.each([
    ['cron(0 2 * * *)', 'it has 5 fields'],
    ['cron(0 2 * * MON *)', 'exactly one of day-of-month and day-of-week must be "?"'],
    ['cron(0 25 * * ? *)', 'is not valid'],
    ['every day', 'must look like cron('],
  ])('refuses %s naming it', (expression, reason) => {
    // Arrange, Act
    const read = () => scheduleTimes({ expression, timeZone: 'UTC' });

    // Assert
    expect(read).toThrow(RunnerUsageError);
    expect(read).toThrow(`schedule expression ${JSON.stringify(expression)}`);
    expect(read).toThrow(reason);
  });

  it('refuses an unknown time zone naming it', () => {
    // Arrange, Act
    const read = () => scheduleTimes({ expression: 'rate(1 day)', timeZone: 'Mars/Olympus' });

    // Assert
    expect(read).toThrow('schedule time zone "Mars/Olympus" is not an IANA time zone');
  });
});

describe('logical dates and their execution ids', () => {
  it.each([
    ['2026-03-29T01:30:00Z', 'Europe/London', '2026-03-28'],
    ['2026-03-09T06:30:00Z', 'America/New_York', '2026-03-08'],
    ['2026-03-10T03:30:00Z', 'America/New_York', '2026-03-08'], // 23:30 on the 9th there
  ])('a run at %s in %s processes %s (the day before, in the zone)', (at, zone, date) => {
    // Arrange, Act
    const logicalDate = logicalDateOf(new Date(at), zone);

    // Assert
    expect(logicalDate).toBe(date);
  });

  it('names a date’s runs {workflow}-{date}, then -r2, -r3', () => {
    // Arrange, Act
    const ids = [1, 2, 3].map((run) => datedExecutionId('batch', '2026-03-01', run));

    // Assert
    expect(ids).toEqual(['batch-2026-03-01', 'batch-2026-03-01-r2', 'batch-2026-03-01-r3']);
  });

  it('lists a range with both ends, across a month and a leap day', () => {
    // Arrange, Act
    const dates = dateRange('2028-02-28', '2028-03-01');

    // Assert
    expect(dates).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
  });
});
