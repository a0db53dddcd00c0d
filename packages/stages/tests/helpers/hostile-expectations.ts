import { runStage, type StageDefinition, type StageResult } from '@ceap/core';
import { DEFAULT_FILTER_RULES } from '../../src/index.js';
import { parseLines, TEST_BUCKET, type TestS3 } from './embedded-s3.js';
import { nextExecutionId, quietLogger } from './stage-runner.js';

/** One stage of a hostile run: its result, and its output and rejects read back. */
export interface HostileStageRun {
  readonly result: StageResult;
  readonly output: Record<string, unknown>[];
  readonly rejects: Record<string, unknown>[];
}

/**
 * Runs the stages in order on the embedded S3 server, each on the previous result, and reads back
 * what each wrote.
 */
export async function runHostilePipeline(
  s3: TestS3,
  // biome-ignore lint/suspicious/noExplicitAny: every stage's config type differs; only the result matters here.
  stages: readonly StageDefinition<any>[],
  input: unknown,
): Promise<HostileStageRun[]> {
  const executionId = nextExecutionId('hostile');
  const deps = { s3: s3.client, location: { bucket: TEST_BUCKET }, logger: quietLogger, env: {} };
  const runs: HostileStageRun[] = [];
  let next = input;
  for (const stage of stages) {
    const event = { executionId, workflow: 'test', input: next };
    const result = await runStage(stage, event, deps);
    const rejects = result.rejected === 0 ? [] : parseLines(await s3.getText(result.rejectsKey));
    runs.push({ result, output: parseLines(await s3.getText(result.key)), rejects });
    next = result;
  }
  return runs;
}

const ISO_UTC = /^(19\d\d|20\d\d|2100)-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Deliberately looser than FilterStage's own check: a local part, an @ and a dotted domain. */
const LOOSE_EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;
const CANDIDATE_FIELDS = new Set([
  'customerId',
  'email',
  'optIn',
  'country',
  'updatedAt',
  'lastActivityAt',
  'orderCount',
  'totalSpend',
  'sessions30d',
  'firstName',
  'lastName',
]);

const isCount = (v: unknown) => v === null || (Number.isInteger(v) && (v as number) >= 0);
const isAmount = (v: unknown) => v === null || (Number.isFinite(v) && (v as number) >= 0);

/** What an ETL output record must be, whatever the input: each broken rule, named. */
export function candidateViolations(record: Record<string, unknown>): string[] {
  const broken: string[] = [];
  const check = (ok: boolean, rule: string) => {
    if (!ok) broken.push(rule);
  };
  const { customerId, email, optIn, country, updatedAt, lastActivityAt } = record;
  check(
    customerId === null ||
      (typeof customerId === 'string' && customerId === customerId.normalize('NFKC')),
    'customerId is null or NFKC text',
  );
  check(email === null || (typeof email === 'string' && email === email.toLowerCase()), 'email');
  check(optIn === null || typeof optIn === 'boolean', 'optIn is a boolean');
  check(country === null || (typeof country === 'string' && /^[A-Z]{2}$/.test(country)), 'country');
  check(typeof updatedAt === 'string' && ISO_UTC.test(updatedAt), 'updatedAt is ISO UTC');
  check(
    lastActivityAt === null || (typeof lastActivityAt === 'string' && ISO_UTC.test(lastActivityAt)),
    'lastActivityAt is ISO UTC',
  );
  check(isCount(record.orderCount), 'orderCount is a whole number >= 0');
  check(isCount(record.sessions30d), 'sessions30d is a whole number >= 0');
  check(isAmount(record.totalSpend), 'totalSpend is a number >= 0');
  check(
    Object.keys(record).every((key) => CANDIDATE_FIELDS.has(key)),
    'only candidate fields',
  );
  return broken;
}

/** What a record FilterStage kept must be under the shipped rules. */
export function eligibleViolations(record: Record<string, unknown>): string[] {
  const broken: string[] = [];
  const { customerId, email, optIn, country } = record;
  if (typeof customerId !== 'string' || customerId === '') broken.push('has a customerId');
  if (typeof email !== 'string' || !LOOSE_EMAIL.test(email)) broken.push('has a valid email');
  if (optIn !== true) broken.push('opted in');
  const allowed = DEFAULT_FILTER_RULES.allowedCountries ?? [];
  if (typeof country !== 'string' || !allowed.includes(country)) broken.push('country allowed');
  return broken;
}

function accountingViolations({ result, rejects }: HostileStageRun, upstream?: StageResult) {
  const broken: string[] = [];
  const total = (counts: Readonly<Record<string, number>>) =>
    Object.values(counts).reduce((sum, n) => sum + n, 0);
  if (result.received !== result.records + result.rejected + result.filtered)
    broken.push('received = records + rejected + filtered');
  if (total(result.rejectedBy) !== result.rejected) broken.push('rejectedBy sums to rejected');
  if (total(result.filteredBy) !== result.filtered) broken.push('filteredBy sums to filtered');
  if (rejects.length !== result.rejected) broken.push('one rejects line per reject');
  if (rejects.some((r) => typeof r.reason !== 'string' || r.reason === ''))
    broken.push('every reject has a reason');
  if (upstream && result.received !== upstream.records) broken.push('received = upstream records');
  return broken.map((rule) => `${result.stage}: ${rule}`);
}

/**
 * Everything the hostile suite expects of a run of ETL, Filter, Score (and more), as a list of
 * broken rules with a count each: empty when the stages hold. The mutation checks weaken a stage
 * and assert that this list is then not empty.
 */
export function hostileViolations(runs: readonly HostileStageRun[]): Record<string, number> {
  const found: Record<string, number> = {};
  const note = (rule: string) => {
    found[rule] = (found[rule] ?? 0) + 1;
  };
  runs.forEach((run, index) => {
    for (const rule of accountingViolations(run, runs[index - 1]?.result)) note(rule);
  });
  const [etl, filter, score] = runs;
  for (const record of etl?.output ?? [])
    for (const rule of candidateViolations(record)) note(`ETLStage: ${rule}`);
  const ids = new Set<unknown>();
  for (const record of filter?.output ?? []) {
    for (const rule of eligibleViolations(record)) note(`FilterStage: ${rule}`);
    if (ids.has(record.customerId)) note('FilterStage: one record per customer');
    ids.add(record.customerId);
  }
  for (const record of score?.output ?? []) {
    const s = record.score;
    if (typeof s !== 'number' || !(s >= 0 && s <= 1)) note('ScoreStage: score in 0..1');
  }
  return found;
}
