import type { JsonRecord } from '@ceap/core';
import type { FeatureValues, ScoreModel } from './score-model.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A feature that is present but unusable: its field and what is wrong. */
export class FeatureError {
  constructor(
    readonly field: string,
    readonly message: string,
  ) {}
}

/**
 * The model's features from a record: recency from `recencyDays` (HeavyETLStage output) or
 * from `lastActivityAt` and the logical date; frequency from `frequency` or `orderCount`;
 * monetary from `monetary` or `totalSpend`; sessions from `sessions30d`. An absent feature
 * takes the model's `missing` value (else 0).
 */
export function extractFeatures(
  record: JsonRecord,
  logicalDate: string,
  model: ScoreModel,
): FeatureValues | FeatureError {
  const recency = record.recencyDays ?? daysSince(record.lastActivityAt, logicalDate);
  if (recency instanceof FeatureError) return recency;
  const values = {
    recency: [record.recencyDays === undefined ? 'lastActivityAt' : 'recencyDays', recency],
    frequency: pick(record, 'frequency', 'orderCount'),
    monetary: pick(record, 'monetary', 'totalSpend'),
    sessions: ['sessions30d', record.sessions30d],
  } as const;
  const features = { recency: 0, frequency: 0, monetary: 0, sessions: 0 };
  for (const name of ['recency', 'frequency', 'monetary', 'sessions'] as const) {
    const [field, value] = values[name];
    if (value === undefined || value === null) {
      features[name] = model.missing[name] ?? 0;
    } else if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      features[name] = value;
    } else {
      return new FeatureError(
        field,
        `${field} must be a finite number >= 0 for feature ${name}, got ${JSON.stringify(value)}`,
      );
    }
  }
  return features;
}

/**
 * Whole calendar days from the day of `lastActivityAt` (UTC) to the logical date; 0 when the
 * activity is on or after the logical date; null when there is no activity.
 */
export function daysSince(
  lastActivityAt: unknown,
  logicalDate: string,
): number | null | FeatureError {
  if (lastActivityAt === undefined || lastActivityAt === null) return null;
  const time = typeof lastActivityAt === 'string' ? Date.parse(lastActivityAt) : Number.NaN;
  if (Number.isNaN(time)) {
    return new FeatureError(
      'lastActivityAt',
      `lastActivityAt must be an ISO-8601 timestamp, got ${JSON.stringify(lastActivityAt)}`,
    );
  }
  const activityDay = Math.floor(time / DAY_MS);
  const logicalDay = Math.floor(Date.parse(`${logicalDate}T00:00:00Z`) / DAY_MS);
  return Math.max(0, logicalDay - activityDay);
}

function pick(record: JsonRecord, field: string, fallback: string): readonly [string, unknown] {
  const value = record[field];
  return value === undefined || value === null ? [fallback, record[fallback]] : [field, value];
}
