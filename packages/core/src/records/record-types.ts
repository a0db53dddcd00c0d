/** One record: a JSON object, as a line of JSON Lines. */
export type JsonRecord = Record<string, unknown>;

/** Where an object, or a folder of part files, lives in S3. */
export interface S3Pointer {
  readonly bucket: string;
  readonly key: string;
}

/** A record that a reader or a stage could not accept, with why. Written to rejects.json. */
export interface RecordReject {
  /** Machine-readable reason, e.g. `invalid-json`, `missing-field`. */
  readonly reason: string;
  /** Human-readable detail: the field and what was expected. */
  readonly message?: string;
  /** The field at fault, when one field is. */
  readonly field?: string;
  /** The object the line came from, and its 1-based line number. */
  readonly source?: string;
  readonly line?: number;
  /** The record, when it parsed. */
  readonly record?: unknown;
  /** The raw line, when it did not parse; base64 when it was not UTF-8. */
  readonly raw?: string;
  readonly rawEncoding?: 'utf8' | 'base64';
}

/** Receives each reject as it is found, so nothing is buffered and nothing is lost. */
/** A record a stage dropped on purpose, as `filtered.json` holds it. */
export interface FilteredRecord {
  /** The rule that dropped it, e.g. `not-opted-in`, `duplicate`. */
  readonly reason: string;
  readonly record: unknown;
}

export type RejectSink = (reject: RecordReject) => void;

/**
 * Told each record's size in its source, in bytes (its line, without the line end), so a reader
 * that limits records by size need not serialize them again to measure them.
 */
export type RecordSizeSink = (record: JsonRecord, bytes: number) => void;
