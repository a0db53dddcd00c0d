/**
 * Field names whose values identify a person: emails, phone numbers and names. Matched on the
 * name alone (`email`, `contactEmail`, `phone_number`, `mobile`, `firstName`, `surname`, …), so
 * a preview hides them whatever the workflow calls its fields.
 */
const PERSONAL_FIELD = /e-?mail|phone|mobile|msisdn|(^|[^a-z])tel($|[^a-z])|name$|surname/i;

/** Field names that look personal but name a thing, not a person. */
const NOT_PERSONAL = /^(stage|step|workflow|job|file|bucket|key|host|event|field)_?name$/i;

/** What a masked value shows. */
export const MASKED = '•••';

/** True for a field whose value a preview masks. */
export function isPersonalField(name: string): boolean {
  return PERSONAL_FIELD.test(name) && !NOT_PERSONAL.test(name);
}

/**
 * A copy of `value` with the value of every personal field replaced by {@link MASKED}, at any
 * depth (a reject's `record`, a log line's bindings). A value that is null stays null, so the
 * preview still shows which fields were empty.
 */
export function maskRecord<T>(value: T): T {
  return mask(value) as T;
}

function mask(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mask);
  if (typeof value !== 'object' || value === null) return value;
  const masked: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    masked[key] =
      isPersonalField(key) && field !== null && typeof field !== 'object' ? MASKED : mask(field);
  }
  return masked;
}
