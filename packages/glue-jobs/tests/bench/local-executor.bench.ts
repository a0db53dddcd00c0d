/**
 * Benchmark (not a test; kept out of `pnpm -r test`): the local Glue executor on the
 * 100,000-record batch sample. Run it with `pnpm --filter @ceap/glue-jobs bench`.
 *
 * The sample (examples/batch/*.csv) is raw ETL input; the executor reads FilterStage output,
 * so this file maps the CSV columns to the normalized record first, with the contract's
 * aliases and no cleaning: dates ETL would have repaired arrive as they are and are rejected.
 * Without the sample, it generates 100,000 normalized records instead.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonRecord } from '@ceap/core';
import { createLocalGlueExecutor } from '../../src/index.js';
import { silentLogger, startTestS3, TEST_BUCKET } from '../helpers/embedded-s3.js';
import { jobArguments } from '../helpers/job-arguments.js';

const SAMPLE_DIR = join(__dirname, '..', '..', '..', '..', 'examples', 'batch');
const RECORDS = 100_000;

const ALIASES: Record<string, string> = {
  customer_id: 'customerId',
  cust_id: 'customerId',
  customerID: 'customerId',
  customerid: 'customerId',
  email_address: 'email',
  mail: 'email',
  opt_in: 'optIn',
  marketing_opt_in: 'optIn',
  optin: 'optIn',
  country_code: 'country',
  updated_at: 'updatedAt',
  event_time: 'updatedAt',
  last_activity: 'lastActivityAt',
  last_seen: 'lastActivityAt',
  orders: 'orderCount',
  order_count: 'orderCount',
  total_spend: 'totalSpend',
  lifetime_value: 'totalSpend',
  sessions_30d: 'sessions30d',
  sessions: 'sessions30d',
  first_name: 'firstName',
  last_name: 'lastName',
};
const NUMERIC = new Set(['orderCount', 'totalSpend', 'sessions30d']);

/** `customer_id`, `customerID` and `Customer ID` all become `customerId`. */
function normalizeColumn(column: string): string {
  const name = column.trim();
  return ALIASES[name] ?? ALIASES[name.toLowerCase().replace(/\s+/g, '_')] ?? name;
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

function sampleRecords(): { source: string; records: JsonRecord[] } | undefined {
  if (!existsSync(SAMPLE_DIR)) return undefined;
  const files = readdirSync(SAMPLE_DIR)
    .filter((name) => name.endsWith('.csv'))
    .sort();
  const records: JsonRecord[] = [];
  for (const file of files) {
    const lines = readFileSync(join(SAMPLE_DIR, file), 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    const header = splitCsvLine(lines[0] ?? '').map(normalizeColumn);
    for (const line of lines.slice(1)) {
      if (line.trim() === '') continue;
      const cells = splitCsvLine(line);
      const record: JsonRecord = {};
      header.forEach((column, index) => {
        const raw = cells[index]?.trim() ?? '';
        const number = Number(raw);
        record[column] =
          raw === '' ? null : NUMERIC.has(column) && Number.isFinite(number) ? number : raw;
      });
      records.push(record);
    }
  }
  return { source: `${files.length} files in examples/batch`, records };
}

function generatedRecords(): JsonRecord[] {
  return Array.from({ length: RECORDS }, (_, i) => ({
    customerId: `C${String((i % 97_000) + 1).padStart(7, '0')}`,
    email: `user${i}@example.com`,
    optIn: true,
    country: 'IE',
    updatedAt: new Date(Date.UTC(2026, 2, 1) + i * 1000).toISOString(),
    lastActivityAt: new Date(Date.UTC(2026, 1, 1) + i * 5000).toISOString(),
    orderCount: i % 12,
    totalSpend: (i % 500) + 0.99,
    sessions30d: i % 31,
  }));
}

describe('bench: local Glue executor', () => {
  it('processes the 100,000-record batch sample', async () => {
    // Arrange
    const sample = sampleRecords();
    const records = sample?.records ?? generatedRecords();
    const s3 = await startTestS3();
    try {
      const args = jobArguments('bench', '2026-03-15');
      await s3.putRecords(args['--inputKey'], records);
      const glue = createLocalGlueExecutor({
        s3: s3.client,
        location: { bucket: TEST_BUCKET },
        logger: silentLogger,
      });

      // Act
      const started = process.hrtime.bigint();
      const run = await glue.run(args);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;

      // Assert
      const { result } = run;
      expect(result.received).toBe(records.length);
      console.log(
        JSON.stringify(
          {
            input: sample?.source ?? `${records.length} generated records`,
            received: result.received,
            records: result.records,
            rejected: result.rejected,
            rejectedBy: result.rejectedBy,
            filteredBy: result.filteredBy,
            outputBytes: result.bytes,
            seconds: Number(seconds.toFixed(2)),
            recordsPerSecond: Math.round(result.received / seconds),
            nodePeakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
            pythonPeakRssMiB: Math.round(Number(result.metrics.pythonPeakRssKiB) / 1024),
            node: process.version,
          },
          null,
          2,
        ),
      );
    } finally {
      await s3.stop();
    }
  });
});
