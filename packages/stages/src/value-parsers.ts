import { EtlRejectReason } from './reject-reasons.js';

/** A value that could not be normalized: the reject reason and what was expected. */
export class FieldError {
  constructor(
    readonly reason: string,
    readonly message: string,
  ) {}
}

/** The outcome of parsing one field: the value, or why it cannot be one. */
export type Parsed<T> = T | FieldError;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const EPOCH = /^\d{9,13}$/;
/** `3/11/26`, `03-11-26`, `26-03-11`: which century (and which order) is a guess. */
const TWO_DIGIT_YEAR = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}(?:[ T].*)?$/;
const COUNTRY = /^[A-Za-z]{2}$/;
const MIN_TIME = Date.UTC(1900, 0, 1);
const MAX_TIME = Date.UTC(2101, 0, 1);
/** Epoch values below this are seconds, at or above it milliseconds (1973-03-03 in ms). */
const EPOCH_MILLIS_FROM = 1e11;

const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1', 'on', 'opt-in', 'opted-in']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', '0', 'off', 'opt-out', 'opted-out']);

/**
 * A scalar as trimmed text: `null` for absent or blank, an error for objects and arrays (and
 * for strings that are not well-formed UTF-16, which cannot be written as UTF-8).
 */
export function scalarText(value: unknown, maxLength: number): Parsed<string | null> {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') {
    return new FieldError(
      EtlRejectReason.InvalidType,
      `expected a scalar, got ${Array.isArray(value) ? 'an array' : 'an object'}`,
    );
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return new FieldError(EtlRejectReason.InvalidNumber, `expected a finite value, got ${value}`);
    }
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'string')
    return new FieldError(EtlRejectReason.InvalidType, `expected a scalar, got ${typeof value}`);
  if (LONE_SURROGATE.test(value))
    return new FieldError(EtlRejectReason.InvalidUtf8, 'is not valid UTF-8 text');
  const text = value.trim();
  if (text === '') return null;
  if (text.length > maxLength) {
    return new FieldError(
      EtlRejectReason.FieldTooLong,
      `has ${text.length} characters; the limit is ${maxLength}`,
    );
  }
  return text;
}

/** A finite number >= 0 (an integer when `integer`), from a number or a decimal string. */
export function parseAmount(value: unknown, integer: boolean): Parsed<number | null> {
  let number: number;
  if (typeof value === 'number') {
    number = value;
  } else {
    const text = scalarText(value, 64);
    if (text === null || text instanceof FieldError) return text;
    if (!DECIMAL.test(text))
      return new FieldError(
        EtlRejectReason.InvalidNumber,
        `expected a number, got ${JSON.stringify(text)}`,
      );
    number = Number(text);
  }
  if (!Number.isFinite(number))
    return new FieldError(
      EtlRejectReason.InvalidNumber,
      `expected a finite number, got ${String(value)}`,
    );
  if (number < 0)
    return new FieldError(EtlRejectReason.InvalidNumber, `expected a number >= 0, got ${number}`);
  if (integer && !Number.isInteger(number)) {
    return new FieldError(EtlRejectReason.InvalidNumber, `expected a whole number, got ${number}`);
  }
  return number === 0 ? 0 : number;
}

/** yes/no, true/false, y/n, 1/0 (any case) and booleans. */
export function parseFlag(value: unknown): Parsed<boolean | null> {
  if (typeof value === 'boolean') return value;
  const text = scalarText(value, 32);
  if (text === null || text instanceof FieldError) return text;
  const word = text.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return new FieldError(
    EtlRejectReason.InvalidBoolean,
    `expected yes/no, true/false or 1/0, got ${JSON.stringify(text)}`,
  );
}

/** A two-letter ISO-3166 code, upper-cased. */
export function parseCountry(value: unknown): Parsed<string | null> {
  const text = scalarText(value, 64);
  if (text === null || text instanceof FieldError) return text;
  if (!COUNTRY.test(text))
    return new FieldError(
      EtlRejectReason.InvalidCountry,
      `expected a two-letter ISO-3166 code, got ${JSON.stringify(text)}`,
    );
  return text.toUpperCase();
}

/**
 * A timestamp as ISO-8601 UTC. Accepts ISO dates and date-times (no zone means UTC, so a local
 * time that a DST change skips, such as `2026-03-08T02:30:00`, is read as that UTC time), US
 * `MM/DD/YYYY[ HH:MM[:SS]]`, and epoch seconds or milliseconds (numbers or digit strings). A
 * 2-digit year is rejected as ambiguous.
 */
export function parseTimestamp(value: unknown): Parsed<string | null> {
  if (typeof value === 'number') return fromEpoch(value, String(value));
  const text = scalarText(value, 64);
  if (text === null || text instanceof FieldError) return text;
  if (EPOCH.test(text)) return fromEpoch(Number(text), text);
  let match = ISO_DATE.exec(text);
  if (match) return fromParts(text, match[1], match[2], match[3]);
  match = ISO_DATE_TIME.exec(text);
  if (match) {
    const [, y, mo, d, h, mi, s, fraction, zone] = match;
    const local = fromParts(text, y, mo, d, h, mi, s, fraction);
    if (local instanceof FieldError || !zone || zone.toUpperCase() === 'Z') return local;
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    return inRange(Date.parse(local) - offsetMinutes * 60_000, text);
  }
  if (TWO_DIGIT_YEAR.test(text)) {
    return new FieldError(
      EtlRejectReason.InvalidDate,
      `${JSON.stringify(text)} has a 2-digit year, which is ambiguous; write the year with 4 digits`,
    );
  }
  match = US_DATE.exec(text);
  if (match) {
    const [, mo, d, y, h, mi, s] = match;
    return fromParts(text, y, mo, d, h, mi, s);
  }
  return new FieldError(
    EtlRejectReason.InvalidDate,
    `expected an ISO-8601 date, MM/DD/YYYY or epoch time, got ${JSON.stringify(text)}`,
  );
}

function fromEpoch(epoch: number, shown: string): Parsed<string> {
  if (!Number.isFinite(epoch))
    return new FieldError(
      EtlRejectReason.InvalidDate,
      `expected a finite epoch time, got ${shown}`,
    );
  return inRange(Math.abs(epoch) < EPOCH_MILLIS_FROM ? epoch * 1000 : epoch, shown);
}

function fromParts(
  shown: string,
  year?: string,
  month?: string,
  day?: string,
  hour = '0',
  minute = '0',
  second = '0',
  fraction = '',
): Parsed<string> {
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = parts;
  const millis = Number(`${fraction}000`.slice(0, 3));
  const time = Date.UTC(y, mo - 1, d, h, mi, s, millis);
  const date = new Date(time);
  const valid =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    h < 24 &&
    mi < 60 &&
    s < 60;
  if (!valid)
    return new FieldError(
      EtlRejectReason.InvalidDate,
      `${JSON.stringify(shown)} is not a real date and time`,
    );
  return inRange(time, shown);
}

function inRange(time: number, shown: string): Parsed<string> {
  if (!(time >= MIN_TIME && time < MAX_TIME)) {
    return new FieldError(
      EtlRejectReason.InvalidDate,
      `${JSON.stringify(shown)} is outside 1900-2100`,
    );
  }
  return new Date(time).toISOString();
}
