#!/usr/bin/env node
// Generates the sample candidates datasets in this folder, deterministically: the same
// arguments always write the same bytes. Plain Node (>= 20), no dependencies.
//
//   node examples/generate-samples.mjs [--out DIR] [--realtime N] [--batch N]
//
// Writes DIR/realtime-input.json ({ "logicalDate", "records": [N raw candidates] }, an SQS
// message body for the realtime workflow) and DIR/batch/candidates-part-01..04.csv (N rows in
// all, for the batch workflow's incoming/dt=2026-03-11/ prefix). Defaults: the folder of this
// script, 1000 and 100000. The data is dirty on purpose, in realistic shares: bad and blank
// emails, missing ids, duplicates with older and newer snapshots, odd date formats
// (MM/DD/YYYY, epoch millis), quoted commas and newlines in names, a BOM, CRLF line ends,
// opt-outs, countries outside the allow-list, unparseable numbers and dates.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LOGICAL_DATE = '2026-03-11';
const LOGICAL_TIME = Date.parse(`${LOGICAL_DATE}T00:00:00Z`);
const DAY = 86_400_000;
const BATCH_FILES = 4;

const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Lucas',
  'Mia',
  'Ethan',
  'Zoë',
  'José',
  'Łukasz',
  'Aoife',
  'Chloé',
  'Mateo',
  'Sofia',
  'Oliver',
  'Amelia',
  'Jack',
  'Isla',
  'Leo',
  'Hannah',
  'Finn',
  'Grace',
  'Sebastián',
  'Ines',
  'Yuki',
  'Priya',
  'Arjun',
  'Fatima',
  'Omar',
  'Ana',
  'Björn',
  'Saoirse',
  'Nia',
];
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'García',
  'Miller',
  'Davis',
  'Martínez',
  'Müller',
  "O'Brien",
  'Nguyen',
  'Kowalski',
  'Rossi',
  'Dubois',
  'Van der Berg',
  'Murphy',
  'Kelly',
  'Schmidt',
  'Fernández',
  'Taylor',
  'Wilson',
  'Anderson',
  'Thomas',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Ó Súilleabháin',
];
const DOMAINS = [
  'example.com',
  'example.org',
  'example.net',
  'example.co.uk',
  'example.de',
  'example.ie',
];
const ALLOWED = [
  'US',
  'US',
  'US',
  'US',
  'CA',
  'GB',
  'GB',
  'IE',
  'DE',
  'FR',
  'NL',
  'ES',
  'IT',
  'AU',
  'NZ',
];
const OUTSIDE = ['BR', 'IN', 'JP', 'MX', 'ZA', 'CN', 'AR', 'KR'];

/** mulberry32: a small, fast, seeded PRNG; the same seed gives the same sequence. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

/** The stable attributes of customer `index` in a pool: the same whoever asks. */
function customer(pool, index) {
  const r = prng(hash(`${pool}:${index}`));
  const first = r.pick(FIRST_NAMES);
  const last = r.pick(LAST_NAMES);
  const local = `${ascii(first).slice(0, 1)}${ascii(last)}${r.int(1, 999)}`
    .toLowerCase()
    .replace(/[^a-z0-9.]/g, '');
  return {
    id: `${pool}${String(index + 1).padStart(7, '0')}`,
    first,
    last,
    email: `${local}@${r.pick(DOMAINS)}`,
    country: r.chance(0.93) ? r.pick(ALLOWED) : r.pick(OUTSIDE),
    optIn: !r.chance(0.15),
    engagement: r.next(),
  };
}

