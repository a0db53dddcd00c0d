import { basename } from 'node:path';
import { ConfigFileError } from '../errors.js';

/** At most this many lines of a loader's or a config's error reach the message. */
const MAX_MESSAGE_LINES = 6;

/**
 * Runs a config file and returns its exports. TypeScript (and ESM JavaScript) is compiled on
 * the fly by tsx's CommonJS hooks, registered only while the file loads: the config and what it
 * imports share Node's module cache with the CLI, so `@ceap/core` and `@ceap/stages` are the
 * same instances the engine uses, inside this repository and in an installed project alike.
 * Any failure becomes a {@link ConfigFileError} naming the file, with the loader's message.
 */
export function loadConfigModule(file: string): unknown {
  // Loaded here, not at the top: a project without a config never pays for the compiler.
  const tsx = require('tsx/cjs/api') as typeof import('tsx/cjs/api');
  const unregister = tsx.register();
  try {
    return require(file) as unknown;
  } catch (error) {
    throw new ConfigFileError(file, describeLoadFailure(file, error), { cause: error });
  } finally {
    unregister();
  }
}

/** The loader's or the config's error, without its stack, and where in the config it arose. */
function describeLoadFailure(file: string, error: unknown): string {
  if (!(error instanceof Error)) return `could not be loaded: ${String(error)}`;
  // Node's "Require stack" lists the CLI's own modules after the config: noise to a user.
  const lines = error.message
    .split('\nRequire stack:')[0]
    ?.split('\n')
    .filter((line) => line.trim() !== '' && !/^\s*at /.test(line))
    .slice(0, MAX_MESSAGE_LINES);
  const message = (lines ?? []).join('\n');
  if (error.name === 'TransformError') {
    return message.includes('Top-level await')
      ? `uses top-level await, which a config cannot (it is loaded as CommonJS): ${message}`
      : `has a syntax error: ${message}`;
  }
  const where = configFrame(file, error.stack);
  return `could not be loaded: ${error.name}: ${message}${where ? ` (at ${where})` : ''}`;
}

/** `ceap.config.ts:12:5`: the config's own frame in a stack, when it has one. */
function configFrame(file: string, stack: string | undefined): string | undefined {
  const frame = stack?.split('\n').find((line) => line.includes(file));
  const position = frame?.match(/:(\d+):(\d+)\)?\s*$/);
  return position ? `${basename(file)}:${position[1]}:${position[2]}` : undefined;
}
