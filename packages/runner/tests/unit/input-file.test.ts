import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readInputFile } from '../../src/cli/input-file.js';
import { InputFileError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('--input', () => {
  let dir: ReturnType<typeof tempDir>;

  beforeEach(() => {
    dir = tempDir();
  });

  afterEach(() => dir.remove());

  it('reads a JSON object relative to the directory pnpm was run from (INIT_CWD)', async () => {
    // Arrange
    writeFileSync(join(dir.path, 'in.json'), '{"logicalDate":"2026-01-01"}');

    // Act
    const input = await readInputFile('in.json', process.stdin, { INIT_CWD: dir.path });

    // Assert
    expect(input).toEqual({ logicalDate: '2026-01-01' });
  });

  it('reads stdin for -', async () => {
    // Arrange
    const stdin = Readable.from([Buffer.from('{"records":'), Buffer.from('[]}')]);

    // Act
    const input = await readInputFile('-', stdin, {});

    // Assert
    expect(input).toEqual({ records: [] });
  });

  it.each([
    ['missing.json', undefined, 'does not exist'],
    ['bad.json', '{not json', 'is not JSON'],
    ['array.json', '[1,2]', 'must hold a JSON object (the execution input), got an array'],
    ['null.json', 'null', 'must hold a JSON object (the execution input), got null'],
  ])('refuses %s, naming the file', async (name, content, reason) => {
    // Arrange
    if (content !== undefined) writeFileSync(join(dir.path, name), content);

    // Act
    const read = readInputFile(name, process.stdin, { INIT_CWD: dir.path });

    // Assert
    await expect(read).rejects.toBeInstanceOf(InputFileError);
    await expect(read).rejects.toThrow(`input file ${join(dir.path, name)} ${reason}`);
  });
});
