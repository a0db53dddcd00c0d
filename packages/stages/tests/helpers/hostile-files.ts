import type { CandidateField } from '../../src/index.js';
import { type HostileBatch, rawField } from './hostile-records.js';
import type { SeededRandom } from './seeded-random.js';

/** A file body made from a hostile batch, and what ETLStage must account for. */
export interface HostileFile {
  readonly body: Buffer;
  /** The rows or lines ETLStage must count as received. */
  readonly expectedReceived: number;
  /** Markers of the valid records that ETLStage must keep. */
  readonly cleanMarkers: readonly string[];
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const CRLF = Buffer.from('\r\n');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const CSV_COLUMNS: readonly (readonly [string, CandidateField | undefined])[] = [
  ['customer_id', 'customerId'],
  ['Email', 'email'],
  ['opt_in', 'optIn'],
  ['country_code', 'country'],
  ['updated_at', 'updatedAt'],
  ['last_activity', 'lastActivityAt'],
  ['orders', 'orderCount'],
  ['total_spend', 'totalSpend'],
  ['sessions_30d', 'sessions30d'],
  ['first_name', 'firstName'],
  ['last_name', 'lastName'],
  ['__proto__', undefined],
  ['constructor', undefined],
];

/**
 * The batch as a CSV object: a BOM, CRLF line ends, RFC 4180 quoting, lone surrogates written
 * as the invalid UTF-8 bytes they would be, and every item that is not a record written as a
 * one-column row. Rows with too many and too few columns are mixed in, and near the end a row
 * opens a quote that is never closed, so the rows after it are not read (one parse error).
 */
export function hostileCsv(batch: HostileBatch, random: SeededRandom): HostileFile {
  const rows: Buffer[] = [csvRow(CSV_COLUMNS.map(([name]) => name))];
  let received = 0;
  batch.items.forEach((item, index) => {
    if (random.chance(0.04)) {
      const extra = random.chance(0.5) ? 2 : -9;
      rows.push(csvRow(Array.from({ length: CSV_COLUMNS.length + extra }, (_, i) => `col-${i}`)));
      received++;
    }
    rows.push(csvRow(csvCells(item, index)));
    received++;
  });
  // Written raw: csvRow would quote the quote. The row after it is swallowed by the open quote.
  rows.push(Buffer.from('c-unclosed,"never closed, from here on nothing is a row\r\n'));
  rows.push(csvRow(['c-after', 'after@example.com', 'yes', 'US', '2026-03-10']));
  return {
    body: Buffer.concat([UTF8_BOM, ...rows]),
    // Every row before the unclosed quote, plus the parse error that ends the object.
    expectedReceived: received + 1,
    cleanMarkers: [...batch.clean.values()],
  };
}

/**
 * The batch as JSON Lines: one item per line, with lines that are not records mixed in
 * (invalid JSON, arrays, scalars, invalid UTF-8 bytes) and blank lines, which are not counted.
 */
export function hostileJsonLines(batch: HostileBatch, random: SeededRandom): HostileFile {
  const garbage: readonly (string | Buffer)[] = [
    '{not json',
    '{"customer_id": "c-1", "updated_at": ',
    '[1, 2, 3]',
    '[{"customer_id": "c-1"}]',
    '"just a string"',
    'null',
    '42',
    'NaN',
    Buffer.from([0xff, 0xfe, 0xfd]),
    Buffer.concat([
      Buffer.from('{"customer_id":"c-1","first_name":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]),
  ];
  const blanks = ['', '   ', '\t'];
  const lines: Buffer[] = [UTF8_BOM];
  let received = 0;
  for (const item of batch.items) {
    while (random.chance(0.12)) {
      if (random.chance(0.3)) {
        lines.push(Buffer.from(`${random.pick(blanks)}\n`));
        continue;
      }
      const line = random.pick(garbage);
      lines.push(Buffer.isBuffer(line) ? line : Buffer.from(line), Buffer.from('\n'));
      received++;
    }
    lines.push(Buffer.from(`${JSON.stringify(item)}${random.chance(0.2) ? '\r\n' : '\n'}`));
    received++;
  }
  lines.push(Buffer.from('\n\n'));
  return {
    body: Buffer.concat(lines),
    expectedReceived: received,
    cleanMarkers: [...batch.clean.values()],
  };
}

function csvCells(item: unknown, index: number): string[] {
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    return [`item ${index} is not a record: ${JSON.stringify(item)}`];
  const record = item as Record<string, unknown>;
  return CSV_COLUMNS.map(([name, field]) =>
    cellText(field === undefined ? ownValue(record, name) : rawField(record, field)),
  );
}

function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One CSV row with CRLF; a cell with a comma, quote, CR or LF is quoted. */
function csvRow(cells: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  cells.forEach((cell, i) => {
    if (i > 0) parts.push(Buffer.from(','));
    parts.push(wtf8(/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell));
  });
  parts.push(CRLF);
  return Buffer.concat(parts);
}

/** UTF-8, except that a lone surrogate becomes its 3 raw (invalid) bytes, as WTF-8 does. */
function wtf8(text: string): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (const match of text.matchAll(LONE_SURROGATE)) {
    const at = match.index ?? 0;
    const unit = text.charCodeAt(at);
    parts.push(
      Buffer.from(text.slice(from, at), 'utf8'),
      Buffer.from([0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]),
    );
    from = at + 1;
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(parts);
}