/** One snapshot of a customer: the row-level values, with the dirt this row gets. */
function snapshot(c, r) {
  const e = c.engagement;
  const dirt = r.next();
  const row = {
    id: c.id,
    email: c.email,
    optIn: c.optIn ? 'yes' : 'no',
    country: c.country,
    updatedAt: LOGICAL_TIME - r.int(60_000, 2 * DAY),
    lastActivity: r.chance(0.05)
      ? null
      : LOGICAL_TIME - Math.floor(DAY * 400 * (1 - e) ** 2 * r.next()) - r.int(0, DAY),
    orders: Math.floor(e * e * 40 * r.next() + (r.chance(0.3) ? 0 : 1)),
    spend: null,
    sessions: r.chance(0.04) ? null : Math.floor(e * 30 * r.next()),
    first: c.first,
    last: c.last,
  };
  row.spend = row.orders === 0 ? 0 : Math.round(row.orders * (15 + 120 * r.next()) * 100) / 100;
  if (dirt < 0.01)
    row.id = null; // missing customer id
  else if (dirt < 0.03)
    row.email = r.pick([
      badEmail(c.email),
      'n/a',
      `${c.email.split('@')[0]}@`,
      c.email.replace('@', '@@'),
    ]);
  else if (dirt < 0.035) row.email = null;
  else if (dirt < 0.085)
    row.email = ` ${c.email.toUpperCase()} `; // valid once trimmed and lower-cased
  else if (dirt < 0.115) row.optIn = null;
  else if (dirt < 0.125) row.country = c.country.toLowerCase();
  else if (dirt < 0.13)
    row.country = r.pick(['USA', 'United Kingdom', 'Deutschland']); // not ISO alpha-2
  else if (dirt < 0.14) row.country = null;
  else if (dirt < 0.143) row.orders = r.pick(['n/a', '-3', 'two']);
  else if (dirt < 0.146) row.spend = r.pick(['N/A', '$12.50', '1e999']);
  else if (dirt < 0.148) row.updatedAt = r.pick(['not a date', '2026-13-45', '31/02/2026']);
  else if (dirt < 0.15) row.updatedAt = null;
  else if (dirt < 0.16)
    row.first = `${c.first}, Jr.`; // a comma inside a quoted field
  else if (dirt < 0.161)
    row.first = `${c.first}\n${c.first}`; // a newline inside a quoted field
  else if (dirt < 0.17) row.last = `"${c.last}"`; // quotes inside a quoted field
  return row;
}

function badEmail(email) {
  return email.replace('@', ' at ');
}

/** Dates as different systems write them: mostly ISO, some US, epoch millis, space-separated. */
function formatTime(time, r) {
  if (time === null || typeof time === 'string') return time;
  const iso = new Date(time).toISOString();
  const roll = r.next();
  if (roll < 0.8) return `${iso.slice(0, 19)}Z`;
  if (roll < 0.87) {
    const [y, m, d] = iso.slice(0, 10).split('-');
    return `${m}/${d}/${y} ${iso.slice(11, 16)}`;
  }
  if (roll < 0.93) return String(time);
  if (roll < 0.97) return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  return `${iso.slice(0, 19)}+00:00`;
}

const OPT_IN_WORDS = [
  ['yes', 'no'],
  ['true', 'false'],
  ['1', '0'],
  ['Y', 'N'],
];

const CSV_HEADERS = [
  [
    'customer_id',
    'email',
    'opt_in',
    'country',
    'updated_at',
    'last_activity',
    'orders',
    'total_spend',
    'sessions_30d',
    'first_name',
    'last_name',
  ],
  [
    'cust_id',
    'email_address',
    'marketing_opt_in',
    'country_code',
    'event_time',
    'last_seen',
    'order_count',
    'lifetime_value',
    'sessions',
    'first_name',
    'last_name',
  ],
  [
    'customerID',
    'mail',
    'optin',
    'country',
    'updated_at',
    'last_activity',
    'orders',
    'total_spend',
    'sessions_30d',
    'first_name',
    'last_name',
  ],
  [
    'Customer ID',
    'Email',
    'Opt In',
    'Country Code',
    'Updated At',
    'Last Activity',
    'Orders',
    'Total Spend',
    'Sessions 30d',
    'First Name',
    'Last Name',
  ],
];

