import { defineStage, type JsonRecord, type StageContext, type StageDefinition } from '@ceap/core';
import {
  type FilterRules,
  type FilterRulesInput,
  loadFilterRules,
  parseFilterRules,
} from './filter-rules.js';
import { LatestPerKey } from './latest-per-key.js';
import { FilterReason, FilterRejectReason } from './reject-reasons.js';
import { StageName } from './stage-names.js';

/** Options for {@link createFilterStage}. */
export interface FilterStageOptions {
  /** Rules in code. @default `CEAP_FILTER_RULES`, else `DEFAULT_FILTER_RULES` */
  readonly rules?: FilterRulesInput;
  /** Customers kept in memory before dedupe spills to local disk. @default IN_MEMORY_KEYS */
  readonly dedupeKeysInMemory?: number;
}

/** A pragmatic address check: one @, no spaces, a dotted domain with a letter TLD. */
const EMAIL =
  /^[^\s@"(),:;<>[\\\]]{1,64}@(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Creates FilterStage: drops candidates that are not eligible (missing customer id, invalid
 * email, not opted in, country outside the allow-list) and, by default, keeps only the latest
 * `updatedAt` per customer. Each dropped record is counted by reason. With dedupe on, the
 * latest record per customer is kept until the input ends, as JSON text in memory up to
 * `dedupeKeysInMemory` customers and then flushed to hash partitions on local disk, so memory
 * stays bounded whatever the input's size and however many customers it holds.
 *
 * @example
 * const filter = createFilterStage({ rules: { allowedCountries: ['US', 'CA'], requireOptIn: false } });
 */
export function createFilterStage(options: FilterStageOptions = {}): StageDefinition<FilterRules> {
  const rules =
    options.rules === undefined
      ? undefined
      : parseFilterRules(options.rules, 'createFilterStage options.rules');
  return defineStage<FilterRules>({
    name: StageName.Filter,
    description: 'Keeps eligible candidates and the latest snapshot per customer',
    loadConfig: (env) => rules ?? loadFilterRules(env),
    async *transform(records, ctx) {
      const allowed =
        ctx.config.allowedCountries === null ? null : new Set(ctx.config.allowedCountries);
      const latest = new LatestPerKey(options.dedupeKeysInMemory, (record) =>
        ctx.filter(FilterReason.Duplicate, { record }),
      );
      try {
        for await (const record of records) {
          const reason = ineligibility(record, ctx.config, allowed);
          if (reason !== undefined) {
            ctx.filter(reason, { record });
            continue;
          }
          // Without a customer id (when that rule is off) there is nothing to dedupe on.
          if (!ctx.config.dedupeByCustomerId || typeof record.customerId !== 'string') {
            yield record;
            continue;
          }
          const time = Date.parse(String(record.updatedAt));
          if (Number.isNaN(time)) rejectUpdatedAt(record, ctx);
          // On equal updatedAt the record read later wins: it is the newer delivery.
          else await latest.offer(record.customerId, time, record);
        }
      } catch (error) {
        latest.discard();
        throw error;
      }
      let customers = 0;
      for await (const record of latest.winners()) {
        customers++;
        yield record;
      }
      ctx.metric('customers', customers);
    },
  });
}

/** FilterStage with rules from `CEAP_FILTER_RULES`, or the built-in rules. */
export const filterStage: StageDefinition<FilterRules> = createFilterStage();

/** The first rule a record fails, or undefined when it is eligible. */
function ineligibility(
  record: JsonRecord,
  rules: FilterRules,
  allowed: ReadonlySet<string> | null,
): string | undefined {
  const { customerId, email, optIn, country } = record;
  if (rules.requireCustomerId && (typeof customerId !== 'string' || customerId.trim() === ''))
    return FilterReason.MissingCustomerId;
  if (rules.requireValidEmail && (typeof email !== 'string' || !EMAIL.test(email)))
    return FilterReason.InvalidEmail;
  if (rules.requireOptIn && optIn !== true) return FilterReason.NotOptedIn;
  if (allowed !== null && (typeof country !== 'string' || !allowed.has(country.toUpperCase())))
    return FilterReason.CountryNotAllowed;
  return undefined;
}

function rejectUpdatedAt(record: JsonRecord, ctx: StageContext<FilterRules>): void {
  ctx.reject(FilterRejectReason.InvalidUpdatedAt, {
    record,
    field: 'updatedAt',
    message: `updatedAt must be an ISO-8601 timestamp to keep the latest per customer, got ${JSON.stringify(record.updatedAt)}`,
  });
}
