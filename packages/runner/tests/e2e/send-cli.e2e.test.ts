import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onlyJson, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** `{workflow}-{16 hex}` of the bodies, as the brief of `send` defines it. */
function nameOf(workflow: string, bodies: string[]): string {
  return `${workflow}-${createHash('sha256').update(JSON.stringify(bodies)).digest('hex').slice(0, 16)}`;
}

describe('pnpm runner send (SQS and the pipe, locally)', () => {
  let home: ReturnType<typeof tempDir>;
  const bodies: Record<string, string> = {};

  function write(name: string, body: string): string {
    writeFileSync(join(home.path, name), body);
    bodies[name] = body;
    return name;
  }

  const send = (files: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(
      ['send', '--workflow', 'realtime', ...files.flatMap((f) => ['--message', f]), '--json'],
      {
        home: home.path,
        cwd: home.path,
        env,
      },
    );

  beforeAll(() => {
    home = tempDir('ceap-e2e-send-');
    const sample = JSON.parse(
      readFileSync(join(REPO_ROOT, 'examples/realtime-input.json'), 'utf8'),
    ) as { records: unknown[] };
    write('first.json', JSON.stringify({ records: sample.records.slice(0, 12) }));
    write('second.json', JSON.stringify({ records: sample.records.slice(12, 20) }));
    write('not-json.txt', 'hello, this is not JSON');
    write('wrong-shape.json', '{ "Records": [] }');
    write('flaky.json', JSON.stringify({ records: sample.records.slice(20, 25) }));
    write('empty.json', '');
  });

  afterAll(() => home.remove());

  it('starts the batch as the pipe delivers it, named after the messages; a redelivery starts nothing', async () => {
    // Arrange
    const id = nameOf('realtime', [bodies['first.json'] ?? '', bodies['second.json'] ?? '']);

    // Act
    const first = await send(['first.json', 'second.json']);
    const again = await send(['first.json', 'second.json']);

    // Assert
    expect(first.code).toBe(0);
    const started = onlyJson(first);
    expect(started).toMatchObject({ executionId: id, status: 'SUCCEEDED' });
    expect((started.stages as { received: number }[])[0]?.received).toBe(20);
    const input = JSON.parse(readFileSync(join(home.path, 'inputs', `${id}.json`), 'utf8'));
    expect(input).toEqual([
      JSON.parse(bodies['first.json'] ?? ''),
      JSON.parse(bodies['second.json'] ?? ''),
    ]);
    expect(again.code).toBe(0);
    expect(onlyJson(again)).toMatchObject({ executionId: id, alreadyProcessed: true });
    const list = onlyJson(await runCli(['list', '--json'], { home: home.path }));
    const ids = (list.executions as { executionId: string }[]).map((e) => e.executionId);
    expect(ids.filter((e) => e.startsWith(id))).toEqual([id]);
  });

  it.each([
    ['not-json.txt', 'input[0] must be an object'],
    ['wrong-shape.json', 'input[0] has keys [Records]'],
  ])(
    'fails the run with InvalidExecutionInputError for %s, so SQS would keep it',
    async (file, cause) => {
      // Arrange / Act
      const result = await send([file]);

      // Assert
      expect(result.code).toBe(1);
      expect(onlyJson(result)).toMatchObject({
        executionId: nameOf('realtime', [bodies[file] ?? '']),
        status: 'FAILED',
        failedState: 'ETLStage',
        error: 'FatalStageError',
        cause: expect.stringContaining(cause),
      });
    },
  );

  it('starts a new attempt after a failed one, then recognises the succeeded attempt', async () => {
    // Arrange
    const id = nameOf('realtime', [bodies['flaky.json'] ?? '']);
    const failed = await send(['flaky.json'], { CEAP_SCORE_MODEL: 'not json' });

    // Act
    const retried = await send(['flaky.json']);
    const redelivered = await send(['flaky.json']);

    // Assert
    expect(failed.code).toBe(1);
    expect(onlyJson(failed)).toMatchObject({ executionId: id, status: 'FAILED' });
    expect(retried.code).toBe(0);
    expect(onlyJson(retried)).toMatchObject({ executionId: `${id}-2`, status: 'SUCCEEDED' });
    expect(redelivered.code).toBe(0);
    expect(onlyJson(redelivered)).toMatchObject({ executionId: `${id}-2`, alreadyProcessed: true });
  });

  it.each([
    ['missing.json', 'does not exist'],
    ['empty.json', 'is empty'],
  ])('exits 2 naming a message file that is %s', async (file, reason) => {
    // Arrange / Act
    const result = await send([file]);

    // Assert
    expect(result.code).toBe(2);
    expect(onlyJson(result)).toMatchObject({
      error: 'InputFileError',
      message: expect.stringContaining(`input file ${join(home.path, file)} ${reason}`),
    });
  });
});