function csvField(value) {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function batchFile(fileIndex, rows, poolSize) {
  const r = prng(1000 + fileIndex);
  const words = OPT_IN_WORDS[fileIndex % OPT_IN_WORDS.length];
  const eol = fileIndex === 2 ? '\r\n' : '\n';
  const lines = [CSV_HEADERS[fileIndex].join(',')];
  const first = Math.floor((poolSize * fileIndex) / BATCH_FILES);
  for (let i = 0; i < rows; i++) {
    // Mostly this file's own customers; about 3% are another snapshot of any customer.
    const index = r.chance(0.03)
      ? r.int(0, poolSize - 1)
      : Math.min(poolSize - 1, first + Math.floor((i * poolSize) / (rows * BATCH_FILES)));
    const row = snapshot(customer('C', index), r);
    const optIn = row.optIn === null ? '' : row.optIn === 'yes' ? words[0] : words[1];
    const cells = [
      row.id,
      row.email,
      optIn,
      row.country,
      formatTime(row.updatedAt, r),
      formatTime(row.lastActivity, r),
      row.orders,
      row.spend,
      row.sessions,
      row.first,
      row.last,
    ];
    let line = cells.map(csvField).join(',');
    if (r.chance(0.0005)) line += ',unexpected'; // a row with one column too many
    lines.push(line);
  }
  const text = lines.join(eol) + eol;
  return fileIndex === 0 ? `\uFEFF${text}` : text; // the first file was exported with a BOM
}

const REALTIME_SPELLINGS = [
  {
    id: 'customerId',
    email: 'email',
    optIn: 'optIn',
    country: 'country',
    updatedAt: 'updatedAt',
    lastActivity: 'lastActivityAt',
    orders: 'orderCount',
    spend: 'totalSpend',
    sessions: 'sessions30d',
    first: 'firstName',
    last: 'lastName',
  },
  {
    id: 'customer_id',
    email: 'email_address',
    optIn: 'opt_in',
    country: 'country_code',
    updatedAt: 'updated_at',
    lastActivity: 'last_activity',
    orders: 'orders',
    spend: 'total_spend',
    sessions: 'sessions_30d',
    first: 'first_name',
    last: 'last_name',
  },
  {
    id: 'cust_id',
    email: 'mail',
    optIn: 'marketing_opt_in',
    country: 'country',
    updatedAt: 'event_time',
    lastActivity: 'last_seen',
    orders: 'order_count',
    spend: 'lifetime_value',
    sessions: 'sessions',
    first: 'first_name',
    last: 'last_name',
  },
];

function realtimeInput(count) {
  const r = prng(42);
  const poolSize = Math.max(1, Math.round(count * 0.97));
  const records = [];
  for (let i = 0; i < count; i++) {
    const index = i < poolSize ? i : r.int(0, poolSize - 1); // the last ~3% are later snapshots
    const row = snapshot(customer('R', index), r);
    const names = r.pick(REALTIME_SPELLINGS);
    const asText = r.chance(0.2); // some producers send every value as a string
    const record = {};
    for (const [field, key] of Object.entries(names)) {
      let value = row[field];
      if (field === 'updatedAt' || field === 'lastActivity') value = formatTime(value, r);
      else if (field === 'optIn' && value !== null && !asText) value = value === 'yes';
      else if (asText && typeof value === 'number') value = String(value);
      if (value !== null || r.chance(0.25)) record[key] = value;
    }
    if (r.chance(0.003)) record[names.country] = { code: row.country }; // nested where a scalar belongs
    records.push(record);
  }
  if (count >= 500) {
    records.splice(Math.floor(count / 3), 0, null); // items that are not records
    records.splice(Math.floor((2 * count) / 3), 0, 'customer R0000001 opted in');
  }
  return { logicalDate: LOGICAL_DATE, records };
}

function ascii(text) {
  return text.normalize('NFD').replace(/[^A-Za-z]/g, '');
}

/** FNV-1a: a stable 32-bit seed from a string. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function parseArgs(argv) {
  const options = { out: dirname(fileURLToPath(import.meta.url)), realtime: 1000, batch: 100_000 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--out') options.out = value;
    else if (flag === '--realtime' || flag === '--batch') {
      const count = Number(value);
      if (!Number.isInteger(count) || count < 0)
        throw new Error(`${flag} must be a whole number >= 0, got "${value}"`);
      options[flag.slice(2)] = count;
    } else throw new Error(`unknown option ${flag}; use --out DIR --realtime N --batch N`);
  }
  return options;
}

function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`generate-samples: ${error.message}\n`);
    process.exit(2);
  }
  mkdirSync(join(options.out, 'batch'), { recursive: true });
  writeFileSync(
    join(options.out, 'realtime-input.json'),
    `${JSON.stringify(realtimeInput(options.realtime))}\n`,
  );
  const written = [];
  if (options.batch > 0) {
    const poolSize = Math.max(1, Math.round(options.batch * 0.95));
    for (let f = 0; f < BATCH_FILES; f++) {
      const rows =
        Math.floor(options.batch / BATCH_FILES) + (f < options.batch % BATCH_FILES ? 1 : 0);
      const name = `candidates-part-${String(f + 1).padStart(2, '0')}.csv`;
      writeFileSync(join(options.out, 'batch', name), batchFile(f, rows, poolSize));
      written.push(`${name} (${rows} rows)`);
    }
  }
  process.stderr.write(
    `generate-samples: wrote realtime-input.json (${options.realtime} records)${written.length ? `, ${written.join(', ')}` : ''} to ${options.out}\n`,
  );
}

main();
