import {
  add,
  type Decimal,
  decimal,
  divideRound,
  formatDecimal,
  multiply,
  roundHalfUp,
  whole,
} from './decimal.js';

/** Amounts are rounded once, per line, to this many decimal places of a dollar (nano-dollars). */
export const AMOUNT_SCALE = 9;

/** One billed item: quantity × unit price = amount. */
export interface CostLine {
  /** `Step Functions`, `Lambda`, `Glue`, `MWAA`. */
  readonly service: string;
  /** What is billed, e.g. `state transitions`, `ETLStage duration`. */
  readonly item: string;
  /** An exact decimal, as text. */
  readonly quantity: string;
  /** e.g. `transition`, `GB-second`, `DPU-hour`, `request`. */
  readonly unit: string;
  /** Dollars per unit, as text (exact). */
  readonly unitPrice: string;
  /** Dollars, rounded half up to nano-dollars, as text. */
  readonly amount: string;
  /** The amount in nano-dollars (10^-9 $): the lines' `amountNanoUsd` add up to the total's. */
  readonly amountNanoUsd: number;
}

/** Lines and their total, with the prices' date and what was assumed. */
export interface CostSummary {
  readonly lines: readonly CostLine[];
  /** The lines' amounts added up, in dollars. */
  readonly total: string;
  readonly totalNanoUsd: number;
  readonly currency: string;
  readonly region: string;
  /** The date the prices were read. */
  readonly pricesAsOf: string;
  /** Prices files applied over the built-in table. */
  readonly pricesFiles: readonly string[];
  /** How each figure was arrived at, where it is an estimate. */
  readonly notes: readonly string[];
}

/** A line of `quantity` units at `unitPrice` dollars each. */
export function costLine(
  service: string,
  item: string,
  quantity: Decimal,
  unit: string,
  unitPrice: Decimal | string,
  /**
   * A price quoted per `divisor` units (Glue's per DPU-hour, for DPU-seconds: 3600): the amount
   * is computed from the quoted price exactly, and the unit price shown is rounded to 12 places.
   */
  divisor = 1n,
): CostLine {
  const price = typeof unitPrice === 'string' ? decimal(unitPrice) : unitPrice;
  const amount = divideRound(multiply(quantity, price), divisor, AMOUNT_SCALE);
  const shown = divisor === 1n ? price : divideRound(price, divisor, 12);
  return {
    service,
    item,
    quantity: formatDecimal(quantity),
    unit,
    unitPrice: formatDecimal(shown),
    amount: formatDecimal(amount, 2),
    amountNanoUsd: Number(amount.units),
  };
}

/** The total of `lines`, exact: the sum of their rounded amounts. */
export function totalOf(lines: readonly CostLine[]): { total: string; totalNanoUsd: number } {
  const sum = lines.reduce<Decimal>(
    (acc, line) => add(acc, { units: BigInt(line.amountNanoUsd), scale: AMOUNT_SCALE }),
    whole(0),
  );
  const rounded = roundHalfUp(sum, AMOUNT_SCALE);
  return { total: formatDecimal(rounded, 2), totalNanoUsd: Number(rounded.units) };
}
