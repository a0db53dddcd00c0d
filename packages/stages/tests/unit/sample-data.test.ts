import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');
const GENERATOR = join(EXAMPLES, 'generate-samples.mjs');
/** SQS's largest message body: the realtime sample is one message. */
const SQS_MAX_MESSAGE_BYTES = 256 * 1024;

function generate(args: string[]): string {
  const out = mkdtempSync(join(tmpdir(), 'ceap-samples-'));
  execFileSync(process.execPath, [GENERATOR, '--out', out, ...args], { stdio: 'pipe' });
  return out;
}

/** Every file under a folder, by relative path, with its bytes. */
function snapshot(dir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files[name] = readFileSync(path);
  }
  return files;
}

describe('examples/generate-samples.mjs', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('writes the same bytes for the same arguments', () => {
    // Arrange
    const args = ['--realtime', '60', '--batch', '400'];

    // Act
    const first = generate(args);
    const second = generate(args);
    made.push(first, second);

    // Assert
    const files = snapshot(first);
    expect(Object.keys(files).sort()).toEqual(
      [
        'batch',
        'batch/candidates-part-01.csv',
        'batch/candidates-part-02.csv',
        'batch/candidates-part-03.csv',
        'batch/candidates-part-04.csv',
        'realtime-input.json',
      ].filter((name) => name !== 'batch'),
    );
    expect(snapshot(second)).toEqual(files);
    expect(JSON.parse(String(files['realtime-input.json'])).records).toHaveLength(60);
  });

  it('matches the committed samples, so they can be regenerated rather than hand-edited', () => {
    // Arrange
    const committed = snapshot(EXAMPLES);

    // Act
    const out = generate([]);
    made.push(out);

    // Assert
    const generated = snapshot(out);
    for (const [name, bytes] of Object.entries(generated))
      expect({ name, same: committed[name]?.equals(bytes) }).toEqual({ name, same: true });
  });

  it('ships ~1,000 realtime records in one SQS message and ~100,000 batch rows in under 20 MB', () => {
    // Arrange
    const realtime = readFileSync(join(EXAMPLES, 'realtime-input.json'));
    const batchDir = join(EXAMPLES, 'batch');

    // Act
    const records = (JSON.parse(realtime.toString('utf8')) as { records: unknown[] }).records;
    const csvFiles = readdirSync(batchDir).filter((name) => name.endsWith('.csv'));
    const batchBytes = csvFiles.reduce((sum, name) => sum + statSync(join(batchDir, name)).size, 0);

    // Assert
    expect(records.length).toBeGreaterThanOrEqual(1000);
    expect(realtime.length).toBeLessThanOrEqual(SQS_MAX_MESSAGE_BYTES);
    expect(csvFiles).toHaveLength(4);
    expect(batchBytes + realtime.length).toBeLessThan(20 * 1024 * 1024);
    expect(readFileSync(join(batchDir, csvFiles[0] as string)).subarray(0, 3)).toEqual(
      Buffer.from([0xef, 0xbb, 0xbf]),
    );
  });

  it.each([
    [['--realtime', '-1'], /--realtime must be a whole number/],
    [['--rows', '5'], /unknown option --rows/],
  ])('exits with code 2 on bad arguments %j', (args, message) => {
    // Arrange
    const run = () => execFileSync(process.execPath, [GENERATOR, ...args], { stdio: 'pipe' });

    // Act
    let failure: { status?: number; stderr?: Buffer } = {};
    try {
      run();
    } catch (error) {
      failure = error as typeof failure;
    }

    // Assert
    expect(failure.status).toBe(2);
    expect(String(failure.stderr)).toMatch(message);
  });
});
