/** The fields of a normalized candidate that ETLStage fills from raw records. */
export type CandidateField =
  | 'customerId'
  | 'email'
  | 'optIn'
  | 'country'
  | 'updatedAt'
  | 'lastActivityAt'
  | 'orderCount'
  | 'totalSpend'
  | 'sessions30d'
  | 'firstName'
  | 'lastName';

/**
 * Raw spellings of each field. A raw key matches after lower-casing and dropping everything
 * but letters and digits, so `customer_id`, `customerID`, `Customer ID` and `CUSTOMER-ID` all
 * mean `customerId`. Earlier spellings win when a record carries several.
 */
export const FIELD_ALIASES: Readonly<Record<CandidateField, readonly string[]>> = {
  customerId: ['customerId', 'customer_id', 'cust_id', 'customer'],
  email: ['email', 'email_address', 'mail', 'e_mail'],
  optIn: ['optIn', 'opt_in', 'marketing_opt_in', 'optin', 'consent'],
  country: ['country', 'country_code', 'countryIso'],
  updatedAt: ['updatedAt', 'updated_at', 'event_time', 'snapshot_time'],
  lastActivityAt: ['lastActivityAt', 'last_activity', 'last_seen', 'last_activity_at'],
  orderCount: ['orderCount', 'orders', 'order_count'],
  totalSpend: ['totalSpend', 'total_spend', 'lifetime_value', 'ltv'],
  sessions30d: ['sessions30d', 'sessions_30d', 'sessions'],
  firstName: ['firstName', 'first_name', 'given_name'],
  lastName: ['lastName', 'last_name', 'family_name', 'surname'],
};

/** `Customer_ID` -> `customerid`: the form raw keys are compared in. */
export function canonicalKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Canonical raw key -> [field, rank]; a Map, so keys such as `__proto__` are plain data. */
const KEY_TO_FIELD: ReadonlyMap<string, readonly [CandidateField, number]> = new Map(
  (Object.entries(FIELD_ALIASES) as [CandidateField, readonly string[]][]).flatMap(
    ([field, aliases]) =>
      aliases.map((alias, rank) => [canonicalKey(alias), [field, rank] as const] as const),
  ),
);

/** The candidate field a raw key maps to, and its rank among that field's spellings. */
export function fieldForKey(key: string): readonly [CandidateField, number] | undefined {
  return KEY_TO_FIELD.get(canonicalKey(key));
}
