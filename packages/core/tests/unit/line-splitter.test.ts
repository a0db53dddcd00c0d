import { splitLines } from '../../src/records/line-splitter.js';

async function* chunksOf(...parts: (string | Buffer)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
}

async function linesOf(chunks: AsyncIterable<Uint8Array>, max = 1024) {
  const lines: { text: string; number: number; truncated: boolean }[] = [];
  for await (const line of splitLines(chunks, max)) {
    lines.push({
      text: line.bytes.toString('utf8'),
      number: line.number,
      truncated: line.truncated,
    });
  }
  return lines;
}

describe('splitLines', () => {
  it('joins a line split across network chunks', async () => {
    // Arrange
    const chunks = chunksOf('{"a":', '1}\n{"b"', ':2}\n');
    // Act
    const lines = await linesOf(chunks);
    // Assert
    expect(lines.map((l) => l.text)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('reassembles a UTF-8 character split mid-sequence', async () => {
    // Arrange
    const bytes = Buffer.from('{"name":"Zoë 🚀"}\n', 'utf8');
    const cut = bytes.indexOf(Buffer.from('🚀', 'utf8')) + 2;
    // Act
    const lines = await linesOf(chunksOf(bytes.subarray(0, cut), bytes.subarray(cut)));
    // Assert
    expect(lines.map((l) => l.text)).toEqual(['{"name":"Zoë 🚀"}']);
  });

  it('drops CR of a CRLF line end', async () => {
    // Arrange / Act
    const lines = await linesOf(chunksOf('a\r\nb\r', '\n'));
    // Assert
    expect(lines.map((l) => l.text)).toEqual(['a', 'b']);
  });

  it.each([
    ['a missing final newline', 'a\nb', ['a', 'b']],
    ['a final newline', 'a\nb\n', ['a', 'b']],
    ['a blank last line', 'a\nb\n\n', ['a', 'b', '']],
    ['an empty stream', '', []],
  ])('handles %s', async (_label, text, expected) => {
    // Arrange / Act
    const lines = await linesOf(chunksOf(text));
    // Assert
    expect(lines.map((l) => l.text)).toEqual(expected);
  });

  it('numbers lines from 1', async () => {
    // Arrange / Act
    const lines = await linesOf(chunksOf('a\n\nc\n'));
    // Assert
    expect(lines.map((l) => l.number)).toEqual([1, 2, 3]);
  });

  it('cuts a line longer than the limit instead of buffering it, and carries on', async () => {
    // Arrange
    const long = 'x'.repeat(50);
    // Act
    const lines = await linesOf(chunksOf(long.slice(0, 20), long.slice(20), '\nok\n'), 16);
    // Assert
    expect(lines).toEqual([
      { text: 'x'.repeat(16), number: 1, truncated: true },
      { text: 'ok', number: 2, truncated: false },
    ]);
  });
});
