import { DEFAULT_MAX_RECORD_BYTES, normalizeCandidate } from '../../src/index.js';

const BASE = { customer_id: 'c-1' };

function normalize(raw: Record<string, unknown>) {
  return normalizeCandidate({ ...BASE, ...raw }, DEFAULT_MAX_RECORD_BYTES);
}

describe('normalizeCandidate', () => {
  it.each([
    ['2026-03-11', '2026-03-11T00:00:00.000Z'],
    ['2026-03-11T14:30:05Z', '2026-03-11T14:30:05.000Z'],
    ['2026-03-11T14:30:05.123456Z', '2026-03-11T14:30:05.123Z'],
    ['2026-03-11 14:30', '2026-03-11T14:30:00.000Z'],
    ['2026-03-11T14:30:00+02:00', '2026-03-11T12:30:00.000Z'],
    ['2026-03-11T14:30:00-0530', '2026-03-11T20:00:00.000Z'],
    ['03/11/2026', '2026-03-11T00:00:00.000Z'],
    ['3/1/2026 9:05:07', '2026-03-01T09:05:07.000Z'],
    ['1773187200000', '2026-03-11T00:00:00.000Z'],
    ['1773187200', '2026-03-11T00:00:00.000Z'],
    [1773187200000, '2026-03-11T00:00:00.000Z'],
  ])('reads the date %j as %s (UTC)', (value, expected) => {
    // Arrange
    const raw = { updated_at: value };

    // Act
    const result = normalize(raw);

    // Assert
    expect(result).toMatchObject({ ok: true, record: { updatedAt: expected } });
  });

  it.each([
    ['2026-02-30'],
    ['13/01/2026'],
    ['2026-03-11T25:00'],
    ['yesterday'],
    ['1800-01-01'],
    ['99999999999999'],
    [''],
  ])('does not take %j for a date', (value) => {
    // Arrange
    const raw = { updated_at: '2026-03-11', last_activity: value };

    // Act
    const result = normalize(raw);

    // Assert
    if (value === '') expect(result).toMatchObject({ ok: true, record: { lastActivityAt: null } });
    else
      expect(result).toMatchObject({
        ok: false,
        failure: { reason: 'invalid-date', field: 'lastActivityAt' },
      });
  });

  it.each([
    ['yes', true],
    ['Y', true],
    ['TRUE', true],
    ['1', true],
    [1, true],
    ['no', false],
    ['n', false],
    [0, false],
    [false, false],
    ['', null],
  ])('reads the opt-in flag %j as %j', (value, expected) => {
    // Arrange
    const raw = { updated_at: '2026-03-11', opt_in: value };

    // Act
    const result = normalize(raw);

    // Assert
    expect(result).toMatchObject({ ok: true, record: { optIn: expected } });
  });

  it.each([
    ['0x1A', 'orderCount', 'orders'],
    ['1,234', 'totalSpend', 'total_spend'],
    ['-1', 'sessions30d', 'sessions_30d'],
  ])('does not take %j for a number', (value, field, key) => {
    // Arrange
    const raw = { updated_at: '2026-03-11', [key]: value };

    // Act
    const result = normalize(raw);

    // Assert
    expect(result).toMatchObject({ ok: false, failure: { reason: 'invalid-number', field } });
  });

  it('prefers the canonical spelling and then the first alias that is not blank', () => {
    // Arrange
    const raw = {
      updated_at: '2026-03-11',
      email: '',
      email_address: 'second@example.com',
      mail: 'third@example.com',
      'Customer ID': 'ignored',
    };

    // Act
    const result = normalize(raw);

    // Assert
    expect(result).toMatchObject({
      ok: true,
      record: { email: 'second@example.com', customerId: 'c-1' },
    });
  });
});
