import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onlyJson, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('pnpm runner: two processes at once', () => {
  let home: ReturnType<typeof tempDir>;
  let input: string;

  beforeAll(() => {
    home = tempDir('ceap-e2e-conc-');
    input = join(home.path, 'small.json');
    const sample = JSON.parse(
      readFileSync(join(REPO_ROOT, 'examples/realtime-input.json'), 'utf8'),
    ) as { records: unknown[] };
    writeFileSync(input, JSON.stringify({ records: sample.records.slice(0, 50) }));
  });

  afterAll(() => home.remove());

  it('keeps the index intact and lets only one of two starts with the same id run', async () => {
    // Arrange
    const start = (id: string) =>
      runCli(
        ['start', '--workflow', 'realtime', '--input', input, '--execution-id', id, '--json'],
        { home: home.path },
      );

    // Act
    const results = await Promise.all([
      start('conc-a'),
      start('conc-b'),
      start('conc-same'),
      start('conc-same'),
    ]);

    // Assert
    const [a, b, same1, same2] = results;
    expect([a?.code, b?.code]).toEqual([0, 0]);
    expect([same1?.code, same2?.code].sort()).toEqual([0, 2]);
    expect([same1, same2].find((r) => r?.code === 2)?.stdout).toContain('already exists');
    const files = readdirSync(join(home.path, 'executions')).sort();
    expect(files).toEqual(['conc-a.json', 'conc-b.json', 'conc-same.json']);
    for (const file of files) {
      const record = JSON.parse(readFileSync(join(home.path, 'executions', file), 'utf8')) as {
        status: string;
      };
      expect(record.status).toBe('SUCCEEDED');
    }
    const list = onlyJson(await runCli(['list', '--json'], { home: home.path }));
    expect((list.executions as { executionId: string }[]).map((e) => e.executionId).sort()).toEqual(
      ['conc-a', 'conc-b', 'conc-same'],
    );
  });
});
