import { detectDelimiter, readCsvRecords } from '../../src/csv-source.js';

async function read(chunks: Buffer[]) {
  const rejects: { reason: string; line: number }[] = [];
  const records: Record<string, unknown>[] = [];
  async function* bytes() {
    yield* chunks;
  }
  for await (const record of readCsvRecords(bytes(), 's3://b/k.csv', (reason, detail) =>
    rejects.push({ reason, line: detail.line }),
  )) {
    records.push(record);
  }
  return { records, rejects };
}

/** Cuts a buffer into pieces of `size` bytes, splitting quotes, newlines and UTF-8 characters. */
function pieces(text: string, size: number): Buffer[] {
  const all = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.subarray(i, i + size));
  return out;
}

describe('readCsvRecords', () => {
  const csv = '\uFEFFid,name\n1,"Zoë, \u201cthe\u201d ""one"""\n2,"Łukasz\nSmith"\n\n3,李\n';

  it.each([[1], [2], [3], [7], [1024]])(
    'gives the same rows whatever the chunk size (%i bytes)',
    async (size) => {
      // Arrange
      const chunks = pieces(csv, size);

      // Act
      const { records, rejects } = await read(chunks);

      // Assert
      expect(records).toEqual([
        { id: '1', name: 'Zoë, \u201cthe\u201d "one"' },
        { id: '2', name: 'Łukasz\nSmith' },
        { id: '3', name: '李' },
      ]);
      expect(rejects).toEqual([]);
    },
  );

  it('keeps a stray quote inside an unquoted field as data', async () => {
    // Arrange
    const chunks = [Buffer.from('id,name\n1,O"Brien\n2,"ok"\n')];

    // Act
    const { records } = await read(chunks);

    // Assert
    expect(records).toEqual([
      { id: '1', name: 'O"Brien' },
      { id: '2', name: 'ok' },
    ]);
  });

  it('yields nothing and rejects nothing for an empty object or a header alone', async () => {
    // Arrange
    const inputs = [[], [Buffer.from('id,name\n')]];

    // Act
    const results = await Promise.all(inputs.map(read));

    // Assert
    expect(results).toEqual([
      { records: [], rejects: [] },
      { records: [], rejects: [] },
    ]);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\n1;2;3\n', ';'],
    ['a\tb\tc\n1\t2\t3\n', '\t'],
    ['"a;x;y",b,c\n', ','],
    ['"a,b,c";d;e\n', ';'],
    ['single\n', ','],
    ['a;b,c\n', ','],
    ['a\tb;c;d', ';'],
  ])('finds the delimiter of %j', (head, expected) => {
    // Arrange
    const bytes = Buffer.from(head, 'utf8');

    // Act
    const delimiter = detectDelimiter(bytes);

    // Assert
    expect(delimiter).toBe(expected);
  });

  it('reads a ;-separated object split into 3-byte chunks, the header across chunks', async () => {
    // Arrange
    const text = 'customer_id;email\nc-1;"a;b@example.com"\nc-2;c@example.com\n';

    // Act
    const { records, rejects } = await read(pieces(text, 3));

    // Assert
    expect(records).toEqual([
      { customer_id: 'c-1', email: 'a;b@example.com' },
      { customer_id: 'c-2', email: 'c@example.com' },
    ]);
    expect(rejects).toEqual([]);
  });
});
