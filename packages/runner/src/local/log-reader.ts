import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonRecord } from '@ceap/core';
import { backoffDelays } from '../aws/backoff.js';
import type { LogsRequest } from '../client/execution-logs.js';
import type { ExecutionDescription } from '../execution-types.js';
import { isTerminal } from './record-description.js';

/** How often `--follow` looks for new lines: from 100 ms up to once a second. */
const FOLLOW_BACKOFF = { initialMs: 100, factor: 1.5, maxMs: 1000 } as const;
const CHUNK_BYTES = 64 * 1024;

/**
 * The lines of an execution's log file (pino JSON lines), those of one step when asked (by the
 * `stage` every line is bound to). With `follow`, it reads on as the file grows until the
 * execution has ended, then reads what is left and returns.
 */
export async function* readLogLines(
  file: string,
  request: LogsRequest,
  describe: () => Promise<ExecutionDescription>,
): AsyncGenerator<JsonRecord> {
  const reader = new LineReader(file);
  try {
    const delays = backoffDelays(FOLLOW_BACKOFF);
    for (;;) {
      // Whether the run had ended is read before the file, so no line written at its end is missed.
      const ended = !request.follow || isTerminal((await describe()).status);
      const lines = await reader.readNew();
      for (const line of lines) if (matches(line, request)) yield line;
      if (ended) {
        for (const line of reader.rest()) if (matches(line, request)) yield line;
        return;
      }
      if (lines.length === 0) await sleep(delays.next().value as number);
    }
  } finally {
    await reader.close();
  }
}

function matches(line: JsonRecord, request: LogsRequest): boolean {
  return request.step === undefined || line.stage === request.step;
}

/** Reads a growing file from where it left off, one complete line at a time. */
class LineReader {
  private offset = 0;
  private partial = '';
  private handle?: Awaited<ReturnType<typeof open>>;

  constructor(private readonly file: string) {}

  /** The complete lines written since the last call; none while the file does not exist. */
  async readNew(): Promise<JsonRecord[]> {
    if (!this.handle) {
      try {
        this.handle = await open(this.file, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    }
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let text = '';
    for (;;) {
      const { bytesRead } = await this.handle.read(buffer, 0, CHUNK_BYTES, this.offset);
      if (bytesRead === 0) break;
      this.offset += bytesRead;
      text += buffer.toString('utf8', 0, bytesRead);
    }
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    return lines.filter((line) => line.trim() !== '').map(parseLine);
  }

  /** A last line the writer did not end with a newline. */
  rest(): JsonRecord[] {
    const last = this.partial.trim();
    this.partial = '';
    return last === '' ? [] : [parseLine(last)];
  }

  async close(): Promise<void> {
    await this.handle?.close();
  }
}

/** A pino line as its object; a line that is not JSON is kept as its text. */
function parseLine(line: string): JsonRecord {
  try {
    const parsed = JSON.parse(line) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as JsonRecord;
    }
  } catch {
    // Not JSON: kept as text below.
  }
  return { msg: line };
}
