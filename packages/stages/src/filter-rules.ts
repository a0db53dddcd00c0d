import * as z from 'zod/mini';
import { isUnset, parseSetting, readJsonSetting } from './config-source.js';
import { StagesEnv } from './stages-env.js';

const countryCode = z.pipe(
  z.string().check(z.regex(/^[A-Za-z]{2}$/, { error: 'must be a two-letter ISO-3166 code' })),
  z.transform((code: string) => code.toUpperCase()),
);

/**
 * The schema of FilterStage's rules (a JSON file, inline JSON or code). Unknown keys are
 * errors. Built with zod/mini, which tree-shakes to a few KB in a Lambda bundle.
 */
export const filterRulesSchema = z.strictObject({
  /** Drop records with no customerId (`missing-customer-id`). @default true */
  requireCustomerId: z._default(z.boolean(), true),
  /** Drop records whose email is missing or malformed (`invalid-email`). @default true */
  requireValidEmail: z._default(z.boolean(), true),
  /** Drop records whose optIn is not true (`not-opted-in`). @default true */
  requireOptIn: z._default(z.boolean(), true),
  /** Countries allowed (`country-not-allowed`); `null` allows any. @default null */
  allowedCountries: z._default(z.nullable(z.array(countryCode)), null),
  /** Keep only the latest `updatedAt` per customerId (`duplicate`). @default true */
  dedupeByCustomerId: z._default(z.boolean(), true),
});

/** FilterStage's eligibility rules, as validated. */
export type FilterRules = z.output<typeof filterRulesSchema>;
/** FilterStage's rules as written: every field may be left out for its default. */
export type FilterRulesInput = z.input<typeof filterRulesSchema>;

/** The built-in rules, the same as `examples/filter-rules.json`. */
export const DEFAULT_FILTER_RULES: FilterRules = Object.freeze({
  requireCustomerId: true,
  requireValidEmail: true,
  requireOptIn: true,
  allowedCountries: Object.freeze([
    'US',
    'CA',
    'GB',
    'IE',
    'DE',
    'FR',
    'NL',
    'ES',
    'IT',
    'AU',
    'NZ',
  ]) as string[],
  dedupeByCustomerId: true,
});

/** Validates rules given in code or JSON; an error names `source` and the field at fault. */
export function parseFilterRules(value: unknown, source: string): FilterRules {
  return parseSetting(source, filterRulesSchema, value);
}

/** The rules from `CEAP_FILTER_RULES` (a path or inline JSON), or the built-in rules when unset. */
export function loadFilterRules(env: NodeJS.ProcessEnv): FilterRules {
  const value = env[StagesEnv.FilterRules];
  if (isUnset(value)) return DEFAULT_FILTER_RULES;
  return parseFilterRules(readJsonSetting(StagesEnv.FilterRules, value), StagesEnv.FilterRules);
}
