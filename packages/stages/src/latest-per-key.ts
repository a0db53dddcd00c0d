import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  rmSync,
  type WriteStream,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { JsonRecord } from '@ceap/core';

/** Keys held in memory before the rest spills to disk. */
export const IN_MEMORY_KEYS = 50_000;
/** Spill files: each holds the records of the keys that hash to it. */
const PARTITIONS = 64;

interface Candidate {
  readonly record: JsonRecord;
  readonly time: number;
  readonly sequence: number;
}

/**
 * Keeps the latest record per key (by time; on a tie, the one offered later), with memory
 * bounded whatever the input's size: the first {@link IN_MEMORY_KEYS} keys stay in memory, and
 * past that every candidate is appended to one of {@link PARTITIONS} files on local disk
 * (`/tmp` on Lambda) by a hash of its key. At the end each partition is read back alone, so
 * memory holds one partition's keys at a time.
 */
export class LatestPerKey {
  private readonly inMemory = new Map<string, Candidate>();
  private spill: { directory: string; files: WriteStream[] } | undefined;
  private sequence = 0;
  /** Candidates offered. */
  offered = 0;

  /**
   * @param onDropped told of each record that lost to a later one for its key, once: as it
   *   loses while the keys fit in memory, else as its partition is read back
   */
  constructor(
    private readonly maxKeysInMemory: number = IN_MEMORY_KEYS,
    private readonly onDropped: (record: JsonRecord) => void = () => {},
  ) {}

  async offer(key: string, time: number, record: JsonRecord): Promise<void> {
    this.offered++;
    const candidate = { record, time, sequence: this.sequence++ };
    if (!this.spill) {
      const current = this.inMemory.get(key);
      if (current === undefined || wins(candidate, current)) {
        this.inMemory.set(key, candidate);
        if (current !== undefined) this.onDropped(current.record);
      } else {
        this.onDropped(candidate.record);
      }
      if (this.inMemory.size <= this.maxKeysInMemory) return;
      this.spill = openSpill();
      for (const [heldKey, held] of this.inMemory) await append(this.spill.files, heldKey, held);
      this.inMemory.clear();
      return;
    }
    await append(this.spill.files, key, candidate);
  }

  /** The winners, one per key. The spill files are removed once read, or on failure. */
  async *winners(): AsyncGenerator<JsonRecord> {
    if (!this.spill) {
      for (const { record } of this.inMemory.values()) yield record;
      return;
    }
    const { directory, files } = this.spill;
    try {
      await Promise.all(files.map((file) => new Promise((resolve) => file.end(resolve))));
      for (let partition = 0; partition < files.length; partition++) {
        yield* readPartition(join(directory, `${partition}.jsonl`), this.onDropped);
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }

  /** Removes the spill files without reading them (after a failure). */
  discard(): void {
    if (!this.spill) return;
    for (const file of this.spill.files) file.destroy();
    rmSync(this.spill.directory, { recursive: true, force: true });
  }
}

function wins(candidate: Candidate, current: Candidate): boolean {
  return (
    candidate.time > current.time ||
    (candidate.time === current.time && candidate.sequence > current.sequence)
  );
}

function openSpill(): { directory: string; files: WriteStream[] } {
  const directory = mkdtempSync(join(tmpdir(), 'ceap-dedupe-'));
  const files = Array.from({ length: PARTITIONS }, (_, i) =>
    createWriteStream(join(directory, `${i}.jsonl`)),
  );
  return { directory, files };
}

async function append(files: WriteStream[], key: string, candidate: Candidate): Promise<void> {
  const file = files[partitionOf(key)] as WriteStream;
  const line = `${JSON.stringify({ k: key, t: candidate.time, s: candidate.sequence, r: candidate.record })}\n`;
  if (!file.write(line)) await once(file, 'drain');
}

async function* readPartition(
  path: string,
  onDropped: (record: JsonRecord) => void,
): AsyncGenerator<JsonRecord> {
  const latest = new Map<string, Candidate>();
  const lines = createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (line === '') continue;
    const { k, t, s, r } = JSON.parse(line) as { k: string; t: number; s: number; r: JsonRecord };
    const candidate = { record: r, time: t, sequence: s };
    const current = latest.get(k);
    if (current === undefined || wins(candidate, current)) {
      latest.set(k, candidate);
      if (current !== undefined) onDropped(current.record);
    } else {
      onDropped(candidate.record);
    }
  }
  for (const { record } of latest.values()) yield record;
}

/** FNV-1a over the key's UTF-16 code units: fast, and spreads customer ids evenly. */
function partitionOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % PARTITIONS;
}
