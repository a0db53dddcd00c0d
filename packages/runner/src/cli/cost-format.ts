import type { RunnerClient } from '../client/runner-client.js';
import type { CostSummary } from '../cost/cost-lines.js';
import { loadPrices } from '../cost/prices-file.js';
import { cliName } from './cli-name.js';
import { renderTable } from './table.js';

/** A cost's lines as a table, its total, and its notes, for `cost` and `load`. */
export function costText(summary: CostSummary, title: string): string {
  const places = Math.max(2, ...summary.lines.map((line) => decimalPlaces(line.amount)));
  const rows = summary.lines.map((line) => [
    line.service,
    line.item,
    line.quantity,
    line.unit,
    `$${line.unitPrice}`,
    `$${padPlaces(line.amount, places)}`,
  ]);
  const table = renderTable(
    [
      { title: 'SERVICE' },
      { title: 'ITEM' },
      { title: 'QUANTITY', align: 'right' },
      { title: 'UNIT' },
      { title: 'UNIT PRICE', align: 'right' },
      { title: 'AMOUNT', align: 'right' },
    ],
    rows,
  );
  const files = summary.pricesFiles.length ? `, with ${summary.pricesFiles.join(', ')}` : '';
  return [
    title,
    ...table,
    `Total: $${padPlaces(summary.total, places)} (${summary.currency}, ${summary.region} prices of ${summary.pricesAsOf}${files})`,
    ...summary.notes.map((note) => `  - ${note}`),
    '',
  ].join('\n');
}

/** What `status` shows of the cost: the total, and where its prices come from. */
export interface CostBrief {
  readonly total: string;
  readonly totalNanoUsd: number;
  readonly currency: string;
  readonly pricesAsOf: string;
}

/**
 * The execution's cost for `status`, or undefined when it cannot be priced (still running, run
 * before usage was recorded, a prices file or an AWS call that fails): status reports the run
 * either way, and `ceap cost ID` says why.
 */
export async function costBrief(
  client: RunnerClient,
  executionId: string,
): Promise<CostBrief | undefined> {
  try {
    const cost = await client.cost(executionId, await loadPrices(undefined));
    const { total, totalNanoUsd, currency, pricesAsOf } = cost;
    return { total, totalNanoUsd, currency, pricesAsOf };
  } catch {
    return undefined;
  }
}

/** The one line `status` prints. */
export function costBriefLine(brief: CostBrief, executionId: string): string {
  return `Cost: $${brief.total} (${brief.currency}, prices of ${brief.pricesAsOf}; ${cliName()} cost ${executionId} for the lines)\n`;
}

function decimalPlaces(text: string): number {
  return text.split('.')[1]?.length ?? 0;
}

/** Pads an amount's decimals so that a column of amounts lines up on the point. */
function padPlaces(text: string, places: number): string {
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(places, '0')}`;
}
