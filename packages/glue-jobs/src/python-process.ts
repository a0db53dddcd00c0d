import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { CeapError, type JsonRecord, type RecordReject } from '@ceap/core';
import { PythonFailedError, PythonNotFoundError } from './errors.js';
import { type PythonSummary, readTaggedLines } from './tagged-output.js';

/** Lines to Python are gathered into chunks of about this size, so few writes cross the pipe. */
const CHUNK_CHARS = 64 * 1024;
/** Only the end of stderr is kept: that is where a traceback ends. */
const STDERR_TAIL_CHARS = 64 * 1024;
/**
 * How long python3 has to exit after SIGTERM before it gets SIGKILL. The core holds no state
 * worth saving (Node writes the output), so the grace only lets Python exit cleanly.
 */
export const PYTHON_TERMINATE_GRACE_MS = 2_000;

/** How the Python process ended: its exit code, or the signal that ended it. */
export interface PythonExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * One run of `local_runner.py`: records go in on stdin as JSON Lines, with backpressure, and
 * tagged records, rejects and a summary come out on stdout (see `readTaggedLines`). Neither
 * side ever holds the data as one string.
 */
export class PythonProcess {
  private stderrTail = '';
  private summary_: PythonSummary | undefined;
  private terminating: Promise<PythonExit> | undefined;
  private readonly exited: Promise<PythonExit>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
    });
    // A write after Python has exited fails with EPIPE; the exit code tells what happened.
    child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
  }

  /** Starts Python and waits until it is running; a missing interpreter is PythonNotFoundError. */
  static async start(
    python: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
  ): Promise<PythonProcess> {
    const child = spawn(python, [...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      await once(child, 'spawn');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES')
        throw new PythonNotFoundError(python, { cause: error });
      throw error;
    }
    return new PythonProcess(child);
  }

  /** The summary line, once {@link outputs} has been read to the end. */
  get summary(): PythonSummary | undefined {
    return this.summary_;
  }

  /** Writes every record to Python's stdin, waiting whenever the pipe is full, then closes it. */
  async feed(
    records: AsyncIterable<JsonRecord>,
    onUnserializable: (record: JsonRecord, error: Error) => void,
  ): Promise<number> {
    const stdin = this.child.stdin;
    let sent = 0;
    let chunk = '';
    for await (const record of records) {
      let line: string;
      try {
        line = JSON.stringify(record);
      } catch (error) {
        // A record JSON.parse read but cannot write back (nested past the stack): not Python's.
        onUnserializable(record, error as Error);
        continue;
      }
      chunk += `${line}\n`;
      sent++;
      if (chunk.length >= CHUNK_CHARS) {
        await write(stdin, chunk);
        chunk = '';
      }
    }
    if (chunk !== '') await write(stdin, chunk);
    stdin.end();
    return sent;
  }

  /**
   * Yields the output records as Python writes them, a pipe read's worth at a time (one await
   * per batch, not per record), and hands each reject to `onReject`. When stdout ends it waits
   * for the exit, and throws {@link PythonFailedError} with the traceback when Python failed.
   */
  async *outputs(onReject: (reject: RecordReject) => void): AsyncGenerator<JsonRecord[]> {
    for await (const batch of readTaggedLines(this.child.stdout)) {
      const records: JsonRecord[] = [];
      for (const line of batch) {
        if (line.tag === 'r') records.push(line.value);
        else if (line.tag === 'x') onReject(line.value);
        else this.summary_ = line.value;
      }
      if (records.length > 0) yield records;
    }
    const { code, signal } = await this.exited;
    if (code !== 0) throw new PythonFailedError(code, signal, this.stderrTail);
  }

  /** Stops Python (after a failure on the Node side) and waits for it to exit. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /**
   * Stops Python when its run is stopped: SIGTERM, then SIGKILL if it has not exited after
   * `graceMs`. Resolves with how it ended, once it has.
   */
  terminate(graceMs = PYTHON_TERMINATE_GRACE_MS): Promise<PythonExit> {
    if (!this.running) return this.exited;
    // Asked again while Python is still exiting: the first call's grace stands.
    this.terminating ??= this.sendTerminate(graceMs);
    return this.terminating;
  }

  private async sendTerminate(graceMs: number): Promise<PythonExit> {
    this.child.kill('SIGTERM');
    const escalation = setTimeout(() => {
      if (this.running) this.child.kill('SIGKILL');
    }, graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(escalation);
    }
  }

  private get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}

async function write(stdin: Writable, chunk: string): Promise<void> {
  if (stdin.destroyed || stdin.writableEnded)
    throw new CeapError('the Python core stopped reading its input');
  if (stdin.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      stdin.off('drain', done);
      stdin.off('close', done);
      resolve();
    };
    stdin.on('drain', done);
    stdin.on('close', done);
  });
}
