/** One measured figure: a ceap path against the raw baseline that does the same work bare. */
export interface Comparison {
  readonly name: string;
  readonly unit: string;
  readonly baselineName: string;
  readonly baseline: number;
  readonly measured: number;
  readonly detail?: string;
}

/**
 * Runs each function `runs` times after one warm-up, interleaved (a, b, c, a, b, c, …) so that
 * a change in the machine's load affects all of them alike, and returns each median in ms.
 */
export async function interleavedMediansMs(
  runs: number,
  fns: readonly (() => Promise<unknown>)[],
): Promise<number[]> {
  for (const fn of fns) await fn();
  const times: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [index, fn] of fns.entries()) {
      const start = process.hrtime.bigint();
      await fn();
      times[index]?.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return times.map((series) => {
    series.sort((a, b) => a - b);
    return series[Math.floor(series.length / 2)] as number;
  });
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
