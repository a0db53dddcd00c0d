import { LineRejectReason, parseJsonLine } from '../../src/records/line-parser.js';

const line = (text: string | Buffer, number = 1, truncated = false) => ({
  bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
  number,
  truncated,
});

describe('parseJsonLine', () => {
  it('parses a JSON object', () => {
    // Arrange / Act
    const parsed = parseJsonLine(line('{"id":"c1","n":2}'), 'in.json');
    // Assert
    expect(parsed).toEqual({ kind: 'record', record: { id: 'c1', n: 2 } });
  });

  it('strips a BOM from the first line only', () => {
    // Arrange / Act
    const first = parseJsonLine(line('\uFEFF{"a":1}', 1), 'in.json');
    const later = parseJsonLine(line('\uFEFF{"a":1}', 2), 'in.json');
    // Assert
    expect(first.kind).toBe('record');
    expect(later).toMatchObject({
      kind: 'reject',
      reject: { reason: LineRejectReason.InvalidJson },
    });
  });

  it.each([
    ['invalid JSON', '{"a":', LineRejectReason.InvalidJson],
    ['an array', '[1,2]', LineRejectReason.NotAnObject],
    ['a string', '"text"', LineRejectReason.NotAnObject],
    ['a number', '42', LineRejectReason.NotAnObject],
    ['null', 'null', LineRejectReason.NotAnObject],
    ['a trailing comma', '{"a":1,}', LineRejectReason.InvalidJson],
    ['NaN', '{"a":NaN}', LineRejectReason.InvalidJson],
  ])('rejects %s with its line number, source and raw text', (_label, text, reason) => {
    // Arrange / Act
    const parsed = parseJsonLine(line(text, 7), 'part-0.json');
    // Assert
    expect(parsed).toMatchObject({
      kind: 'reject',
      reject: { reason, line: 7, source: 'part-0.json', raw: text, rawEncoding: 'utf8' },
    });
  });

  it('rejects bytes that are not UTF-8 and keeps them as base64', () => {
    // Arrange
    const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0xfe, 0x7d]);
    // Act
    const parsed = parseJsonLine(line(bytes, 3), 'in.json');
    // Assert
    expect(parsed).toMatchObject({
      kind: 'reject',
      reject: {
        reason: LineRejectReason.InvalidUtf8,
        rawEncoding: 'base64',
        raw: bytes.toString('base64'),
      },
    });
  });

  it('rejects a truncated line as too long', () => {
    // Arrange / Act
    const parsed = parseJsonLine(line('{"a":"xxxx', 1, true), 'in.json');
    // Assert
    expect(parsed).toMatchObject({ kind: 'reject', reject: { reason: LineRejectReason.TooLong } });
  });

  it.each([[''], ['   '], ['\t']])('treats the blank line %j as no record', (text) => {
    // Arrange / Act / Assert
    expect(parseJsonLine(line(text), 'in.json')).toEqual({ kind: 'blank' });
  });

  it('keeps a __proto__ key as data without polluting prototypes', () => {
    // Arrange / Act
    const parsed = parseJsonLine(line('{"__proto__":{"polluted":true},"a":1}'), 'in.json');
    // Assert
    expect(parsed.kind).toBe('record');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
