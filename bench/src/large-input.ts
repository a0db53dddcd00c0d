const COUNTRIES = ['US', 'CA', 'GB', 'IE', 'DE', 'FR'];

/**
 * A candidate of a large input: every customer appears twice on average, in two snapshots far
 * apart in the input, so a dedupe must remember about half as many customers as records.
 */
function snapshot(i: number, customers: number): Record<string, unknown> {
  const customer = i % customers;
  return {
    customerId: `C${String(customer).padStart(9, '0')}`,
    email: `user${customer}@example.com`,
    optIn: i % 11 !== 0,
    country: COUNTRIES[customer % COUNTRIES.length],
    updatedAt: new Date(Date.UTC(2026, 10, 1) + ((i * 7919) % 2_592_000) * 1000).toISOString(),
    lastActivityAt: '2026-11-18T08:30:00.000Z',
    orderCount: i % 17,
    totalSpend: (i % 1000) * 1.25,
    sessions30d: i % 40,
    firstName: 'Alexandra',
    lastName: 'Fitzgerald-Smith',
  };
}

/** About `bytes` of snapshots, and how many customers they hold. */
export function largeInput(bytes: number): {
  records: number;
  generate: () => AsyncGenerator<Record<string, unknown>>;
} {
  const perRecord = JSON.stringify(snapshot(0, 1)).length + 1;
  const records = Math.ceil(bytes / perRecord);
  const customers = Math.ceil(records / 2);
  return {
    records,
    async *generate() {
      for (let i = 0; i < records; i++) yield snapshot(i, customers);
    },
  };
}
