import type { JsonRecord } from '@ceap/core';
import type { CandidateRecord } from './candidate-record.js';
import { type CandidateField, fieldForKey } from './field-aliases.js';
import { EtlRejectReason } from './reject-reasons.js';
import {
  FieldError,
  type Parsed,
  parseAmount,
  parseCountry,
  parseFlag,
  parseTimestamp,
  scalarText,
} from './value-parsers.js';

/** The longest string each text field may hold. */
const MAX_LENGTH = { customerId: 128, email: 254, name: 256 } as const;

/** Why a raw record could not become a candidate. */
export interface NormalizeFailure {
  readonly reason: string;
  readonly field?: string;
  readonly message: string;
}

export type NormalizeResult =
  | { readonly ok: true; readonly record: CandidateRecord }
  | { readonly ok: false; readonly failure: NormalizeFailure };

/**
 * Turns a raw candidate (any alias spelling, strings for numbers, odd date formats) into a
 * {@link CandidateRecord}. Its size is `sourceBytes` (its line) when the reader knew it, else
 * its size as JSON, which also finds a record too deep to serialize. The output is built field by field, never copied from the input,
 * so keys such as `__proto__` or `constructor` in the input are ignored and pollute nothing.
 */
export function normalizeCandidate(
  raw: JsonRecord,
  maxRecordBytes: number,
  sourceBytes?: number,
): NormalizeResult {
  const size = sourceBytes ?? serializedSize(raw);
  if (size === undefined) {
    return fail(
      EtlRejectReason.Unserializable,
      undefined,
      'record cannot be written back as JSON (nested too deeply)',
    );
  }
  if (size > maxRecordBytes) {
    return fail(
      EtlRejectReason.RecordTooLarge,
      undefined,
      `record has ${size} bytes; the limit is ${maxRecordBytes}`,
    );
  }
  const values = pickFields(raw);
  const field = <T>(name: CandidateField, parsed: Parsed<T>): T => {
    if (parsed instanceof FieldError) throw new FieldFailure(name, parsed);
    return parsed;
  };
  try {
    // NFKC, so `Ｃ１` (full-width) and `C1`, or an NFD and an NFC spelling, are one customer.
    const customerId = field(
      'customerId',
      scalarText(nfkc(values.customerId), MAX_LENGTH.customerId),
    );
    const email = field('email', scalarText(values.email, MAX_LENGTH.email));
    const updatedAt = field('updatedAt', parseTimestamp(values.updatedAt));
    if (updatedAt === null) {
      return fail(
        EtlRejectReason.MissingField,
        'updatedAt',
        'updatedAt (or updated_at, event_time) is required',
      );
    }
    const record: CandidateRecord = {
      customerId,
      email: email === null ? null : email.toLowerCase(),
      optIn: field('optIn', parseFlag(values.optIn)),
      country: field('country', parseCountry(values.country)),
      updatedAt,
      lastActivityAt: field('lastActivityAt', parseTimestamp(values.lastActivityAt)),
      orderCount: field('orderCount', parseAmount(values.orderCount, true)),
      totalSpend: field('totalSpend', parseAmount(values.totalSpend, false)),
      sessions30d: field('sessions30d', parseAmount(values.sessions30d, true)),
    };
    const firstName = field('firstName', scalarText(values.firstName, MAX_LENGTH.name));
    const lastName = field('lastName', scalarText(values.lastName, MAX_LENGTH.name));
    if (firstName !== null) record.firstName = firstName;
    if (lastName !== null) record.lastName = lastName;
    return { ok: true, record };
  } catch (error) {
    if (error instanceof FieldFailure)
      return fail(error.error.reason, error.field, `${error.field} ${error.error.message}`);
    throw error;
  }
}

class FieldFailure {
  constructor(
    readonly field: CandidateField,
    readonly error: FieldError,
  ) {}
}

function fail(reason: string, field: string | undefined, message: string): NormalizeResult {
  return {
    ok: false,
    failure: field === undefined ? { reason, message } : { reason, field, message },
  };
}

/** For each field, the value under its best-ranked spelling that is not blank. */
function pickFields(raw: JsonRecord): Partial<Record<CandidateField, unknown>> {
  const picked = new Map<CandidateField, { rank: number; value: unknown }>();
  for (const key of Object.keys(raw)) {
    const match = fieldForKey(key);
    if (!match) continue;
    const [name, rank] = match;
    const value = raw[key];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
      continue;
    const current = picked.get(name);
    if (!current || rank < current.rank) picked.set(name, { rank, value });
  }
  const values: Partial<Record<CandidateField, unknown>> = {};
  for (const [name, { value }] of picked) values[name] = value;
  return values;
}

function nfkc(value: unknown): unknown {
  return typeof value === 'string' ? value.normalize('NFKC') : value;
}

/** The record's size as JSON, or undefined when JSON.stringify cannot write it (too deep). */
export function serializedSize(raw: JsonRecord): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(raw) ?? '', 'utf8');
  } catch {
    return undefined;
  }
}
