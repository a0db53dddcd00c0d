/**
 * The messages a load test sends: SQS bodies in the shape the realtime workflow's queue takes
 * (`{ records: [...] }`, as examples/realtime-input.json), each with one candidate that ETL
 * reads without a reject and Filter keeps (a unique customer id, a valid email, opted in, an
 * allowed country), and the test's `testRunId`, so its runs and records can be told apart.
 */
export function loadMessageBody(testRunId: string, index: number, now: Date): string {
  const id = `${testRunId}-${String(index).padStart(5, '0')}`;
  const record = {
    customerId: `L-${id}`,
    email: `load.${index}@example.com`,
    optIn: true,
    country: 'US',
    updatedAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    lastActivityAt: new Date(now.getTime() - (index % 90) * 86_400_000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
    orderCount: 1 + (index % 7),
    totalSpend: 20 + (index % 50) * 3.5,
    sessions30d: index % 20,
    firstName: 'Load',
    lastName: `Test${index}`,
  };
  return JSON.stringify({ testRunId, records: [record] });
}

/** Records in each message. */
export const RECORDS_PER_MESSAGE = 1;

/** A test run id: `load-{YYYYMMDDTHHMMSS}-{4 hex}`, valid in execution names and S3 keys. */
export function newTestRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `load-${stamp}-${Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0')}`;
}

/** The p-th percentile (0-100) of sorted values, by the nearest-rank method. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}
