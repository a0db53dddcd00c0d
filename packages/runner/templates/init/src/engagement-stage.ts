import { defineStage } from '@ceap/core';

/** Sessions in the last 30 days from which a candidate counts as engaged. */
export const ENGAGED_SESSIONS = 5;

/**
 * This project's own stage: tags each candidate `engaged` by its sessions in the last 30 days.
 * A record without a usable `sessions30d` is rejected with its reason: it goes to the step's
 * rejects.json and is counted, and the run goes on.
 */
export const engagementStage = defineStage({
  name: 'EngagementStage',
  async *transform(records, context) {
    for await (const record of records) {
      const sessions = record.sessions30d;
      if (typeof sessions !== 'number' || sessions < 0) {
        context.reject('missing-sessions', {
          record,
          field: 'sessions30d',
          message: `sessions30d must be a number >= 0, got ${JSON.stringify(sessions)}`,
        });
        continue;
      }
      yield { ...record, engaged: sessions >= ENGAGED_SESSIONS };
    }
  },
});
