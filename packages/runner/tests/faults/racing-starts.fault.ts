import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onlyJson, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const RACERS = 20;

interface Row {
  readonly name: string;
  readonly status: string;
  readonly received: number;
  readonly records: number;
  readonly rejected: number;
  readonly filtered: number;
}

/**
 * Twenty CLI processes start the realtime workflow with one execution id at the same moment.
 * The index reserves an id by link(2), which only one process can win.
 */
describe(`${RACERS} racing starts with one execution id (the real CLI, ${RACERS} processes)`, () => {
  let home: ReturnType<typeof tempDir>;

  beforeAll(() => {
    home = tempDir('ceap-fault-race-');
  });

  afterAll(() => home.remove());

  it('lets exactly one run, and refuses the other 19 with a named error', async () => {
    // Arrange
    const sample = JSON.parse(
      readFileSync(join(REPO_ROOT, 'examples/realtime-input.json'), 'utf8'),
    ) as { records: unknown[] };
    const input = join(home.path, 'small.json');
    const text = JSON.stringify({ records: sample.records.slice(0, 20) });
    writeFileSync(input, text);
    const args = ['start', '--workflow', 'realtime', '--input', input, '--execution-id', 'race'];

    // Act
    const results = await Promise.all(
      Array.from({ length: RACERS }, () => runCli([...args, '--json'], { home: home.path })),
    );

    // Assert
    const winners = results.filter((result) => result.code === 0);
    const losers = results.filter((result) => result.code !== 0);
    expect(winners).toHaveLength(1);
    expect(losers.map((result) => result.code)).toEqual(Array(RACERS - 1).fill(2));
    for (const loser of losers) {
      expect(onlyJson(loser)).toEqual({
        error: 'ExecutionAlreadyExistsError',
        message: 'execution "race" already exists; choose another --execution-id',
      });
    }
    const won = onlyJson(winners[0] as (typeof results)[number]);
    expect(won).toMatchObject({ executionId: 'race', status: 'SUCCEEDED' });
    const rows = won.stages as Row[];
    expect(rows[0]?.received).toBe(20);
    rows.forEach((row, i) => {
      expect([row.name, row.received]).toEqual([
        row.name,
        row.records + row.rejected + row.filtered,
      ]);
      if (i > 0) expect([row.name, row.received]).toEqual([row.name, rows[i - 1]?.records]);
    });
    const output = await runCli(['output', 'race'], { home: home.path });
    expect(output.stdout.trim().split('\n')).toHaveLength(rows.at(-1)?.records as number);
    const files = ['executions', 'inputs'].flatMap((folder) =>
      readdirSync(join(home.path, folder)).map((name) => `${folder}/${name}`),
    );
    expect(files.sort()).toEqual(['executions/race.json', 'inputs/race.json']);
    // The winner's input, as it was given (the run adds its logical date).
    const stored = JSON.parse(readFileSync(join(home.path, 'inputs', 'race.json'), 'utf8'));
    expect(stored.records).toEqual(JSON.parse(text).records);
  }, 150_000);
});
