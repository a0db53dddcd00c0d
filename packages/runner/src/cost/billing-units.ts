import { type Decimal, decimal, multiply, shift, whole } from './decimal.js';
import type { LambdaArchitecture, PriceTable } from './price-table.js';

/** How one Lambda function is sized. */
export interface LambdaSizing {
  readonly memoryMb: number;
  readonly architecture: LambdaArchitecture;
  /** The deployed function, when it was looked up (AWS). */
  readonly functionName?: string;
}

/** DPUs per Glue worker (https://aws.amazon.com/glue/pricing/, worker types). */
export const DPUS_PER_WORKER: Readonly<Record<string, string>> = {
  'G.025X': '0.25',
  'G.1X': '1',
  'G.2X': '2',
  'G.4X': '4',
  'G.8X': '8',
};

/** An Express duration unit: 64 MB for 100 ms, i.e. 0.0625 GB × 0.1 s = 0.00625 GB-second. */
export const EXPRESS_UNIT_GB_SECONDS = decimal('0.00625');

/** The price of one 64 MB × 100 ms unit of Express duration, at the first tier. */
export function expressUnitPrice(prices: PriceTable): Decimal {
  return multiply(decimal(prices.stepFunctions.expressPerGbSecond), EXPRESS_UNIT_GB_SECONDS);
}

/** Express units of one execution: duration rounded up to 100 ms, × 64 MB chunks (one here). */
export function expressUnits(durationMs: number, chunks = 1): number {
  return Math.ceil(Math.max(0, durationMs) / 100) * chunks;
}

/** GB-seconds of `durationMs` at `memoryMb`: exact (1 MB = 1/1024 GB = 0.0009765625 GB). */
export function gbSeconds(memoryMb: number, durationMs: number): Decimal {
  const gb = multiply(whole(memoryMb), decimal('0.0009765625'));
  return multiply(gb, shift(whole(Math.ceil(durationMs)), 3));
}
