import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRecordFile, spawnCli } from '../helpers/cli-process.js';
import { startTestS3 } from '../helpers/embedded-s3.js';
import { holdPython } from '../helpers/held-python.js';
import { onlyJson, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { mountSmallTmpfs, type SmallTmpfs } from '../helpers/small-tmpfs.js';
import { tempDir } from '../helpers/temp-dir.js';

const DISK_BYTES = 4 * 1024 * 1024;
/** The standard AWS chain's variables, as a user of a local S3 server sets them. */
const S3RVER_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

/** Every file under the index and inputs folders, hidden ones (temp files, spares) included. */
function indexFiles(home: string): string[] {
  return ['executions', 'inputs'].flatMap((folder) => {
    try {
      return readdirSync(join(home, folder)).map((name) => `${folder}/${name}`);
    } catch {
      return [];
    }
  });
}

/**
 * CEAP_HOME on a 4 MiB tmpfs that the test fills: a real ENOSPC from the kernel, for the
 * index, the inputs, the logs and the embedded S3 server's objects alike.
 */
describe('a full disk under CEAP_HOME', () => {
  let disk: SmallTmpfs;
  let work: ReturnType<typeof tempDir>;
  let smallInput: string;
  let largeInput: string;
  let batchInput: string;

  beforeAll(() => {
    disk = mountSmallTmpfs(DISK_BYTES);
    work = tempDir('ceap-fault-disk-');
    const sample = JSON.parse(
      readFileSync(join(REPO_ROOT, 'examples/realtime-input.json'), 'utf8'),
    ) as { records: unknown[] };
    smallInput = join(work.path, 'small.json');
    writeFileSync(smallInput, JSON.stringify({ records: sample.records.slice(0, 20) }));
    // Large by a field of its own: a large `records` would go to S3 as a claim, and the input
    // copy would be only its pointer.
    largeInput = join(work.path, 'large.json');
    const note = 'n'.repeat(200_000);
    writeFileSync(largeInput, JSON.stringify({ records: sample.records.slice(0, 20), note }));
    batchInput = join(work.path, 'batch.json');
    const batch = { logicalDate: '2026-03-10', records: sample.records.slice(0, 40) };
    writeFileSync(batchInput, JSON.stringify(batch));
  });

  afterEach(() => disk.clear());

  afterAll(() => {
    disk.unmount();
    work.remove();
  });

  it.each([
    ['no space at all', 0, () => smallInput, 'executions'],
    ['room for the record but not for the input', 128 * 1024, () => largeInput, 'inputs'],
  ])(
    'refuses to start with %s: exit 2 naming CEAP_HOME and ENOSPC, nothing left, the id still free',
    async (_case, leaveBytes, input, folder) => {
      // Arrange
      const home = join(disk.path, 'home');
      mkdirSync(home);
      disk.fill('filler', leaveBytes);
      const args = [
        'start',
        '--workflow',
        'realtime',
        '--input',
        input(),
        '--execution-id',
        'full',
      ];

      // Act
      const refused = await runCli(args, { home });
      const left = indexFiles(home);
      rmSync(join(disk.path, 'filler'));
      const retried = await runCli(args, { home });

      // Assert
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`the ceap home ${home} (CEAP_HOME) is full`);
      expect(refused.stderr).toContain(`could not write ${join(home, folder)}/`);
      expect(refused.stderr).toContain('ENOSPC: no space left on device');
      expect(left).toEqual([]);
      expect(retried.code).toBe(0);
    },
    60_000,
  );

  /**
   * The data is on an S3 endpoint of its own (`--s3-endpoint`, as with MinIO), so what fills is
   * the runner's state: the index, the inputs and the logs, and the outcome is exactly one.
   */
  it('ends a run whose disk fills up FAILED, naming the disk, in the index too', async () => {
    // Arrange: a batch run held in its Glue step, then the disk filled to the last page.
    const home = join(disk.path, 'home');
    const python = holdPython(join(work.path, 'held-full'), 'first');
    const s3 = await startTestS3();
    const id = 'fills-up';
    const args = ['start', '--workflow', 'batch', '--input', batchInput, '--execution-id', id];
    const env = { ...python.env, ...S3RVER_CREDENTIALS };
    const cli = spawnCli([...args, '--s3-endpoint', s3.endpoint], { home, env });
    try {
      const held = await python.nextHeld();
      disk.fill('filler');

      // Act: the job goes on, on a disk with no space left.
      process.kill(held, 'SIGCONT');
      const result = await cli.result;
      const status = await runCli(['status', id, '--json'], { home });

      // Assert
      const cause = expect.stringContaining(`the ceap home ${home} (CEAP_HOME) is full`);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('Error: CeapHomeError');
      expect(result.stdout).toContain('ENOSPC: no space left on device');
      expect(readRecordFile(home, id)).toMatchObject({
        status: 'FAILED',
        error: 'CeapHomeError',
        cause,
      });
      expect(readRecordFile(home, id)?.cause).toContain('ENOSPC');
      expect(onlyJson(status)).toMatchObject({ status: 'FAILED', error: 'CeapHomeError', cause });
      expect(onlyJson(status).output).toBeUndefined();
      expect(indexFiles(home).sort()).toEqual([`executions/${id}.json`, `inputs/${id}.json`]);
    } finally {
      python.killAll();
      await cli.result;
      await s3.stop();
    }
  }, 90_000);
});
