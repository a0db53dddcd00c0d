/** One measured figure: a ceap path against the raw baseline that does the same work bare. */
export interface Comparison {
  readonly name: string;
  readonly unit: string;
  readonly baselineName: string;
  readonly baseline: number;
  readonly measured: number;
  readonly detail?: string;
}

/** Runs `fn` `runs` times after one warm-up and returns the median in milliseconds. */
export async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/** Prints the comparisons as a Markdown table, ready for BENCHMARKS.md. */
export function printTable(comparisons: readonly Comparison[]): void {
  const rows = comparisons.map((c) => [
    c.name,
    `${c.baselineName}: ${format(c.baseline)} ${c.unit}`,
    `ceap: ${format(c.measured)} ${c.unit}`,
    `${(c.measured / c.baseline).toFixed(2)}x`,
    c.detail ?? '',
  ]);
  const header = ['benchmark', 'raw baseline', 'ceap', 'ratio', 'detail'];
  const lines = [header, header.map(() => '---'), ...rows].map(
    (cells) => `| ${cells.join(' | ')} |`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}
