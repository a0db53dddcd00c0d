import { KeptRecords } from '../../src/stage/kept-records.js';

describe('KeptRecords', () => {
  const records = (count: number) => Array.from({ length: count }, (_, n) => ({ n }));

  it.each([
    ['none dropped', 10, () => false],
    ['every third dropped', 5_000, (n: number) => n % 3 === 0],
    ['all dropped', 3_000, () => true],
    ['only the last dropped', 20_000, (n: number) => n === 19_999],
  ])('tells kept from dropped by place: %s', (_, count, dropped) => {
    // Arrange
    const kept = new KeptRecords('TestStage');
    const input = records(count);
    // Act: receive each, yield the kept ones in arrays of 7, as a transform's output arrives.
    let batch: { n: number }[] = [];
    for (const record of input) {
      kept.received(record);
      if (!dropped(record.n)) batch.push(record);
      if (batch.length === 7) {
        kept.yielded(batch);
        batch = [];
      }
    }
    kept.yielded(batch);
    kept.end();
    // Assert
    const expected = input.filter((record) => !dropped(record.n));
    expect(kept.kept).toBe(expected.length);
    expect(kept.droppedAny).toBe(expected.length < count);
    expect(input.filter((record) => kept.isKept(record.n))).toEqual(expected);
  });

  it.each([
    ['a copy of a record', (input: { n: number }[]) => [{ ...input[0] }]],
    ['records out of order', (input: { n: number }[]) => [input[1], input[0]]],
  ])('refuses %s', (_, yielded) => {
    // Arrange
    const kept = new KeptRecords('TestStage');
    const input = records(2);
    for (const record of input) kept.received(record);
    // Act
    const take = () => kept.yielded(yielded(input) as { n: number }[]);
    // Assert
    expect(take).toThrow(
      'TestStage is a pass-through stage but yielded a record it did not receive',
    );
  });
});
