import { MAX_TAGGED_LINE_BYTES, readTaggedLines, type Tagged } from '../../src/tagged-output.js';

/** The bytes cut into chunks of `size`, as a pipe may deliver them. */
async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function readAll(chunks: AsyncIterable<Buffer>): Promise<Tagged[]> {
  const lines: Tagged[] = [];
  for await (const batch of readTaggedLines(chunks)) lines.push(...batch);
  return lines;
}

/** What local_runner.py writes for `records` records and `rejects` rejects, then its summary. */
function runnerOutput(records: number, rejects: number): string {
  const lines: string[] = [];
  for (let i = 0; i < rejects; i++)
    lines.push(`x${JSON.stringify({ reason: 'invalid-json', raw: `{bad ${i} ✓`, message: 'm' })}`);
  for (let i = 0; i < records; i++)
    lines.push(
      `r${JSON.stringify({ customerId: `C${i}`, name: 'Zoë 😀', note: 'x'.repeat(i % 300) })}`,
    );
  const summary = { received: records + rejects, records, rejected: rejects, filtered: {} };
  lines.push(`s${JSON.stringify({ ...summary, metrics: {} })}`);
  return `${lines.join('\n')}\n`;
}

describe('the tagged lines local_runner.py writes', () => {
  it.each([1, 7, 4096, 65536])(
    'reads every record and reject intact whatever the chunk size (%i bytes)',
    async (size) => {
      // Arrange: chunk ends fall inside lines and inside multi-byte characters.
      const bytes = Buffer.from(runnerOutput(2_000, 300), 'utf8');

      // Act
      const lines = await readAll(chunksOf(bytes, size));

      // Assert: records in = records out + rejects, and each came through unchanged.
      const records = lines.filter((line) => line.tag === 'r');
      const rejects = lines.filter((line) => line.tag === 'x');
      const summary = lines.at(-1);
      expect(records).toHaveLength(2_000);
      expect(rejects).toHaveLength(300);
      expect(summary).toEqual({
        tag: 's',
        value: { received: 2_300, records: 2_000, rejected: 300, filtered: {}, metrics: {} },
      });
      expect(records[1_999]?.value).toEqual({
        customerId: 'C1999',
        name: 'Zoë 😀',
        note: 'x'.repeat(1_999 % 300),
      });
      expect(rejects[299]?.value).toMatchObject({ raw: '{bad 299 ✓' });
    },
  );

  it('skips blank lines and reads a last line that has no line end', async () => {
    // Arrange
    const bytes = Buffer.from('\nr{"a":1}\n\n\ns{"received":1}', 'utf8');

    // Act
    const lines = await readAll(chunksOf(bytes, 3));

    // Assert
    expect(lines).toEqual([
      { tag: 'r', value: { a: 1 } },
      { tag: 's', value: { received: 1 } },
    ]);
  });

  it.each([
    ['an unknown tag', 'q{"a":1}', 'line 2 on stdout: expected r, x or s and JSON, got q{"a":1}'],
    ['JSON that does not parse', 'r{"a":', 'line 2 on stdout: '],
    ['JSON that is not an object', 'r42', 'line 2 on stdout: expected r{...}, got r42'],
    ['a stray print', 'hello', 'line 2 on stdout: expected r, x or s and JSON, got hello'],
  ])('fails on %s, naming the line', async (_label, line, message) => {
    // Arrange
    const bytes = Buffer.from(`r{"ok":true}\n${line}\n`, 'utf8');

    // Act / Assert
    await expect(readAll(chunksOf(bytes, 5))).rejects.toThrow(message);
  });

  it('fails on a line longer than the limit rather than buffer it', async () => {
    // Arrange: the same 1 MiB without a line end, again and again.
    const mebibyte = Buffer.alloc(1024 * 1024, 0x61);
    async function* endless(): AsyncGenerator<Buffer> {
      yield Buffer.from('r{"ok":true}\nr"', 'utf8');
      for (let i = 0; i <= MAX_TAGGED_LINE_BYTES / mebibyte.length; i++) yield mebibyte;
    }

    // Act / Assert
    await expect(readAll(endless())).rejects.toThrow(
      `line 2 on stdout: longer than ${MAX_TAGGED_LINE_BYTES} bytes`,
    );
  });
});
