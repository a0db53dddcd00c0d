import { createHash } from 'node:crypto';
import type { ScoredCandidate } from './candidate-record.js';

/** The `DetailType` of the event ReactiveStage emits. */
export const CANDIDATE_QUALIFIED = 'CandidateQualified';

/** The `Source` of the events unless `CEAP_EVENT_SOURCE` says otherwise. */
export const DEFAULT_EVENT_SOURCE = 'ceap.candidates';

/** The `detail` of a `CandidateQualified` event. */
export interface CandidateQualifiedDetail {
  readonly customerId: string;
  readonly score: number;
  readonly threshold: number;
  readonly modelVersion: string | null;
  readonly country: string | null;
  readonly logicalDate: string;
  readonly executionId: string;
  readonly workflow: string;
  /**
   * The same for the same customer in the same logical input (the run key), whatever the
   * execution: consumers drop the duplicates that a retried stage, a redelivered message or a
   * rerun of the same day sends (delivery is at least once).
   */
  readonly idempotencyKey: string;
}

/** An event as EventBridge delivers it to targets (and as `events.json` stores it). */
export interface CandidateEvent {
  readonly source: string;
  readonly 'detail-type': typeof CANDIDATE_QUALIFIED;
  readonly time: string;
  readonly detail: CandidateQualifiedDetail;
}

/** What an event says about the run it came from. */
export interface EventRun {
  readonly executionId: string;
  readonly workflow: string;
  readonly logicalDate: string;
  /** The identity of the run's logical input, shared by every execution of it. */
  readonly runKey: string;
  readonly threshold: number;
  readonly source: string;
  readonly time: string;
}

/** Builds the `CandidateQualified` event for one scored candidate. Carries no email or name. */
export function candidateQualified(record: ScoredCandidate, run: EventRun): CandidateEvent {
  return {
    source: run.source,
    'detail-type': CANDIDATE_QUALIFIED,
    time: run.time,
    detail: {
      customerId: record.customerId,
      score: record.score,
      threshold: run.threshold,
      modelVersion: typeof record.modelVersion === 'string' ? record.modelVersion : null,
      country: typeof record.country === 'string' ? record.country : null,
      logicalDate: run.logicalDate,
      executionId: run.executionId,
      workflow: run.workflow,
      idempotencyKey: createHash('sha256')
        .update(`${run.workflow}\n${run.runKey}\n${record.customerId}`)
        .digest('hex')
        .slice(0, 32),
    },
  };
}
