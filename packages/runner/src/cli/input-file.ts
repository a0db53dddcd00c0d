import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { JsonRecord } from '@ceap/core';
import { InputFileError } from '../errors.js';
import { invocationDirectory } from '../local/ceap-home.js';

/**
 * Reads `--input FILE` (relative to where the command was typed) or `-` (stdin). It must hold
 * one JSON object; the error names the file and what is wrong.
 */
export async function readInputFile(
  file: string,
  stdin: NodeJS.ReadableStream = process.stdin,
  env: NodeJS.ProcessEnv = process.env,
): Promise<JsonRecord> {
  const path = file === '-' ? undefined : resolve(invocationDirectory(env), file);
  const name = path ?? 'stdin (-)';
  let text: string;
  try {
    text = path === undefined ? await readAll(stdin) : await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(
      name,
      code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? error})`,
      {
        cause: error,
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputFileError(name, `is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new InputFileError(name, `must hold a JSON object (the execution input), got ${kind}`);
  }
  return value as JsonRecord;
}

/**
 * Reads `--message FILE` (relative to where the command was typed): an SQS message body, taken
 * as the exact text of the file, JSON or not. A missing, unreadable or empty file is refused
 * naming it.
 */
export async function readMessageFile(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const path = resolve(invocationDirectory(env), file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? error})`;
    throw new InputFileError(path, reason, { cause: error });
  }
  if (text.length === 0) {
    throw new InputFileError(path, 'is empty; an SQS message body has at least 1 character');
  }
  return text;
}

/** Reads a stream to its end, as UTF-8 text. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}
