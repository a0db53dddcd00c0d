import pino, { type Logger, type LoggerOptions } from 'pino';

/** pino's logger, as stages and the runner receive it (bound to executionId, workflow, stage). */
export type { Logger } from 'pino';

/** Keys bound to every line a stage or the runner logs. */
export interface LogBindings {
  readonly executionId?: string;
  readonly workflow?: string;
  readonly stage?: string;
}

/** Options of {@link createLogger}. */
export interface LoggerFactoryOptions {
  /** @default process.env.LOG_LEVEL ?? 'info' */
  readonly level?: string;
  /** Where lines go. @default a synchronous stdout destination, so nothing is left open */
  readonly destination?: pino.DestinationStream;
  readonly bindings?: LogBindings;
}

/** Secrets that must never appear in a log line, wherever they are nested. */
const REDACTED_PATHS = [
  'password',
  'secret',
  'token',
  'authorization',
  'credentials',
  'secretAccessKey',
  'sessionToken',
  '*.password',
  '*.secret',
  '*.token',
  '*.authorization',
  '*.credentials',
  '*.secretAccessKey',
  '*.sessionToken',
];

/**
 * A pino logger that writes JSON lines synchronously (no worker thread, so tests leave no open
 * handles) with executionId, workflow and stage bound once.
 */
export function createLogger(options: LoggerFactoryOptions = {}): Logger {
  const loggerOptions: LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: undefined,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  const logger = pino(loggerOptions, destination);
  return options.bindings ? logger.child(stripUndefined(options.bindings)) : logger;
}

function stripUndefined(bindings: LogBindings): Record<string, string> {
  return Object.fromEntries(
    Object.entries(bindings).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
