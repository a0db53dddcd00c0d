import { type CostLine, costLine, totalOf } from './cost-lines.js';
import { decimal, multiply, whole } from './decimal.js';
import type { PriceTable } from './price-table.js';

/**
 * A month of the smallest standard MWAA environment (`mwaa.environmentClass`, mw1.small) left
 * on, as Airflow needs its scheduler and web server running whether or not DAGs run: the
 * environment's hours (its two schedulers and one worker included) plus any scheduler or worker
 * beyond those, none here. That is AWS's always-on floor of about $350 a month, before the
 * metadata database's storage and any worker that autoscaling adds.
 */
export function mwaaLines(prices: PriceTable): {
  lines: CostLine[];
  total: string;
  totalNanoUsd: number;
  notes: string[];
} {
  const mwaa = prices.mwaa;
  const hours = decimal(mwaa.hoursPerMonth);
  const extra = whole(0);
  const lines = [
    costLine(
      'MWAA',
      `${mwaa.environmentClass} environment (${mwaa.includedSchedulers} schedulers, ${mwaa.includedWorkers} worker included)`,
      hours,
      'environment-hour',
      mwaa.environmentPerHour,
    ),
    costLine(
      'MWAA',
      'additional schedulers',
      multiply(extra, hours),
      'scheduler-hour',
      mwaa.additionalSchedulerPerHour,
    ),
    costLine(
      'MWAA',
      'additional workers',
      multiply(extra, hours),
      'worker-hour',
      mwaa.additionalWorkerPerHour,
    ),
  ];
  return {
    lines,
    ...totalOf(lines),
    notes: [
      `MWAA: always on for a month (${mwaa.hoursPerMonth} hours, AWS's monthly convention) whatever the number of runs; metadata database storage and autoscaled workers not included`,
    ],
  };
}
