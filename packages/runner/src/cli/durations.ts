const UNIT_MS: Readonly<Record<string, number>> = {
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
};

/**
 * An age such as `7d`, `12h` or `30m` (a whole number of 1 or more, then one unit: days, hours
 * or minutes) in milliseconds; undefined for anything else (`7`, `1.5d`, `7 days`, `0d`).
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)([dhm])$/.exec(text);
  const amount = Number(match?.[1]);
  if (!match || !Number.isSafeInteger(amount) || amount < 1) return undefined;
  return amount * (UNIT_MS[match[2] as string] as number);
}
