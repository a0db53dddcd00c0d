import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { JsonRecord } from '@ceap/core';

/**
 * Keys held in memory before their winners are flushed to disk. Enough to settle duplicates
 * that arrive close together without touching disk; more only grows the live heap, and with it
 * how far V8 lets the heap grow before it collects (at 50,000, peak RSS was 1.5x higher).
 */
export const IN_MEMORY_KEYS = 10_000;
/**
 * Spill files, each holding the keys that hash to it. Enough that one file's winners fit in a
 * few MB at 1 GB of input, few enough to stay far below Lambda's 1,024 file descriptors.
 */
export const PARTITIONS = 256;

/** A key's current winner: its record kept as JSON text, a third of a parsed object's size. */
interface Held {
  readonly time: number;
  readonly sequence: number;
  readonly line: string;
}

/**
 * Keeps the latest record per key (by time; on a tie, the one offered later), with memory
 * bounded by {@link IN_MEMORY_KEYS}, not by the input: each key's winner is held as JSON text,
 * and whenever more keys than that are held, their winners are appended to
 * {@link PARTITIONS} files on local disk (`/tmp` on Lambda) by a hash of the key, and memory is
 * cleared. At the end each file is read back alone, so memory holds one file's keys at a time.
 * A key seen in several flushes is settled when its file is read back, by time and sequence.
 */
export class LatestPerKey {
  private held = new Map<string, Held>();
  private spill: { directory: string; files: FileHandle[] } | undefined;
  private sequence = 0;
  /** Candidates offered. */
  offered = 0;

  /**
   * @param onDropped told of each record that lost to another for its key, once: as it loses
   *   while its key is held, else as its file is read back
   */
  constructor(
    private readonly maxKeysInMemory: number = IN_MEMORY_KEYS,
    private readonly onDropped: (record: JsonRecord) => void = () => {},
  ) {}

  async offer(key: string, time: number, record: JsonRecord): Promise<void> {
    this.offered++;
    const sequence = this.sequence++;
    const current = this.held.get(key);
    if (current !== undefined && !wins(time, sequence, current)) {
      this.onDropped(record);
      return;
    }
    this.held.set(key, { time, sequence, line: JSON.stringify(record) });
    if (current !== undefined) this.onDropped(JSON.parse(current.line) as JsonRecord);
    if (this.held.size > this.maxKeysInMemory) await this.flush();
  }

  /** The winners, one per key. The spill files are removed once read, or on failure. */
  async *winners(): AsyncGenerator<JsonRecord> {
    if (!this.spill) {
      for (const { line } of this.held.values()) yield JSON.parse(line) as JsonRecord;
      return;
    }
    try {
      await this.flush();
      const { directory, files } = this.spill;
      await Promise.all(files.map((file) => file.close()));
      for (let partition = 0; partition < files.length; partition++) {
        yield* readPartition(join(directory, `${partition}.tsv`), this.onDropped);
      }
    } finally {
      this.discard();
    }
  }

  /** Removes the spill files without reading them (after a failure). */
  discard(): void {
    if (!this.spill) return;
    const { directory, files } = this.spill;
    this.spill = undefined;
    // A handle left open is closed by the runtime; removing the directory is what matters.
    for (const file of files) file.close().catch(() => {});
    rmSync(directory, { recursive: true, force: true });
  }

  /** Appends the held winners to their partitions, one write per partition, and forgets them. */
  private async flush(): Promise<void> {
    this.spill ??= await openSpill();
    const chunks: string[][] = Array.from({ length: PARTITIONS }, () => []);
    for (const [key, { time, sequence, line }] of this.held) {
      chunks[partitionOf(key)]?.push(`${time}\t${sequence}\t${JSON.stringify(key)}\t${line}\n`);
    }
    this.held = new Map();
    const { files } = this.spill;
    await Promise.all(
      chunks.map((lines, partition) =>
        lines.length === 0 ? undefined : files[partition]?.appendFile(lines.join('')),
      ),
    );
  }
}

function wins(time: number, sequence: number, current: Held): boolean {
  return time > current.time || (time === current.time && sequence > current.sequence);
}

async function openSpill(): Promise<{ directory: string; files: FileHandle[] }> {
  const directory = mkdtempSync(join(tmpdir(), 'ceap-dedupe-'));
  const files: FileHandle[] = [];
  try {
    for (let i = 0; i < PARTITIONS; i++) files.push(await open(join(directory, `${i}.tsv`), 'w'));
  } catch (error) {
    for (const file of files) await file.close();
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  return { directory, files };
}

/**
 * Settles one partition: each line is `time \t sequence \t key as JSON \t record as JSON`, and
 * the record is parsed only once it is known to win or lose.
 */
async function* readPartition(
  path: string,
  onDropped: (record: JsonRecord) => void,
): AsyncGenerator<JsonRecord> {
  const latest = new Map<string, Held>();
  const lines = createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const text of lines) {
    if (text === '') continue;
    const first = text.indexOf('\t');
    const second = text.indexOf('\t', first + 1);
    const third = text.indexOf('\t', second + 1);
    const time = Number(text.slice(0, first));
    const sequence = Number(text.slice(first + 1, second));
    const key = JSON.parse(text.slice(second + 1, third)) as string;
    const line = text.slice(third + 1);
    const current = latest.get(key);
    if (current !== undefined && !wins(time, sequence, current)) {
      onDropped(JSON.parse(line) as JsonRecord);
      continue;
    }
    latest.set(key, { time, sequence, line });
    if (current !== undefined) onDropped(JSON.parse(current.line) as JsonRecord);
  }
  for (const { line } of latest.values()) yield JSON.parse(line) as JsonRecord;
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
