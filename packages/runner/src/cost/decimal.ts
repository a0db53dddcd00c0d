/**
 * Exact decimal arithmetic for money and billed quantities: a BigInt mantissa and a count of
 * decimal places. Prices such as $0.0000133334 per GB-second multiplied by thousands of
 * GB-seconds drift in binary floating point; here every line's amount is exact until it is
 * rounded, once, to nano-dollars, so the lines add up to the total to the last digit.
 */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/** Parses `0.0000133334`, `25`, `1.041875e-7` (as JSON numbers print); undefined if not one. */
export function parseDecimal(text: string | number): Decimal | undefined {
  const match = DECIMAL_TEXT.exec(String(text).trim());
  if (!match) return undefined;
  const [, whole = '0', fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  const scale = fraction.length - exponent;
  const digits = BigInt(`${whole}${fraction}`);
  return scale >= 0
    ? { units: digits, scale }
    : { units: digits * 10n ** BigInt(-scale), scale: 0 };
}

/** A decimal from text known to be one (the built-in table); throws otherwise. */
export function decimal(text: string | number): Decimal {
  const parsed = parseDecimal(text);
  if (!parsed) throw new TypeError(`not a decimal: ${text}`);
  return parsed;
}

/** A whole number as a decimal. */
export function whole(value: number | bigint): Decimal {
  return { units: BigInt(value), scale: 0 };
}

function rescale(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** `a / 10^digits`, exact. */
export function shift(a: Decimal, digits: number): Decimal {
  return { units: a.units, scale: a.scale + digits };
}

/** Rounds half up (the values here are never negative) to `scale` places. */
export function roundHalfUp(value: Decimal, scale: number): Decimal {
  if (value.scale <= scale) return { units: rescale(value, scale), scale };
  const divisor = 10n ** BigInt(value.scale - scale);
  return { units: (value.units + divisor / 2n) / divisor, scale };
}

/** Rounds up to a whole number: billing units (100 ms, 64 MB) are charged whole. */
export function ceilWhole(value: Decimal): bigint {
  const divisor = 10n ** BigInt(value.scale);
  return (value.units + divisor - 1n) / divisor;
}

/** The plain decimal text, trailing zeros after the point dropped: `0.000025`, `357.7`. */
export function formatDecimal(value: Decimal, minimumPlaces = 0): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const wholePart = digits.slice(0, digits.length - value.scale);
  let fraction = value.scale > 0 ? digits.slice(digits.length - value.scale) : '';
  fraction = fraction.replace(/0+$/, '').padEnd(minimumPlaces, '0');
  return `${negative ? '-' : ''}${wholePart}${fraction ? `.${fraction}` : ''}`;
}

/** `a / divisor`, rounded half up to `scale` places. */
export function divideRound(a: Decimal, divisor: bigint, scale: number): Decimal {
  const numerator = rescale({ units: a.units, scale: a.scale }, Math.max(a.scale, scale));
  const extra = BigInt(Math.max(a.scale, scale) - scale);
  const denominator = divisor * 10n ** extra;
  return { units: (numerator + denominator / 2n) / denominator, scale };
}
