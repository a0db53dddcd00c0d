import { isPersonalField, MASKED, maskRecord } from '../../src/ui/record-mask.js';

describe('maskRecord', () => {
  it.each([
    ['email', true],
    ['contactEmail', true],
    ['e-mail', true],
    ['phone', true],
    ['phone_number', true],
    ['mobile', true],
    ['tel', true],
    ['name', true],
    ['firstName', true],
    ['last_name', true],
    ['surname', true],
    ['customerId', false],
    ['stageName', false],
    ['hotel', false],
    ['score', false],
  ])('treats %s as personal: %s', (field, personal) => {
    // Act / Assert
    expect(isPersonalField(field)).toBe(personal);
  });

  it('masks personal values at any depth, keeping nulls, nested objects and other fields', () => {
    // Arrange
    const reject = {
      reason: 'invalid-email',
      field: 'email',
      record: {
        customerId: 'C1',
        email: 'ada@example.com',
        name: null,
        contact: { phone: '+44 1' },
      },
      lines: [{ fullName: 'Ada Lovelace' }],
    };

    // Act
    const masked = maskRecord(reject);

    // Assert
    expect(masked).toEqual({
      reason: 'invalid-email',
      field: 'email',
      record: { customerId: 'C1', email: MASKED, name: null, contact: { phone: MASKED } },
      lines: [{ fullName: MASKED }],
    });
    expect(reject.record.email).toBe('ada@example.com');
  });
});
