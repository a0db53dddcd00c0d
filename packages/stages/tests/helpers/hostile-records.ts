import { type CandidateField, FIELD_ALIASES } from '../../src/index.js';
import type { SeededRandom } from './seeded-random.js';

/** 100 KB: larger than ETLStage's default 64 KiB record limit. */
export const HUGE_STRING = 'x'.repeat(100 * 1024);

/** Values that are wrong for some or every field: types, numbers, text and unicode edge cases. */
export const HOSTILE_VALUES: readonly unknown[] = [
  {},
  { nested: { deep: [1, { deeper: true }] } },
  [],
  ['US', 'GB'],
  true,
  false,
  null,
  0,
  -1,
  -0,
  2.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER * 1000,
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-0',
  '-5',
  '2.5',
  '1,234',
  '0x1F',
  '',
  ' ',
  '\t \r\n ',
  '\uD800',
  'a\uDC00b',
  '\u202Eevil\u202C',
  '\u200F\u200E',
  '\u200B',
  '\u200Bc-1\u200B',
  '😀',
  '👩‍👩‍👧‍👦',
  '\uFEFF',
  '\u0000',
  'null',
  'undefined',
  'maybe',
  'USA',
  'United Kingdom',
  'u s',
  '<script>alert(1)</script>',
  "'; DROP TABLE candidates; --",
  '{"__proto__":{"polluted":"yes"}}',
];

/** Dates in odd formats, impossible dates and dates outside 1900-2100. */
export const HOSTILE_DATES: readonly unknown[] = [
  '2026-02-30',
  '2026-13-01',
  '2026-03-10T25:00:00Z',
  '2026-03-10T10:61:00Z',
  '2026-03-10T10:00:00+99:99',
  '1899-12-31',
  '2101-01-01T00:00:00Z',
  '0000-01-01',
  '9999-12-31T23:59:59Z',
  '13/45/2026',
  '02/29/2025',
  '2026/03/10',
  '20260310',
  'Tue Mar 10 2026',
  '10 March 2026',
  '1e12',
  '-1773100800',
  '99999999999999',
  -1,
  -1773100800000,
  1e20,
  0.5,
];

/** Keys that pollute a prototype if a parser or a copy is careless. */
export const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const SHADOWING_KEYS = ['hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf'] as const;

/** Things in a `records` array that are not records at all. */
const NOT_OBJECTS: readonly unknown[] = [null, 0, 42, 'a string', '', true, [], [{}], [1, 2]];

const DAY_MS = 86_400_000;
const FROM = Date.UTC(2025, 0, 1);
const CUSTOMERS = 120;

export interface HostileBatch {
  /** The raw items, as a `records` array after JSON.parse (own `__proto__` keys included). */
  readonly items: unknown[];
  /** The index of every item that is a valid, untouched candidate, and its marker. */
  readonly clean: ReadonlyMap<number, string>;
}

/**
 * `count` raw candidates: about 35% valid and untouched (each with a unique `firstName`
 * marker `clean-<index>`), the rest with hostile values, dangerous keys, missing or odd dates,
 * negative counts or huge strings, plus ~5% items that are not objects. Customer ids repeat
 * (120 of them) with random `updatedAt`, so dedupe has work to do.
 */
export function generateHostileRecords(random: SeededRandom, count: number): HostileBatch {
  const items: unknown[] = [];
  const clean = new Map<number, string>();
  for (let index = 0; index < count; index++) {
    if (random.chance(0.05)) {
      items.push(random.pick(NOT_OBJECTS));
      continue;
    }
    const record = validRecord(random, index);
    if (random.chance(0.35)) {
      clean.set(index, `clean-${index}`);
      items.push(record);
      continue;
    }
    corrupt(random, record);
    items.push(record);
  }
  // Round-trip through JSON, as an SQS body would: own `__proto__` keys stay own keys.
  return { items: JSON.parse(JSON.stringify(items)) as unknown[], clean };
}

/** A raw value for a field, whichever spelling the record used (after JSON.parse). */
export function rawField(record: Record<string, unknown>, field: CandidateField): unknown {
  for (const key of Object.keys(record)) if (isFieldKey(key, field)) return record[key];
  return undefined;
}

function isFieldKey(key: string, field: CandidateField): boolean {
  return FIELD_ALIASES[field].some((alias) => canonical(alias) === canonical(key));
}

/** Sets an own, enumerable property, even for a key named `__proto__`. */
export function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function canonical(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function validRecord(random: SeededRandom, index: number): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const put = (field: CandidateField, value: unknown) =>
    setOwn(record, random.pick(FIELD_ALIASES[field]), value);
  const id = random.int(1, CUSTOMERS);
  put('customerId', random.chance(0.2) ? id : `c-${id}`);
  put('email', random.chance(0.2) ? ` User${id}@Example.COM ` : `user${id}@example.com`);
  put('optIn', random.pick(['yes', 'Y', 'true', true, 1, 'on', 'yes', 'no', false]));
  put('country', random.pick(['US', 'gb', 'DE', 'fr', 'CA', 'AU', 'BR', ' nl ']));
  put('updatedAt', validDate(random));
  if (random.chance(0.8)) put('lastActivityAt', validDate(random));
  put('orderCount', random.chance(0.3) ? String(random.int(0, 60)) : random.int(0, 60));
  put('totalSpend', random.chance(0.3) ? ` ${random.int(0, 90_000) / 100} ` : random.int(0, 900));
  put('sessions30d', random.int(0, 40));
  setOwn(record, random.pick(FIELD_ALIASES.firstName), `clean-${index}`);
  return record;
}

function validDate(random: SeededRandom): unknown {
  const time = FROM + random.int(0, 433) * DAY_MS + random.int(0, DAY_MS - 1);
  const iso = new Date(time).toISOString();
  const [date = '', clock = ''] = iso.split('T');
  const [y, mo, d] = date.split('-');
  switch (random.int(0, 5)) {
    case 0:
      return iso;
    case 1:
      return date;
    case 2:
      return `${mo}/${d}/${y} ${clock.slice(0, 5)}`;
    case 3:
      return time;
    case 4:
      return String(Math.floor(time / 1000));
    default:
      return `${date}T${clock.slice(0, 8)}+02:00`;
  }
}

function corrupt(random: SeededRandom, record: Record<string, unknown>): void {
  const fields = Object.keys(FIELD_ALIASES) as CandidateField[];
  const changes = random.int(1, 3);
  for (let i = 0; i < changes; i++) {
    const field = random.pick(fields);
    const key = random.pick(FIELD_ALIASES[field]);
    const roll = random.next();
    if (roll < 0.5) setOwn(record, key, random.pick(HOSTILE_VALUES));
    else if (roll < 0.65) setOwn(record, key, random.pick(HOSTILE_DATES));
    else if (roll < 0.75) setOwn(record, key, -random.int(1, 1000));
    else if (roll < 0.8) setOwn(record, key, HUGE_STRING);
    else if (roll < 0.9) {
      // No updatedAt under any spelling: ETL's missing-field.
      for (const own of Object.keys(record)) if (isFieldKey(own, 'updatedAt')) delete record[own];
    } else setOwn(record, random.pick(SHADOWING_KEYS), random.pick(HOSTILE_VALUES));
  }
  if (random.chance(0.25)) {
    const payload = { polluted: 'yes', isAdmin: true, prototype: { polluted: 'yes' } };
    setOwn(record, random.pick(DANGEROUS_KEYS), random.chance(0.5) ? payload : 'polluted');
  }
}
