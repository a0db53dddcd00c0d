import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createFilterStage } from '../../src/index.js';
import { LatestPerKey, PARTITIONS } from '../../src/latest-per-key.js';
import { startTestS3, type TestS3 } from '../helpers/embedded-s3.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { expectBalanced, runOnUpstreamOutput } from '../helpers/stage-runner.js';

const spillDirectories = () =>
  readdirSync(tmpdir()).filter((name) => name.startsWith('ceap-dedupe-'));

/** 5 snapshots of each of `customers` customers, in an order that mixes them. */
function snapshots(customers: number): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (let round = 0; round < 5; round++) {
    for (let c = 0; c < customers; c++) {
      records.push({
        customerId: `C${(c * 7919) % customers}`,
        email: `c${c}@example.com`,
        optIn: true,
        country: 'IE',
        updatedAt: new Date(Date.UTC(2026, 2, 1 + ((round * 3) % 5))).toISOString(),
        round,
      });
    }
  }
  return records;
}

/**
 * Snapshots in a seeded random order: few distinct times, so many ties, some not opted in
 * and some with an unreadable updatedAt. Each carries `n`, its place in the input.
 */
function shuffledSnapshots(count: number, customers: number): Record<string, unknown>[] {
  const random = seededRandom(16);
  return Array.from({ length: count }, (_, n) => ({
    n,
    customerId: `C${random.int(0, customers - 1)}`,
    email: `c${n}@example.com`,
    optIn: !random.chance(0.1),
    country: 'IE',
    updatedAt: random.chance(0.03)
      ? 'yesterday'
      : new Date(Date.UTC(2026, 2, random.int(1, 4))).toISOString(),
  }));
}

/**
 * The dedupe's answer worked out the obvious way, with everything in memory: the latest
 * updatedAt per customer, on a tie the record later in the input.
 */
function expectedWinners(records: readonly Record<string, unknown>[]): Set<number> {
  const best = new Map<string, { time: number; n: number }>();
  for (const record of records) {
    const time = Date.parse(String(record.updatedAt));
    if (record.optIn !== true || Number.isNaN(time)) continue;
    const current = best.get(String(record.customerId));
    if (!current || time >= current.time) {
      best.set(String(record.customerId), { time, n: record.n as number });
    }
  }
  return new Set([...best.values()].map(({ n }) => n));
}

describe('FilterStage dedupe past the in-memory limit', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('spills to disk and keeps exactly the winners it keeps in memory', async () => {
    // Arrange
    const records = snapshots(120);
    const before = spillDirectories();
    // Act
    const inMemory = await runOnUpstreamOutput(s3, createFilterStage(), 'ETLStage', records);
    const spilled = await runOnUpstreamOutput(
      s3,
      createFilterStage({ dedupeKeysInMemory: 10 }),
      'ETLStage',
      records,
    );
    // Assert
    const key = (r: Record<string, unknown>) => `${r.customerId}|${r.round}`;
    expect(spilled.records.map(key).sort()).toEqual(inMemory.records.map(key).sort());
    expect(spilled.result).toMatchObject({ records: 120, filteredBy: { duplicate: 480 } });
    expectBalanced(spilled.result);
    expect(spillDirectories()).toEqual(before);
    // Every snapshot is kept or in filtered.json as a duplicate, on disk as in memory.
    for (const run of [inMemory, spilled]) {
      const dropped = await s3.readRecords(
        `executions/${run.executionId}/FilterStage/filtered.json`,
      );
      expect(dropped.every((line) => line.reason === 'duplicate')).toBe(true);
      const everyone = [
        ...run.records,
        ...dropped.map((line) => line.record as Record<string, unknown>),
      ];
      expect(everyone.map(key).sort()).toEqual(records.map(key).sort());
    }
  });

  it.each([
    ['held in memory', undefined],
    ['flushed to disk every 7 customers', 7],
    ['flushed to disk at every new customer', 1],
  ])(
    'keeps the latest snapshot per customer and drops every other, %s',
    async (_label, keysInMemory) => {
      // Arrange
      const records = shuffledSnapshots(4000, PARTITIONS + 300);
      const winners = expectedWinners(records);
      const notOptedIn = records.filter((r) => r.optIn !== true).length;
      const unreadable = records.filter(
        (r) => r.optIn === true && r.updatedAt === 'yesterday',
      ).length;
      // Act
      const run = await runOnUpstreamOutput(
        s3,
        createFilterStage({ dedupeKeysInMemory: keysInMemory }),
        'ETLStage',
        records,
      );
      // Assert
      const kept = run.records.map((r) => r.n as number);
      expect(new Set(kept)).toEqual(winners);
      expect(kept).toHaveLength(winners.size);
      expect(run.result).toMatchObject({
        received: records.length,
        records: winners.size,
        rejected: unreadable,
        filteredBy: {
          'not-opted-in': notOptedIn,
          duplicate: records.length - notOptedIn - unreadable - winners.size,
        },
      });
      expectBalanced(run.result);
      const dropped = await s3.readRecords(
        `executions/${run.executionId}/FilterStage/filtered.json`,
      );
      const duplicates = dropped
        .filter((line) => line.reason === 'duplicate')
        .map((line) => (line.record as Record<string, unknown>).n as number);
      const losers = records
        .filter(
          (r) => r.optIn === true && r.updatedAt !== 'yesterday' && !winners.has(r.n as number),
        )
        .map((r) => r.n);
      expect(duplicates.sort((a, b) => a - b)).toEqual(losers);
    },
  );

  it('breaks a tie in updatedAt by the later record, on disk as in memory', async () => {
    // Arrange
    const dropped: unknown[] = [];
    const latest = new LatestPerKey(1, (record) => dropped.push(record));
    // Act
    await latest.offer('a', 5, { v: 'first' });
    await latest.offer('b', 1, { v: 'b' });
    await latest.offer('a', 5, { v: 'second' });
    await latest.offer('a', 4, { v: 'older' });
    const winners = [];
    for await (const record of latest.winners()) winners.push(record);
    // Assert
    expect(winners).toEqual(expect.arrayContaining([{ v: 'second' }, { v: 'b' }]));
    expect(winners).toHaveLength(2);
    expect(latest.offered).toBe(4);
    expect(dropped).toEqual(expect.arrayContaining([{ v: 'first' }, { v: 'older' }]));
    expect(dropped).toHaveLength(2);
  });
});
