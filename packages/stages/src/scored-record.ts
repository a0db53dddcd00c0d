import type { JsonRecord } from '@ceap/core';
import type { ScoredCandidate } from './candidate-record.js';

/** True for a record ScoreStage produced: a customerId string and a score in 0..1. */
export function isScored(record: JsonRecord): record is ScoredCandidate {
  const { customerId, score } = record;
  return (
    typeof customerId === 'string' &&
    customerId !== '' &&
    typeof score === 'number' &&
    score >= 0 &&
    score <= 1
  );
}

/** Why a record is not a scored candidate, for a reject message. */
export function notScoredMessage(record: JsonRecord): string {
  if (typeof record.customerId !== 'string' || record.customerId === '')
    return 'customerId must be a non-empty string';
  return `score must be a number in 0..1, got ${JSON.stringify(record.score ?? null)}`;
}

/** The field a {@link notScoredMessage} is about. */
export function notScoredField(record: JsonRecord): string {
  return typeof record.customerId !== 'string' || record.customerId === '' ? 'customerId' : 'score';
}
