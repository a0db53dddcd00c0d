import type { StageDefinition, StageResult } from '@ceap/core';
import {
  createEtlStage,
  createReactiveStage,
  EVENTS_OBJECT,
  filterStage,
  scoreStage,
  storeStage,
} from '../../src/index.js';
import { parseLines, startTestS3, type TestS3 } from '../helpers/embedded-s3.js';
import {
  type HostileStageRun,
  hostileViolations,
  runHostilePipeline,
} from '../helpers/hostile-expectations.js';
import { type HostileFile, hostileCsv, hostileJsonLines } from '../helpers/hostile-files.js';
import { generateHostileRecords, type HostileBatch } from '../helpers/hostile-records.js';
import { type SeededRandom, seededRandom } from '../helpers/seeded-random.js';

const INPUTS = 600;
const LOGICAL_DATE = '2026-03-11';

// biome-ignore lint/suspicious/noExplicitAny: every stage's config type differs; only the result matters here.
const PIPELINE: readonly StageDefinition<any>[] = [
  // The inline batch (about 4 MB) is far over Step Functions' 256 KiB; runStage is called directly.
  createEtlStage({ maxInlineInputBytes: 64 * 1024 * 1024 }),
  filterStage,
  scoreStage,
  storeStage,
  createReactiveStage({ threshold: 0.5 }),
];

/** What ETLStage is given, and what it must account for. */
interface PreparedInput {
  readonly input: unknown;
  readonly expectedReceived: number;
  readonly cleanMarkers: readonly string[];
}

type Prepare = (
  s3: TestS3,
  batch: HostileBatch,
  random: SeededRandom,
  seed: number,
) => Promise<PreparedInput>;

const inline: Prepare = async (_s3, batch) => ({
  input: { records: batch.items, logicalDate: LOGICAL_DATE },
  expectedReceived: batch.items.length,
  cleanMarkers: [...batch.clean.values()],
});

const fromObject =
  (extension: string, write: (batch: HostileBatch, random: SeededRandom) => HostileFile): Prepare =>
  async (s3, batch, random, seed) => {
    const file = write(batch, random);
    const key = `hostile/${seed}.${extension}`;
    await s3.put(key, file.body);
    return {
      input: { logicalDate: LOGICAL_DATE, source: { key } },
      expectedReceived: file.expectedReceived,
      cleanMarkers: file.cleanMarkers,
    };
  };

const sum = (counts: Readonly<Record<string, number>>) =>
  Object.values(counts).reduce((total, n) => total + n, 0);

function tally(reasons: readonly unknown[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const reason of reasons) counts[String(reason)] = (counts[String(reason)] ?? 0) + 1;
  return counts;
}

function summary(name: string, inputs: number, runs: readonly HostileStageRun[]): string {
  const rejectedBy: Record<string, number> = {};
  for (const { result } of runs)
    for (const [reason, n] of Object.entries(result.rejectedBy))
      rejectedBy[reason] = (rejectedBy[reason] ?? 0) + n;
  const top = Object.entries(rejectedBy)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, 5)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const filtered = runs.reduce((total, { result }) => total + result.filtered, 0);
  const out = runs.at(-1)?.result.records;
  return `[bad-input ${name}] inputs=${inputs} rejected=${sum(rejectedBy)} (${top}) filtered=${filtered} out=${out}`;
}

describe('hundreds of hostile inputs through ETL, Filter, Score, Store and Reactive', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it.each<[string, number, Prepare]>([
    ['inline records', 1001, inline],
    ['a CSV object', 2002, fromObject('csv', hostileCsv)],
    ['a JSON Lines object', 3003, fromObject('jsonl', hostileJsonLines)],
  ])('loses nothing and pollutes nothing when reading %s', async (name, seed, prepare) => {
    // Arrange
    const random = seededRandom(seed);
    const batch = generateHostileRecords(random, INPUTS);
    const prepared = await prepare(s3, batch, random, seed);
    const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

    // Act
    const runs = await runHostilePipeline(s3, PIPELINE, prepared.input);
    console.log(summary(name, prepared.expectedReceived, runs));

    // Assert
    expect(runs).toHaveLength(PIPELINE.length);
    expect(hostileViolations(runs)).toEqual({});
    for (const { result, rejects } of runs)
      expect(tally(rejects.map((r) => r.reason))).toEqual(result.rejectedBy);
    const [etl, filter, , , reactive] = runs.map((run) => run.result) as StageResult[];
    expect(etl?.received).toBe(prepared.expectedReceived);
    expect(Object.keys(etl?.rejectedBy ?? {}).length).toBeGreaterThanOrEqual(6);
    const kept = new Set(runs[0]?.output.map((record) => record.firstName));
    expect(prepared.cleanMarkers.filter((marker) => !kept.has(marker))).toEqual([]);
    expect(prepared.cleanMarkers.length).toBeGreaterThan(100);
    expect(filter?.filteredBy.duplicate).toBeGreaterThan(0);
    const events = parseLines(
      await s3.getText(`${reactive?.executionPrefix}/ReactiveStage/${EVENTS_OBJECT}`),
    );
    expect(events).toHaveLength(Number(reactive?.metrics.emitted));
    expect(reactive?.records).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.keys(Object.prototype)).toHaveLength(0);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
  });
});
