/**
 * A customer-engagement candidate as ETLStage writes it and FilterStage reads and writes it.
 * Filter guarantees `customerId` is a non-empty string; ETL leaves it `null` when the raw
 * record had none, so that Filter can count it as `missing-customer-id`.
 */
export interface CandidateRecord {
  customerId: string | null;
  /** Trimmed and lower-cased. */
  email: string | null;
  optIn: boolean | null;
  /** ISO-3166 alpha-2, upper case. */
  country: string | null;
  /** ISO-8601 UTC: the snapshot time that "keep the latest" compares. */
  updatedAt: string;
  /** ISO-8601 UTC. */
  lastActivityAt: string | null;
  /** Integer >= 0 (frequency). */
  orderCount: number | null;
  /** >= 0, in currency units (monetary). */
  totalSpend: number | null;
  /** Integer >= 0 (sessions). */
  sessions30d: number | null;
  firstName?: string;
  lastName?: string;
}

/** A candidate after ScoreStage: the input record plus its score and the model that gave it. */
export interface ScoredCandidate extends Record<string, unknown> {
  customerId: string;
  /** 0..1, rounded to 6 decimals. */
  score: number;
  modelVersion: string;
}
