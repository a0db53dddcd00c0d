/**
 * Why ETLStage rejects a record (written to `rejects.json` and counted in `rejectedBy`).
 * Lines of a JSON Lines input that are not records are rejected by the reader in `@ceap/core`
 * as `invalid-json`, `not-an-object`, `invalid-utf8` or `line-too-long`.
 */
export const EtlRejectReason = {
  /** An inline `records` item (or a parsed line) that is not a JSON object. */
  NotAnObject: 'not-an-object',
  /** The raw record is larger than `maxRecordBytes`. */
  RecordTooLarge: 'record-too-large',
  /**
   * A record JSON.stringify cannot write (nested thousands of levels deep); the reject keeps
   * only its top-level keys, so one such record cannot fail the run.
   */
  Unserializable: 'unserializable',
  /** A field holds bytes that are not UTF-8, or a string with a lone surrogate. */
  InvalidUtf8: 'invalid-utf8',
  /** An object or array where a scalar is expected. */
  InvalidType: 'invalid-type',
  /** Not a finite number, negative, or not an integer where one is required. */
  InvalidNumber: 'invalid-number',
  /** Not a date in a recognised format, or outside 1900-2100. */
  InvalidDate: 'invalid-date',
  /** Not one of yes/no/true/false/y/n/1/0. */
  InvalidBoolean: 'invalid-boolean',
  /** Not a two-letter ISO-3166 country code. */
  InvalidCountry: 'invalid-country',
  /** A string longer than the field allows. */
  FieldTooLong: 'field-too-long',
  /** A required field (`updatedAt`) is missing. */
  MissingField: 'missing-field',
  /** A CSV row whose number of columns differs from the header. */
  CsvColumnCount: 'csv-column-count',
  /** CSV that cannot be parsed (an unclosed quote); the rest of that object is not read. */
  CsvParseError: 'csv-parse-error',
  /** A CSV header that names one column twice (after case and punctuation are ignored). */
  CsvDuplicateHeader: 'csv-duplicate-header',
  /** A JSON Lines line that is not JSON. */
  InvalidJson: 'invalid-json',
  /** A JSON Lines line longer than 8 MiB. */
  LineTooLong: 'line-too-long',
  /** gzip data that is corrupt, or UTF-16 text that is not valid; the rest of the object is not read. */
  InvalidEncoding: 'invalid-encoding',
  /** A gzip, UTF-16 or JSON-array object that decodes to more than 64 MiB; it is not read. */
  ObjectTooLarge: 'object-too-large',
  /** An object under the input prefix whose extension is not .csv, .json, .jsonl or .ndjson. */
  UnsupportedFormat: 'unsupported-format',
} as const;

/** Why FilterStage drops a record (counted in `filteredBy`; not written anywhere). */
export const FilterReason = {
  MissingCustomerId: 'missing-customer-id',
  InvalidEmail: 'invalid-email',
  NotOptedIn: 'not-opted-in',
  CountryNotAllowed: 'country-not-allowed',
  /** An older snapshot of a customer that also appears with a later `updatedAt`. */
  Duplicate: 'duplicate',
} as const;

/** Why FilterStage rejects a record: it is not an ETL candidate record. */
export const FilterRejectReason = {
  InvalidUpdatedAt: 'invalid-updated-at',
} as const;

/** Why ScoreStage rejects a record. */
export const ScoreRejectReason = {
  /** A feature is present but not a finite number >= 0, or a date that cannot be read. */
  InvalidFeature: 'invalid-feature',
} as const;

/** Why StoreStage and ReactiveStage reject a record. */
export const ScoredRecordRejectReason = {
  /** The record has no `customerId` string or no `score` in 0..1: it was not scored. */
  NotScored: 'not-scored',
  /** ReactiveStage: the event built from the record is larger than EventBridge accepts. */
  EventTooLarge: 'event-too-large',
} as const;
